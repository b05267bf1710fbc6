namespace AgentBay.Generators.Spec.Syntax
{
    /// <summary>One <c>key: value</c> pair of a mapping.</summary>
    internal sealed class SpecMappingEntry
    {
        public SpecMappingEntry(SpecScalar key, SpecNode value)
        {
            Key = key;
            Value = value;
        }

        public SpecScalar Key { get; }

        public SpecNode Value { get; }
    }
}
