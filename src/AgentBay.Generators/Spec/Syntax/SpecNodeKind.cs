namespace AgentBay.Generators.Spec.Syntax
{
    internal enum SpecNodeKind
    {
        Mapping,
        Sequence,
        Scalar,
    }
}
