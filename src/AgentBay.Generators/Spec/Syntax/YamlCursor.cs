namespace AgentBay.Generators.Spec.Syntax
{
    /// <summary>
    /// The YAML reader's position in the text plus the line-level moves every part of it needs: skipping
    /// blank and comment lines, finishing a line, measuring indentation. Works on offsets into the one
    /// source string, so moving around allocates nothing.
    /// </summary>
    internal sealed class YamlCursor
    {
        // Public fields rather than properties: the readers touch them for nearly every char, and in Debug
        // builds (tests, F5 of the generator) property calls are not inlined.
        public readonly string Text;
        public readonly int Length;
        public readonly SpecLineMap Lines;

        /// <summary>The current offset.</summary>
        public int Pos;

        /// <summary>Offset of the first char of the line that holds <see cref="Pos"/>.</summary>
        public int LineStart;

        public YamlCursor(string text, SpecLineMap lines)
        {
            Text = text;
            Length = text.Length;
            Lines = lines;
        }

        /// <summary>How many collections enclose the current point (block and flow alike).</summary>
        public int Depth { get; private set; }

        /// <summary>Column of <see cref="Pos"/>; equal to its indentation when Pos is a line's first content char.</summary>
        public int Column => Pos - LineStart;

        public bool AtEnd => Pos >= Length;

        public static bool IsWhite(char c) => c == ' ' || c == '\t';

        public static bool IsBreak(char c) => c == '\n' || c == '\r';

        public static bool IsFlowIndicator(char c) => c == ',' || c == '[' || c == ']' || c == '{' || c == '}';

        public bool IsBreakOrEnd(int p) => p >= Length || IsBreak(Text[p]);

        public bool IsSpaceOrEnd(int p) => p >= Length || IsWhite(Text[p]) || IsBreak(Text[p]);

        /// <summary>'-', '?' or ':' used as an indicator: followed by a space, a line break or the end.</summary>
        public bool IsIndicator(int p, char indicator) => p < Length && Text[p] == indicator && IsSpaceOrEnd(p + 1);

        /// <summary><c>---</c> or <c>...</c> at <paramref name="p"/>; only meaningful at column 0.</summary>
        public bool IsDocumentMarker(int p)
        {
            if (p + 3 > Length)
            {
                return false;
            }

            char c = Text[p];
            return (c == '-' || c == '.') && Text[p + 1] == c && Text[p + 2] == c && IsSpaceOrEnd(p + 3);
        }

        public int LineEnd(int p)
        {
            int end = p < Length ? Text.IndexOfAny(SpecLineMap.Breaks, p) : -1;
            return end < 0 ? Length : end;
        }

        /// <summary>End of the word at <paramref name="p"/>, for error ranges (at least one char unless at a break or the end).</summary>
        public int TokenEnd(int p)
        {
            int q = p;
            while (q < Length && !IsWhite(Text[q]) && !IsBreak(Text[q]))
            {
                q++;
            }

            return q;
        }

        public int SkipWhite(int p)
        {
            while (p < Length && IsWhite(Text[p]))
            {
                p++;
            }

            return p;
        }

        public void SkipWhite() => Pos = SkipWhite(Pos);

        /// <summary>Consumes the line break at <see cref="Pos"/> ('\n', '\r\n' or '\r'), if any, and starts a new line.</summary>
        public void ConsumeBreak()
        {
            Pos = AfterBreak(Pos);
            LineStart = Pos;
        }

        public int AfterBreak(int p)
        {
            if (p < Length && Text[p] == '\r')
            {
                p++;
                if (p < Length && Text[p] == '\n')
                {
                    p++;
                }
            }
            else if (p < Length && Text[p] == '\n')
            {
                p++;
            }

            return p;
        }

        /// <summary>
        /// Ends the current line: spaces, an optional comment, then the line break. Anything else is an error
        /// with <paramref name="message"/>, e.g. text after a flow collection.
        /// </summary>
        public void FinishLine(string message)
        {
            SkipWhite();
            if (Pos < Length && Text[Pos] == '#')
            {
                if (Pos > LineStart && !IsWhite(Text[Pos - 1]))
                {
                    Fail("a comment needs a space before '#'", Pos, Pos + 1);
                }

                Pos = LineEnd(Pos);
            }

            if (Pos < Length && !IsBreak(Text[Pos]))
            {
                Fail(message, Pos, TokenEnd(Pos));
            }

            ConsumeBreak();
        }

        /// <summary>
        /// From a line start, skips blank and comment-only lines and stops at the first content char of the
        /// next line (or the end). A tab before that char is an error: YAML indentation is spaces only.
        /// </summary>
        public void SkipToContent()
        {
            while (Pos < Length)
            {
                int p = Pos;
                int tab = -1;
                while (p < Length && IsWhite(Text[p]))
                {
                    if (tab < 0 && Text[p] == '\t')
                    {
                        tab = p;
                    }

                    p++;
                }

                if (p >= Length)
                {
                    Pos = p;
                    return;
                }

                char c = Text[p];
                if (IsBreak(c) || c == '#')
                {
                    Pos = LineEnd(p);
                    ConsumeBreak();
                    continue;
                }

                if (tab >= 0)
                {
                    Fail("tab characters are not allowed in indentation", tab, tab + 1);
                }

                Pos = p;
                return;
            }
        }

        public SpecRange Range(int start, int end) => Lines.GetRange(start, end);

        public SpecRange Range(SpecPosition start, int end) => Lines.GetRange(start, end);

        public SpecPosition Position(int offset) => Lines.GetPosition(offset);

        public void Enter(int offset)
        {
            if (++Depth > SpecMessages.MaxDepth)
            {
                Fail(SpecMessages.TooDeep, offset, offset + 1);
            }
        }

        public void Exit() => Depth--;

        public static void Fail(string message, int start, int end) => throw new SpecSyntaxException(message, start, end);
    }
}
