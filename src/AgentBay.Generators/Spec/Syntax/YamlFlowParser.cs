using System.Collections.Generic;

namespace AgentBay.Generators.Spec.Syntax
{
    /// <summary>
    /// Parses YAML flow collections (<c>[a, b]</c>, <c>{ a: 1 }</c>), which may span lines. Inside a block,
    /// their continuation lines must be indented more than the block (a closing bracket may line up with
    /// it); that rule is what turns a forgotten ']' into an error at the '[' rather than at the end of the file.
    /// </summary>
    internal sealed class YamlFlowParser
    {
        private readonly YamlCursor _c;
        private readonly string _text;
        private readonly YamlPlainScanner _plain;
        private readonly YamlQuotedScanner _quoted;

        public YamlFlowParser(YamlCursor cursor, YamlPlainScanner plain, YamlQuotedScanner quoted)
        {
            _c = cursor;
            _text = cursor.Text;
            _plain = plain;
            _quoted = quoted;
        }

        /// <summary>Parses the flow collection at Pos and leaves Pos just after its closing bracket.</summary>
        public SpecNode Parse(int blockIndent) =>
            _text[_c.Pos] == '[' ? ParseSequence(blockIndent) : (SpecNode)ParseMapping(blockIndent);

        private SpecSequence ParseSequence(int blockIndent)
        {
            int open = _c.Pos;
            SpecPosition start = _c.Position(open);
            _c.Enter(open);
            _c.Pos++;
            var items = new List<SpecNode>();
            while (true)
            {
                SkipSpace(open, blockIndent);
                if (_text[_c.Pos] == ']')
                {
                    // Also after a trailing comma, which YAML (unlike JSON) allows: [a, b, ]
                    _c.Pos++;
                    break;
                }

                items.Add(ParseSequenceEntry(open, blockIndent));
                SkipSpace(open, blockIndent);
                char c = _text[_c.Pos];
                if (c == ']')
                {
                    _c.Pos++;
                    break;
                }

                if (c != ',')
                {
                    YamlCursor.Fail("expected ',' or ']' in a flow sequence, found " + SpecMessages.Describe(_text, _c.Pos), _c.Pos, _c.Pos + 1);
                }

                _c.Pos++;
            }

            _c.Exit();
            return new SpecSequence(items.ToArray(), _c.Range(start, _c.Pos));
        }

        // An entry of a flow sequence: a node, or a single-pair mapping written "key: value" ([a: 1, b: 2]).
        private SpecNode ParseSequenceEntry(int open, int blockIndent)
        {
            int start = _c.Pos;
            SpecNode node = ParseNode(blockIndent);
            int p = _c.SkipWhite(_c.Pos);
            if (p >= _c.Length || _text[p] != ':')
            {
                return node;
            }

            bool jsonLikeKey = node is SpecScalar s && s.Style != SpecScalarStyle.Plain;
            if (!(node is SpecScalar key) || !(jsonLikeKey || _c.IsSpaceOrEnd(p + 1) || YamlCursor.IsFlowIndicator(_text[p + 1])))
            {
                YamlCursor.Fail(
                    node is SpecScalar ? "expected ',' or ']' in a flow sequence, found ':'" : "flow collections cannot be used as mapping keys",
                    p,
                    p + 1);
                return node;
            }

            _c.Enter(start);
            _c.Pos = p + 1;
            SpecNode value = ParseValueAfterColon(open, blockIndent, ']');
            _c.Exit();
            return new SpecMapping(new[] { new SpecMappingEntry(key, value) }, _c.Range(start, value.Range.End.Offset));
        }

