using System.Collections.Generic;

namespace AgentBay.Generators.Spec.Syntax
{
    /// <summary>A YAML sequence or JSON array.</summary>
    internal sealed class SpecSequence : SpecNode
    {
        public SpecSequence(IReadOnlyList<SpecNode> items, SpecRange range)
            : base(range)
        {
            Items = items;
        }

        public override SpecNodeKind Kind => SpecNodeKind.Sequence;

        public IReadOnlyList<SpecNode> Items { get; }
    }
}
