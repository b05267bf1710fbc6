namespace AgentBay.Generators.Spec.Syntax
{
    /// <summary>
    /// Reads the YAML subset spec files use: one document of block and flow collections and scalars of every
    /// style, without anchors, aliases, tags, directives or complex keys. See YamlParser for the structure.
    /// </summary>
    internal static class YamlSpecReader
    {
        public static SpecReadResult Read(string text) =>
            SpecReader.Run(text, (t, lines) => new YamlParser(t, lines).ParseDocument());
    }
}
