namespace AgentBay.Generators.Spec.Syntax
{
    /// <summary>A node of a spec file's syntax tree; immutable, so trees can be cached between generator runs.</summary>
    internal abstract class SpecNode
    {
        protected SpecNode(SpecRange range)
        {
            Range = range;
        }

        /// <summary>Where the node is written: from its first char to just after its last one.</summary>
        public SpecRange Range { get; }

        public abstract SpecNodeKind Kind { get; }
    }
}
