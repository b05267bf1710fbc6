using System.Collections.Generic;
using System.Text;

namespace AgentBay.Generators.Spec.Syntax
{
    /// <summary>
    /// Recursive-descent JSON parser. Recursion is bounded by the 64-level nesting limit, so hostile input
    /// (10,000 '[') ends in an error, not a stack overflow. Strings without escapes are one Substring.
    /// </summary>
    internal sealed class JsonParser
    {
        private readonly string _text;
        private readonly SpecLineMap _lines;
        private int _pos;
        private int _depth;
        private StringBuilder? _builder;

        public JsonParser(string text, SpecLineMap lines)
        {
            _text = text;
            _lines = lines;
        }

        public SpecNode ParseDocument()
        {
            // RFC 8259 lets a parser ignore a byte order mark; editors sometimes leave one.
            if (_text.Length > 0 && _text[0] == '\uFEFF')
            {
                _pos = 1;
            }

            SkipWhitespace();
            SpecNode root = ParseValue();
            SkipWhitespace();
            if (_pos < _text.Length)
            {
                Fail("unexpected " + SpecMessages.Describe(_text, _pos) + " after the JSON value", _pos, _pos + 1);
            }

            return root;
        }

        private SpecNode ParseValue()
        {
            if (_pos >= _text.Length)
            {
                Fail("expected a JSON value, found the end of the file", _pos, _pos);
            }

            char c = _text[_pos];
            switch (c)
            {
                case '{':
                    return ParseObject();
                case '[':
                    return ParseArray();
                case '"':
                    return ParseString();
                case 't':
                case 'f':
                case 'n':
                    return ParseLiteral();
                default:
                    if (c == '-' || (c >= '0' && c <= '9'))
                    {
                        return ParseNumber();
                    }

                    Fail("expected a JSON value, found " + SpecMessages.Describe(_text, _pos), _pos, _pos + 1);
                    return null!;
            }
        }

        private SpecMapping ParseObject()
        {
            int open = _pos;
            SpecPosition start = _lines.GetPosition(open);
            Enter(open);
            _pos++;
            var entries = new List<SpecMappingEntry>();
            SkipWhitespace();
            if (Peek() == '}')
            {
                _pos++;
            }
            else
            {
                while (true)
                {
                    ExpectMore(open, "object", '}');
                    if (_text[_pos] != '"')
                    {
                        Fail("expected a string key in a JSON object, found " + SpecMessages.Describe(_text, _pos), _pos, _pos + 1);
                    }

                    SpecScalar key = ParseString();
                    SkipWhitespace();
                    ExpectMore(open, "object", '}');
                    if (_text[_pos] != ':')
                    {
                        Fail("expected ':' after object key " + SpecMessages.Quote(key.Value), _pos, _pos + 1);
                    }

                    _pos++;
                    SkipWhitespace();
                    SpecNode value = ParseValue();
                    entries.Add(new SpecMappingEntry(key, value));
                    SkipWhitespace();
                    ExpectMore(open, "object", '}');
                    char c = _text[_pos++];
                    if (c == '}')
                    {
                        break;
                    }

                    if (c != ',')
                    {
                        Fail("expected ',' or '}' after an object member, found " + SpecMessages.Describe(_text, _pos - 1), _pos - 1, _pos);
                    }

                    SkipWhitespace();
                    if (Peek() == '}')
                    {
                        Fail("a JSON object cannot end with a trailing comma", _pos - 1, _pos);
                    }
                }
            }

            _depth--;
            return new SpecMapping(entries.ToArray(), _lines.GetRange(start, _pos));
        }

