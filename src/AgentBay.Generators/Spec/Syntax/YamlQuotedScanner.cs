using System.Text;

namespace AgentBay.Generators.Spec.Syntax
{
    /// <summary>
    /// Scans single- and double-quoted YAML scalars, which may span lines. One without escapes or line
    /// breaks (the usual case) becomes one Substring; the StringBuilder is only used for escapes and folding.
    /// </summary>
    internal sealed class YamlQuotedScanner
    {
        private static readonly char[] DoubleQuotedStops = { '"', '\\', '\n', '\r' };
        private static readonly char[] SingleQuotedStops = { '\'', '\n', '\r' };

        private readonly YamlCursor _c;
        private readonly string _text;
        private readonly StringBuilder _builder = new StringBuilder();

        public YamlQuotedScanner(YamlCursor cursor)
        {
            _c = cursor;
            _text = cursor.Text;
        }

        /// <summary>
        /// Offset just after the closing quote of the quoted scalar at <paramref name="p"/> when it closes on the
        /// same line, else -1. Used to tell a quoted mapping key from a quoted value without building it.
        /// </summary>
        public int FindQuotedEndOnLine(int p)
        {
            char quote = _text[p];
            for (int q = p + 1; q < _c.Length; q++)
            {
                char c = _text[q];
                if (YamlCursor.IsBreak(c))
                {
                    return -1;
                }

                if (c == '\\' && quote == '"')
                {
                    q++;
                }
                else if (c == quote)
                {
                    if (quote == '\'' && q + 1 < _c.Length && _text[q + 1] == '\'')
                    {
                        q++;
                    }
                    else
                    {
                        return q + 1;
                    }
                }
            }

            return -1;
        }

        /// <summary>
        /// Scans a quoted scalar at Pos. It may span lines (folded like a plain scalar); continuation lines must be
        /// indented more than <paramref name="blockIndent"/>, which also makes a forgotten closing quote fail
        /// at the next key instead of swallowing the rest of the file.
        /// </summary>
        public SpecScalar ScanQuoted(int blockIndent)
        {
            int start = _c.Pos;
            char quote = _text[start];
            bool isDouble = quote == '"';
            int p = start + 1;

            // Fast path: closes on this line with no escape.
            int stop = _text.IndexOfAny(isDouble ? DoubleQuotedStops : SingleQuotedStops, p);
            p = stop < 0 ? _c.Length : stop;
            if (p < _c.Length && _text[p] == quote && (isDouble || p + 1 >= _c.Length || _text[p + 1] != '\''))
            {
                _c.Pos = p + 1;
                return Quoted(_text.Substring(start + 1, p - start - 1), isDouble, start);
            }

            if (p < _c.Length && YamlCursor.IsBreak(_text[p]))
            {
                // Leave the spaces before a line break to the slow path, which drops them when folding.
                while (p > start + 1 && YamlCursor.IsWhite(_text[p - 1]))
                {
                    p--;
                }
            }

            StringBuilder sb = Builder();
            sb.Append(_text, start + 1, p - start - 1);
            while (true)
            {
                if (p >= _c.Length)
                {
                    FailUnterminated(start, isDouble);
                }

                char c = _text[p];
                if (c == quote)
                {
                    if (!isDouble && p + 1 < _c.Length && _text[p + 1] == '\'')
                    {
                        sb.Append('\'');
                        p += 2;
                        continue;
                    }

                    _c.Pos = p + 1;
                    return Quoted(sb.ToString(), isDouble, start);
                }

                if (c == '\\' && isDouble)
                {
                    if (p + 1 >= _c.Length)
                    {
                        FailUnterminated(start, isDouble);
                    }

                    if (YamlCursor.IsBreak(_text[p + 1]))
                    {
                        // An escaped line break joins the lines without a space.
                        p = Fold(sb, p + 1, start, isDouble, blockIndent, escaped: true);
                    }
                    else
                    {
                        p = YamlEscapes.Append(sb, _text, p);
                    }

                    continue;
                }

                if (YamlCursor.IsWhite(c) || YamlCursor.IsBreak(c))
                {
                    int w = _c.SkipWhite(p);
                    if (w < _c.Length && YamlCursor.IsBreak(_text[w]))
                    {
                        // Spaces before a line break are dropped by folding.
                        p = Fold(sb, w, start, isDouble, blockIndent, escaped: false);
                    }
                    else
                    {
                        sb.Append(_text, p, w - p);
                        p = w;
                    }

                    continue;
                }

                sb.Append(c);
                p++;
            }
        }

        // p is at a line break inside a quoted scalar; returns the offset of the next content char.
        private int Fold(StringBuilder sb, int p, int start, bool isDouble, int blockIndent, bool escaped)
        {
            int breaks = 0;
            while (true)
            {
                p = _c.AfterBreak(p);
                breaks++;
                int lineStart = p;
                while (p < _c.Length && _text[p] == ' ')
                {
                    p++;
                }

                int spaces = p - lineStart;
                p = _c.SkipWhite(p);
                if (p >= _c.Length)
                {
                    FailUnterminated(start, isDouble);
                }

                if (YamlCursor.IsBreak(_text[p]))
                {
                    continue;
                }

                if (spaces <= blockIndent || (p == lineStart && _c.IsDocumentMarker(p)))
                {
                    FailUnterminated(start, isDouble);
                }

                _c.LineStart = lineStart;
                break;
            }

            if (escaped || breaks > 1)
            {
                sb.Append('\n', breaks - 1);
            }
            else
            {
                sb.Append(' ');
            }

            return p;
        }

        private static void FailUnterminated(int start, bool isDouble) =>
            YamlCursor.Fail(
                isDouble ? "unterminated double-quoted scalar (missing closing '\"')" : "unterminated single-quoted scalar (missing closing \"'\")",
                start,
                start + 1);

        private SpecScalar Quoted(string value, bool isDouble, int start) =>
            new SpecScalar(value, isDouble ? SpecScalarStyle.DoubleQuoted : SpecScalarStyle.SingleQuoted, _c.Range(start, _c.Pos));

        private StringBuilder Builder()
        {
            _builder.Clear();
            return _builder;
        }
    }
}
