using System;

namespace AgentBay.Generators.Spec.Syntax
{
    /// <summary>
    /// Unwinds a reader from the point where it found the first error up to its Read method, which turns it
    /// into a <see cref="SpecSyntaxError"/>; it never leaves the reader. Offsets, not positions, so that
    /// throwing stays cheap while the user types (an error on every keystroke is normal in an IDE).
    /// </summary>
    internal sealed class SpecSyntaxException : Exception
    {
        public SpecSyntaxException(string message, int start, int end)
            : base(message)
        {
            Start = start;
            End = end;
        }

        public int Start { get; }

        public int End { get; }
    }
}
