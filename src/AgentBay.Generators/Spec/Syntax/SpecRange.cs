using System;

namespace AgentBay.Generators.Spec.Syntax
{
    /// <summary>A span of a spec file: <see cref="Start"/> inclusive, <see cref="End"/> exclusive.</summary>
    internal readonly struct SpecRange : IEquatable<SpecRange>
    {
        public SpecRange(SpecPosition start, SpecPosition end)
        {
            Start = start;
            End = end;
        }

        public SpecPosition Start { get; }

        public SpecPosition End { get; }

        /// <summary>Length in chars (End.Offset - Start.Offset).</summary>
        public int Length => End.Offset - Start.Offset;

        public bool Equals(SpecRange other) => Start.Equals(other.Start) && End.Equals(other.End);

        public override bool Equals(object? obj) => obj is SpecRange other && Equals(other);

        public override int GetHashCode() => unchecked((Start.GetHashCode() * 397) ^ End.GetHashCode());

        public static bool operator ==(SpecRange left, SpecRange right) => left.Equals(right);

        public static bool operator !=(SpecRange left, SpecRange right) => !left.Equals(right);

        public override string ToString() => Start + "-" + End;
    }
}