        private SpecSequence ParseArray()
        {
            int open = _pos;
            SpecPosition start = _lines.GetPosition(open);
            Enter(open);
            _pos++;
            var items = new List<SpecNode>();
            SkipWhitespace();
            if (Peek() == ']')
            {
                _pos++;
            }
            else
            {
                while (true)
                {
                    ExpectMore(open, "array", ']');
                    items.Add(ParseValue());
                    SkipWhitespace();
                    ExpectMore(open, "array", ']');
                    char c = _text[_pos++];
                    if (c == ']')
                    {
                        break;
                    }

                    if (c != ',')
                    {
                        Fail("expected ',' or ']' after an array item, found " + SpecMessages.Describe(_text, _pos - 1), _pos - 1, _pos);
                    }

                    SkipWhitespace();
                    if (Peek() == ']')
                    {
                        Fail("a JSON array cannot end with a trailing comma", _pos - 1, _pos);
                    }
                }
            }

            _depth--;
            return new SpecSequence(items.ToArray(), _lines.GetRange(start, _pos));
        }

        private SpecScalar ParseString()
        {
            int start = _pos;
            _builder ??= new StringBuilder();
            string value = JsonStringScanner.Scan(_text, start, _builder, out _pos);
            return Scalar(value, SpecScalarStyle.DoubleQuoted, start);
        }

        private SpecScalar ParseNumber()
        {
            // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?
            int start = _pos;
            int p = start;
            if (_text[p] == '-')
            {
                p++;
            }

            if (p < _text.Length && _text[p] == '0')
            {
                p++;
                if (p < _text.Length && IsDigit(_text[p]))
                {
                    Fail("leading zeros are not allowed in JSON numbers", start, p + 1);
                }
            }
            else
            {
                p = ExpectDigits(p, "a digit");
            }

            if (p < _text.Length && _text[p] == '.')
            {
                p = ExpectDigits(p + 1, "a digit after the decimal point");
            }

            if (p < _text.Length && (_text[p] == 'e' || _text[p] == 'E'))
            {
                p++;
                if (p < _text.Length && (_text[p] == '+' || _text[p] == '-'))
                {
                    p++;
                }

                p = ExpectDigits(p, "a digit in the exponent");
            }

            _pos = p;
            return Scalar(_text.Substring(start, p - start), SpecScalarStyle.Plain, start);
        }

        private int ExpectDigits(int p, string what)
        {
            if (p >= _text.Length || !IsDigit(_text[p]))
            {
                Fail("invalid number: expected " + what + ", found " + SpecMessages.Describe(_text, p), p, p < _text.Length ? p + 1 : p);
            }

            while (p < _text.Length && IsDigit(_text[p]))
            {
                p++;
            }

            return p;
        }

        private SpecScalar ParseLiteral()
        {
            int start = _pos;
            int p = start;
            while (p < _text.Length && p - start < 40 && ((_text[p] >= 'a' && _text[p] <= 'z') || (_text[p] >= 'A' && _text[p] <= 'Z') || IsDigit(_text[p])))
            {
                p++;
            }

            string word = _text.Substring(start, p - start);
            if (word != "true" && word != "false" && word != "null")
            {
                Fail("invalid literal " + SpecMessages.Quote(word) + "; expected true, false, null, a number, a string, an object or an array", start, p);
            }

            _pos = p;
            return Scalar(word, SpecScalarStyle.Plain, start);
        }

        private SpecScalar Scalar(string value, SpecScalarStyle style, int start) =>
            new SpecScalar(value, style, _lines.GetRange(start, _pos));

        private void Enter(int offset)
        {
            if (++_depth > SpecMessages.MaxDepth)
            {
                Fail(SpecMessages.TooDeep, offset, offset + 1);
            }
        }

        private void ExpectMore(int open, string what, char close)
        {
            if (_pos >= _text.Length)
            {
                Fail("unterminated " + what + " (missing '" + close + "')", open, open + 1);
            }
        }

        private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

        private void SkipWhitespace()
        {
            while (_pos < _text.Length)
            {
                char c = _text[_pos];
                if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
                {
                    return;
                }

                _pos++;
            }
        }

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        private static void Fail(string message, int start, int end) => throw new SpecSyntaxException(message, start, end);
    }
}
