namespace AgentBay.Generators.Spec.Syntax
{
    /// <summary>How a scalar was written. JSON strings are DoubleQuoted; JSON numbers, true, false and null are Plain.</summary>
    internal enum SpecScalarStyle
    {
        Plain,
        SingleQuoted,
        DoubleQuoted,
        Literal,
        Folded,
    }
}
