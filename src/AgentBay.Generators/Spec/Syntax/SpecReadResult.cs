namespace AgentBay.Generators.Spec.Syntax
{
    /// <summary>What a reader returns: either a tree (<see cref="Root"/>) or the first error, never both.</summary>
    internal sealed class SpecReadResult
    {
        public SpecReadResult(SpecNode? root, SpecSyntaxError? error)
        {
            Root = root;
            Error = error;
        }

        public SpecNode? Root { get; }

        public SpecSyntaxError? Error { get; }
    }
}
