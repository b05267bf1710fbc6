namespace AgentBay.Generators.Spec.Syntax
{
    /// <summary>
    /// Turns offsets into line/column positions. Built once per read (one pass over the text); readers
    /// ask for positions in nearly increasing order, so a cached last line makes most lookups O(1)
    /// and the rest fall back to a binary search.
    /// </summary>
    internal sealed class SpecLineMap
    {
        internal static readonly char[] Breaks = { '\n', '\r' };

        private int[] _lineStarts;
        private int _lineCount;
        private int _lastLine;

        public SpecLineMap(string text)
        {
            _lineStarts = new int[16];
            _lineStarts[0] = 0;
            _lineCount = 1;
            // IndexOf is vectorised by the runtime, which keeps this pass cheap even in Debug builds; files
            // without '\r' (the usual case) need only the faster single-char search.
            bool hasCarriageReturn = text.IndexOf('\r') >= 0;
            int i = hasCarriageReturn ? text.IndexOfAny(Breaks) : text.IndexOf('\n');
            while (i >= 0)
            {
                if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                Add(i + 1);
                i = i + 1 >= text.Length ? -1
                    : hasCarriageReturn ? text.IndexOfAny(Breaks, i + 1)
                    : text.IndexOf('\n', i + 1);
            }
        }

        public SpecPosition GetPosition(int offset)
        {
            int line = _lastLine;
            if (!LineContains(line, offset))
            {
                line = LineContains(line + 1, offset) ? line + 1 : FindLine(offset);
                _lastLine = line;
            }

            return new SpecPosition(offset, line, offset - _lineStarts[line]);
        }

        public SpecRange GetRange(int start, int end) => new SpecRange(GetPosition(start), GetPosition(end));

        /// <summary>
        /// For collections: their start position is taken when they open (cheap: the cached line is right
        /// there), their end when they close, so no lookup has to jump back over the collection's lines.
        /// </summary>
        public SpecRange GetRange(SpecPosition start, int end) => new SpecRange(start, GetPosition(end));

        private bool LineContains(int line, int offset) =>
            line < _lineCount
            && offset >= _lineStarts[line]
            && (line + 1 == _lineCount || offset < _lineStarts[line + 1]);

        private int FindLine(int offset)
        {
            int low = 0;
            int high = _lineCount - 1;
            while (low < high)
            {
                int mid = low + ((high - low + 1) / 2);
                if (_lineStarts[mid] <= offset)
                {
                    low = mid;
                }
                else
                {
                    high = mid - 1;
                }
            }

            return low;
        }

        private void Add(int lineStart)
        {
            if (_lineCount == _lineStarts.Length)
            {
                var bigger = new int[_lineStarts.Length * 2];
                System.Array.Copy(_lineStarts, bigger, _lineCount);
                _lineStarts = bigger;
            }

            _lineStarts[_lineCount++] = lineStart;
        }
    }
}
