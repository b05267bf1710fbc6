namespace AgentBay.Generators.Spec.Syntax
{
    /// <summary>Reads RFC 8259 JSON into the spec syntax tree (objects keep duplicate keys, in order).</summary>
    internal static class JsonSpecReader
    {
        public static SpecReadResult Read(string text) =>
            SpecReader.Run(text, (t, lines) => new JsonParser(t, lines).ParseDocument());
    }
}
