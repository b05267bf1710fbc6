using System;

namespace AgentBay.Generators.Spec.Syntax
{
    /// <summary>Reads a spec file as JSON or YAML, chosen by its extension.</summary>
    internal static class SpecReader
    {
        /// <summary>A file ending in <c>.json</c> (any case) is read as JSON, anything else as YAML.</summary>
        public static SpecReadResult Read(string text, string filePath)
        {
            return filePath != null && filePath.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
                ? JsonSpecReader.Read(text)
                : YamlSpecReader.Read(text);
        }

        /// <summary>
        /// Runs a parser and turns every way it can stop into a result: the reader must never throw,
        /// since an exception escaping a generator kills the whole generator run in the IDE.
        /// </summary>
        internal static SpecReadResult Run(string? text, Func<string, SpecLineMap, SpecNode> parse)
        {
            text ??= string.Empty;
            var lines = new SpecLineMap(text);
            try
            {
                return new SpecReadResult(parse(text, lines), null);
            }
            catch (SpecSyntaxException e)
            {
                int start = Clamp(e.Start, text.Length);
                int end = Clamp(e.End, text.Length);
                return Failed(lines, e.Message, start, end < start ? start : end);
            }
            catch (Exception e)
            {
                // A bug in a reader: still report it as an error at the start of the file rather than crash the
                // generator. Tests assert this message never appears for any input.
                return Failed(lines, "internal error in the spec reader: " + e.GetType().Name + ": " + e.Message, 0, 0);
            }
        }

        private static SpecReadResult Failed(SpecLineMap lines, string message, int start, int end) =>
            new SpecReadResult(null, new SpecSyntaxError(message, lines.GetRange(start, end)));

        private static int Clamp(int offset, int length) => offset < 0 ? 0 : offset > length ? length : offset;
    }
}
