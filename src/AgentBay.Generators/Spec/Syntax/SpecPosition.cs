using System;

namespace AgentBay.Generators.Spec.Syntax
{
    /// <summary>A point in a spec file. All three numbers are 0-based, as Roslyn's LinePosition is.</summary>
    internal readonly struct SpecPosition : IEquatable<SpecPosition>
    {
        public SpecPosition(int offset, int line, int column)
        {
            Offset = offset;
            Line = line;
            Column = column;
        }

        /// <summary>0-based offset in UTF-16 chars from the start of the text.</summary>
        public int Offset { get; }

        /// <summary>0-based line; '\n', '\r\n' and a lone '\r' each end a line.</summary>
        public int Line { get; }

        /// <summary>0-based column in UTF-16 chars (a tab counts as one char).</summary>
        public int Column { get; }

        public bool Equals(SpecPosition other) =>
            Offset == other.Offset && Line == other.Line && Column == other.Column;

        public override bool Equals(object? obj) => obj is SpecPosition other && Equals(other);

        public override int GetHashCode() => unchecked((Offset * 397) ^ (Line * 31) ^ Column);

        public static bool operator ==(SpecPosition left, SpecPosition right) => left.Equals(right);

        public static bool operator !=(SpecPosition left, SpecPosition right) => !left.Equals(right);

        // 0-based, as stored; messages for people convert to 1-based themselves.
        public override string ToString() => "(" + Line + "," + Column + ")";
    }
}
