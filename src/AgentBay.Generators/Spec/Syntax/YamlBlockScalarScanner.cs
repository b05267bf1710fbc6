using System.Text;

namespace AgentBay.Generators.Spec.Syntax
{
    /// <summary>
    /// Scans literal (<c>|</c>) and folded (<c>&gt;</c>) block scalars: the header with its chomping
    /// (<c>-</c>, <c>+</c>) and indentation (1-9) indicators, then the indented lines, following libyaml's
    /// folding algorithm so doc strings read exactly as other YAML tools read them.
    /// </summary>
    internal sealed class YamlBlockScalarScanner
    {
        private readonly YamlCursor _c;
        private readonly string _text;
        private readonly StringBuilder _builder = new StringBuilder();

        public YamlBlockScalarScanner(YamlCursor cursor)
        {
            _c = cursor;
            _text = cursor.Text;
        }

        /// <summary>
        /// Scans the block scalar whose indicator is at Pos. Its lines must be indented more than
        /// <paramref name="blockIndent"/> (the indentation of the mapping or sequence that holds it; -1 at the
        /// document level). Leaves Pos at the start of the first line after it.
        /// </summary>
        public SpecScalar Scan(int blockIndent)
        {
            int start = _c.Pos;
            bool literal = _text[start] == '|';
            int p = start + 1;
            int chomping = 0; // -1 strip, 0 clip, +1 keep
            int explicitIndent = 0;
            for (int i = 0; i < 2 && p < _c.Length; i++, p++)
            {
                char c = _text[p];
                if ((c == '-' || c == '+') && chomping == 0)
                {
                    chomping = c == '-' ? -1 : 1;
                }
                else if (c >= '1' && c <= '9' && explicitIndent == 0)
                {
                    explicitIndent = c - '0';
                }
                else if (c == '0')
                {
                    YamlCursor.Fail("the indentation indicator of a block scalar must be 1 to 9", p, p + 1);
                }
                else
                {
                    break;
                }
            }

            int headerEnd = p;
            _c.Pos = p;
            _c.FinishLine("unexpected text after the block scalar header (the text starts on the next line)");

            int parentIndent = blockIndent < 0 ? 0 : blockIndent;
            int indent = explicitIndent > 0 ? parentIndent + explicitIndent : DetectIndent(_c.Pos, blockIndent);

            StringBuilder sb = _builder.Clear();
            int contentEnd = headerEnd;
            int trailingBreaks = 0;
            bool leadingBreak = false;
            bool leadingBlank = false;
            int q = _c.Pos;
            int endOfScalar = _c.Length;
            while (q < _c.Length)
            {
                int lineStart = q;
                while (q < _c.Length && q - lineStart < indent && _text[q] == ' ')
                {
                    q++;
                }

                int w = q - lineStart < indent ? _c.SkipWhite(q) : q;
                if (w >= _c.Length)
                {
                    break;
                }

                if (YamlCursor.IsBreak(_text[w]))
                {
                    // An empty line (or one with only spaces before the indentation ends).
                    trailingBreaks++;
                    q = _c.AfterBreak(w);
                    continue;
                }

                if (q - lineStart < indent || (indent == 0 && _c.IsDocumentMarker(lineStart)))
                {
                    endOfScalar = lineStart;
                    break;
                }

                // A content line; q is just after its indentation.
                bool trailingBlank = YamlCursor.IsWhite(_text[q]);
                if (!literal && leadingBreak && !leadingBlank && !trailingBlank)
                {
                    // Folding: a single line break between two normal lines becomes a space.
                    if (trailingBreaks == 0)
                    {
                        sb.Append(' ');
                    }
                }
                else if (leadingBreak)
                {
                    sb.Append('\n');
                }

                sb.Append('\n', trailingBreaks);
                trailingBreaks = 0;
                leadingBlank = trailingBlank;
                int lineEnd = _c.LineEnd(q);
                sb.Append(_text, q, lineEnd - q);
                contentEnd = lineEnd;
                leadingBreak = lineEnd < _c.Length;
                q = _c.AfterBreak(lineEnd);
            }

            if (chomping != -1 && leadingBreak)
            {
                sb.Append('\n');
            }

            if (chomping == 1)
            {
                sb.Append('\n', trailingBreaks);
            }

            _c.Pos = endOfScalar;
            _c.LineStart = endOfScalar;
            return new SpecScalar(
                sb.ToString(),
                literal ? SpecScalarStyle.Literal : SpecScalarStyle.Folded,
                _c.Range(start, contentEnd));
        }

        // The indentation of the first non-empty line; a block scalar whose first such line is not indented
        // enough is empty (its lines belong to the parent), so the result is never below blockIndent + 1.
        private int DetectIndent(int p, int blockIndent)
        {
            while (p < _c.Length)
            {
                int lineStart = p;
                while (p < _c.Length && _text[p] == ' ')
                {
                    p++;
                }

                int spaces = p - lineStart;
                p = _c.SkipWhite(p);
                if (p < _c.Length && YamlCursor.IsBreak(_text[p]))
                {
                    p = _c.AfterBreak(p);
                    continue;
                }

                return spaces > blockIndent ? spaces : blockIndent + 1;
            }

            return blockIndent + 1;
        }
    }
}
