using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace AgentBay.Generators.Binding;

/// <summary>Derives C# names from spec names (<c>timeout_ms</c> → <c>timeoutMs</c>, <c>get_link</c> → <c>GetLink</c>).</summary>
internal static class Naming
{
    public static string ToPascalCase(string name)
    {
        var camel = ToCamelCase(name);
        return camel.Length == 0 ? camel : char.ToUpperInvariant(camel[0]) + camel.Substring(1);
    }

    public static string ToCamelCase(string name)
    {
        var builder = new StringBuilder(name.Length);
        var upperNext = false;
        foreach (var c in name)
        {
            if (c == '_' || c == '-' || c == ' ' || c == '.')
            {
                upperNext = builder.Length > 0;
                continue;
            }

            builder.Append(upperNext ? char.ToUpperInvariant(c) : builder.Length == 0 ? char.ToLowerInvariant(c) : c);
            upperNext = false;
        }

        return builder.ToString();
    }

    /// <summary>The most UTF-8 bytes a generated name may have: metadata allows 1024 for a type's name and as many for its
    /// namespace, and the generator derives longer names (Async suffixes, generic arity) from the spec's.</summary>
    public const int MaxNameBytes = 500;

    public const string LengthProblem = " (it is longer than 500 UTF-8 bytes, more than a generated name can have in metadata)";

    /// <summary>True when <paramref name="name"/> is too long to be emitted into metadata.</summary>
    public static bool TooLong(string name) => name.Length > MaxNameBytes || System.Text.Encoding.UTF8.GetByteCount(name) > MaxNameBytes;

    /// <summary>Null when <paramref name="name"/> can be a C# identifier, else the reason it cannot.</summary>
    public static string? IdentifierProblem(string name)
    {
        if (TooLong(name))
        {
            return LengthProblem;
        }

        if (SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) is SyntaxKind.VarKeyword)
        {
            return " (it is a C# keyword)";
        }

        return SyntaxFacts.IsValidIdentifier(name) ? null : "";
    }
}
