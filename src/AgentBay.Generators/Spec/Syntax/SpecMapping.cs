using System;
using System.Collections.Generic;

namespace AgentBay.Generators.Spec.Syntax
{
    /// <summary>
    /// A YAML mapping or JSON object. Entries stay in document order and duplicate keys are kept,
    /// because the binder, not the reader, reports duplicates (it knows which ones matter).
    /// </summary>
    internal sealed class SpecMapping : SpecNode
    {
        public SpecMapping(IReadOnlyList<SpecMappingEntry> entries, SpecRange range)
            : base(range)
        {
            Entries = entries;
        }

        public override SpecNodeKind Kind => SpecNodeKind.Mapping;

        public IReadOnlyList<SpecMappingEntry> Entries { get; }

        /// <summary>
        /// Finds the first entry whose key equals <paramref name="key"/> (ordinal).
        /// On false, <paramref name="value"/> is null: netstandard2.0 has no NotNullWhen attribute to say so.
        /// </summary>
        public bool TryGet(string key, out SpecNode value)
        {
            var entries = Entries;
            for (int i = 0; i < entries.Count; i++)
            {
                if (string.Equals(entries[i].Key.Value, key, StringComparison.Ordinal))
                {
                    value = entries[i].Value;
                    return true;
                }
            }

            value = null!;
            return false;
        }
    }
}
