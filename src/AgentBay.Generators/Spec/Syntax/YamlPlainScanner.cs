using System.Text;

namespace AgentBay.Generators.Spec.Syntax
{
    /// <summary>
    /// Scans YAML plain scalars, in block and flow context, folding multi-line ones. A scalar on one line
    /// (the usual case) becomes one Substring; the StringBuilder is only used to fold lines.
    /// </summary>
    internal sealed class YamlPlainScanner
    {
        private static readonly char[] BlockPlainStops = { ':', '#', '\n', '\r' };
        private static readonly char[] FlowPlainStops = { ':', '#', '\n', '\r', ',', '[', ']', '{', '}' };

        private readonly YamlCursor _c;
        private readonly string _text;
        private readonly StringBuilder _builder = new StringBuilder();

        public YamlPlainScanner(YamlCursor cursor)
        {
            _c = cursor;
            _text = cursor.Text;
        }

        /// <summary>
        /// Fails unless a plain scalar may start at <paramref name="p"/>. Checked before every plain scalar,
        /// so that anchors, tags and reserved indicators get their own message instead of odd values.
        /// </summary>
        public void CheckPlainStart(int p, bool flow)
        {
            char c = _text[p];
            switch (c)
            {
                case '&':
                case '*':
                case '!':
                    YamlCursor.Fail("YAML anchors, aliases and tags are not supported in spec files", p, _c.TokenEnd(p));
                    break;
                case '-':
                case '?':
                case ':':
                    if (_c.IsSpaceOrEnd(p + 1) || (flow && YamlCursor.IsFlowIndicator(_text[p + 1])))
                    {
                        string message = c == '?' ? "complex mapping keys ('? ') are not supported in spec files"
                            : c == ':' ? "unexpected ':' (a mapping key cannot be empty)"
                            : flow ? "block sequence items ('- ') are not allowed inside a flow collection"
                            : "a block sequence cannot start on this line; start it on a new line";
                        YamlCursor.Fail(message, p, p + 1);
                    }

                    break;
                case '|':
                case '>':
                    YamlCursor.Fail("block scalars ('|', '>') are not allowed inside a flow collection", p, p + 1);
                    break;
                case '#':
                    YamlCursor.Fail("a comment needs a space before '#'", p, p + 1);
                    break;
                case ',':
                case '[':
                case ']':
                case '{':
                case '}':
                case '%':
                case '@':
                case '`':
                    YamlCursor.Fail(SpecMessages.Describe(_text, p) + " cannot start a plain scalar; quote the value", p, p + 1);
                    break;
            }
        }

        /// <summary>
        /// End (exclusive, trailing spaces dropped) of the plain text that starts at <paramref name="p"/> on this
        /// line: it stops at ': ', ' #', the line break and, in flow context, at ",[]{}" and ':' before them.
        /// </summary>
        public int ScanPlainLine(int p, bool flow)
        {
            // Jump from one char that may end the scalar to the next (vectorised), then look at its context.
            int start = p;
            char[] stops = flow ? FlowPlainStops : BlockPlainStops;
            int q;
            while (true)
            {
                q = p < _c.Length ? _text.IndexOfAny(stops, p) : -1;
                if (q < 0)
                {
                    q = _c.Length;
                    break;
                }

                char c = _text[q];
                if (c == ':')
                {
                    if (_c.IsSpaceOrEnd(q + 1) || (flow && YamlCursor.IsFlowIndicator(_text[q + 1])))
                    {
                        break;
                    }
                }
                else if (c == '#')
                {
                    if (q > start && YamlCursor.IsWhite(_text[q - 1]))
                    {
                        break;
                    }
                }
                else
                {
                    // A line break, or a flow indicator in flow context.
                    break;
                }

                p = q + 1;
            }

            while (q > start && YamlCursor.IsWhite(_text[q - 1]))
            {
                q--;
            }

            return q;
        }

        /// <summary>
        /// Scans a plain scalar at Pos (already checked by <see cref="CheckPlainStart"/>). With
        /// <paramref name="multiLine"/>, following lines indented more than <paramref name="blockIndent"/> continue
        /// it, folded: one line break becomes a space, each further empty line a '\n'. Leaves Pos after its last char.
        /// </summary>
        public SpecScalar ScanPlain(bool flow, int blockIndent, bool multiLine)
        {
            int start = _c.Pos;
            int end = ScanPlainLine(start, flow);
            StringBuilder? sb = null;
            int p = _c.SkipWhite(end);
            while (multiLine && p < _c.Length && YamlCursor.IsBreak(_text[p]))
            {
                // Look ahead past empty lines for a continuation line; nothing is committed until one is found.
                int breaks = 0;
                int lineStart;
                int spaces;
                do
                {
                    p = _c.AfterBreak(p);
                    lineStart = p;
                    while (p < _c.Length && _text[p] == ' ')
                    {
                        p++;
                    }

                    spaces = p - lineStart;
                    p = _c.SkipWhite(p);
                    breaks++;
                }
                while (p < _c.Length && YamlCursor.IsBreak(_text[p]));

                if (p >= _c.Length
                    || spaces <= blockIndent
                    || _text[p] == '#'
                    || (p == lineStart && _c.IsDocumentMarker(p))
                    || (flow && (YamlCursor.IsFlowIndicator(_text[p]) || _c.IsIndicator(p, ':'))))
                {
                    break;
                }

                int segmentEnd = ScanPlainLine(p, flow);
                int after = _c.SkipWhite(segmentEnd);
                if (!flow && after < _c.Length && _text[after] == ':')
                {
                    // "key: value" then a more indented "other: 1": YAML reads a continuation that is really a key.
                    string message = segmentEnd > p
                        ? "bad indentation of mapping key " + SpecMessages.Quote(_text.Substring(p, segmentEnd - p))
                        : "unexpected ':' in a multi-line plain scalar";
                    YamlCursor.Fail(message, p, segmentEnd > p ? segmentEnd : p + 1);
                }

                if (sb == null)
                {
                    sb = Builder();
                    sb.Append(_text, start, end - start);
                }

                if (breaks == 1)
                {
                    sb.Append(' ');
                }
                else
                {
                    sb.Append('\n', breaks - 1);
                }

                sb.Append(_text, p, segmentEnd - p);
                end = segmentEnd;
                _c.LineStart = lineStart;
                p = after;
            }

            _c.Pos = end;
            string value = sb != null ? sb.ToString() : _text.Substring(start, end - start);
            return new SpecScalar(value, SpecScalarStyle.Plain, _c.Range(start, end));
        }

        private StringBuilder Builder()
        {
            _builder.Clear();
            return _builder;
        }
    }
}
