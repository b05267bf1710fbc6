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

    /// <summary>Null when <paramref name="name"/> can be a C# identifier, else the reason it cannot.</summary>
    public static string? IdentifierProblem(string name)
    {
        if (SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) is SyntaxKind.VarKeyword)
        {
            return " (it is a C# keyword)";
        }

        return SyntaxFacts.IsValidIdentifier(name) ? null : "";
    }
}
