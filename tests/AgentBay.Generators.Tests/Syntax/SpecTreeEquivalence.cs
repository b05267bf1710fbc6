using AgentBay.Generators.Spec.Syntax;
using Xunit.Sdk;

namespace AgentBay.Generators.Tests.Syntax;

/// <summary>
/// Structural equality of two spec trees, ignoring positions and how a string was quoted: the same document
/// written in YAML and in JSON must compare equal. A typed plain scalar (number, boolean) differs from a quoted
/// string with the same text, and null only equals null.
/// </summary>
internal static class SpecTreeEquivalence
{
    public static void AssertEquivalent(SpecNode expected, SpecNode actual) => Compare(expected, actual, "$");

    private static void Compare(SpecNode expected, SpecNode actual, string path)
    {
        if (expected.Kind != actual.Kind)
        {
            throw new XunitException($"{path}: expected a {expected.Kind}, found a {actual.Kind}");
        }

        switch (expected)
        {
            case SpecMapping mapping:
                var other = (SpecMapping)actual;
                if (mapping.Entries.Count != other.Entries.Count)
                {
                    throw new XunitException($"{path}: expected {mapping.Entries.Count} entries, found {other.Entries.Count}");
                }

                for (int i = 0; i < mapping.Entries.Count; i++)
                {
                    string key = mapping.Entries[i].Key.Value;
                    if (key != other.Entries[i].Key.Value)
                    {
                        throw new XunitException($"{path}: entry {i}: expected key '{key}', found '{other.Entries[i].Key.Value}'");
                    }

                    Compare(mapping.Entries[i].Value, other.Entries[i].Value, path + "." + key);
                }

                break;
            case SpecSequence sequence:
                var items = ((SpecSequence)actual).Items;
                if (sequence.Items.Count != items.Count)
                {
                    throw new XunitException($"{path}: expected {sequence.Items.Count} items, found {items.Count}");
                }

                for (int i = 0; i < items.Count; i++)
                {
                    Compare(sequence.Items[i], items[i], path + "[" + i + "]");
                }

                break;
            default:
                var a = (SpecScalar)expected;
                var b = (SpecScalar)actual;
                if (a.IsNull != b.IsNull)
                {
                    throw new XunitException($"{path}: expected {Describe(a)}, found {Describe(b)}");
                }

                if (!a.IsNull && (a.Value != b.Value || IsTyped(a) != IsTyped(b)))
                {
                    throw new XunitException($"{path}: expected {Describe(a)}, found {Describe(b)}");
                }

                break;
        }
    }

    private static bool IsTyped(SpecScalar scalar) => scalar.TryGetBoolean(out _) || scalar.TryGetDouble(out _);

    private static string Describe(SpecScalar scalar) =>
        scalar.IsNull ? "null" : (IsTyped(scalar) ? "typed " : "string ") + "'" + scalar.Value + "'";
}