        private SpecMapping ParseMapping(int blockIndent)
        {
            int open = _c.Pos;
            SpecPosition start = _c.Position(open);
            _c.Enter(open);
            _c.Pos++;
            var entries = new List<SpecMappingEntry>();
            while (true)
            {
                SkipSpace(open, blockIndent);
                if (_text[_c.Pos] == '}')
                {
                    _c.Pos++;
                    break;
                }

                SpecScalar key = ParseKey(blockIndent);
                SkipSpace(open, blockIndent);
                char c = _text[_c.Pos];
                SpecNode value;
                if (c == ':')
                {
                    _c.Pos++;
                    value = ParseValueAfterColon(open, blockIndent, '}');
                }
                else if (c == ',' || c == '}')
                {
                    // "{ a, b: 1 }": a key without ':' has a null value.
                    value = Empty(key.Range.End.Offset);
                }
                else
                {
                    YamlCursor.Fail("expected ':' after mapping key " + SpecMessages.Quote(key.Value), key.Range.End.Offset, key.Range.End.Offset);
                    return null!;
                }

                entries.Add(new SpecMappingEntry(key, value));
                SkipSpace(open, blockIndent);
                c = _text[_c.Pos];
                if (c == '}')
                {
                    _c.Pos++;
                    break;
                }

                if (c != ',')
                {
                    YamlCursor.Fail("expected ',' or '}' in a flow mapping, found " + SpecMessages.Describe(_text, _c.Pos), _c.Pos, _c.Pos + 1);
                }

                _c.Pos++;
            }

            _c.Exit();
            return new SpecMapping(entries.ToArray(), _c.Range(start, _c.Pos));
        }

        private SpecScalar ParseKey(int blockIndent)
        {
            int p = _c.Pos;
            char c = _text[p];
            if (c == '[' || c == '{')
            {
                YamlCursor.Fail("flow collections cannot be used as mapping keys", p, p + 1);
            }

            if (c == ':' && (_c.IsSpaceOrEnd(p + 1) || YamlCursor.IsFlowIndicator(_text[p + 1])))
            {
                YamlCursor.Fail("expected a mapping key before ':'", p, p + 1);
            }

            return (SpecScalar)ParseNode(blockIndent);
        }

        // Pos is just after the ':' of an entry; an entry may end right there ("{ a: }"), giving a null value.
        private SpecNode ParseValueAfterColon(int open, int blockIndent, char close)
        {
            int afterColon = _c.Pos;
            SkipSpace(open, blockIndent);
            char c = _text[_c.Pos];
            return c == ',' || c == close ? Empty(afterColon) : ParseNode(blockIndent);
        }

        private SpecNode ParseNode(int blockIndent)
        {
            int p = _c.Pos;
            char c = _text[p];
            switch (c)
            {
                case '[':
                case '{':
                    return Parse(blockIndent);
                case '"':
                case '\'':
                    return _quoted.ScanQuoted(blockIndent);
                case ',':
                case ']':
                case '}':
                    YamlCursor.Fail("expected a value, found " + SpecMessages.Describe(_text, p), p, p + 1);
                    return null!;
                default:
                    _plain.CheckPlainStart(p, flow: true);
                    return _plain.ScanPlain(flow: true, blockIndent, multiLine: true);
            }
        }

        // Skips spaces, line breaks and comments between the tokens of a flow collection.
        private void SkipSpace(int open, int blockIndent)
        {
            while (true)
            {
                if (_c.Pos >= _c.Length)
                {
                    FailUnterminated(open);
                }

                char c = _text[_c.Pos];
                if (YamlCursor.IsWhite(c))
                {
                    _c.Pos++;
                }
                else if (c == '#' && (_c.Pos == _c.LineStart || YamlCursor.IsWhite(_text[_c.Pos - 1])))
                {
                    _c.Pos = _c.LineEnd(_c.Pos);
                }
                else if (YamlCursor.IsBreak(c))
                {
                    _c.ConsumeBreak();
                    int p = _c.Pos;
                    while (p < _c.Length && _text[p] == ' ')
                    {
                        p++;
                    }

                    int spaces = p - _c.Pos;
                    p = _c.SkipWhite(p);
                    if (_c.IsBreakOrEnd(p) || _text[p] == '#')
                    {
                        continue;
                    }

                    bool closes = _text[p] == ']' || _text[p] == '}';
                    if (spaces < blockIndent || (spaces == blockIndent && !closes) || (p == _c.Pos && _c.IsDocumentMarker(p)))
                    {
                        FailUnterminated(open);
                    }

                    _c.Pos = p;
                }
                else
                {
                    return;
                }
            }
        }

        private void FailUnterminated(int open) =>
            YamlCursor.Fail(
                _text[open] == '[' ? "unterminated flow sequence (missing ']')" : "unterminated flow mapping (missing '}')",
                open,
                open + 1);

        private SpecScalar Empty(int offset) => new SpecScalar(string.Empty, SpecScalarStyle.Plain, _c.Range(offset, offset));
    }
}
