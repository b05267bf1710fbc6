namespace AgentBay.Generators.Spec.Syntax
{
    /// <summary>The first syntax error of a spec file: a message for people and where it is.</summary>
    internal sealed class SpecSyntaxError
    {
        public SpecSyntaxError(string message, SpecRange range)
        {
            Message = message;
            Range = range;
        }

        public string Message { get; }

        /// <summary>The offending text; empty (Start == End) when the problem is a missing char, e.g. at the end of the file.</summary>
        public SpecRange Range { get; }

        public override string ToString() => Range.Start + ": " + Message;
    }
}
