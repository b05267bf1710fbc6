using System.Collections.Generic;
using System.Text;

namespace AgentBay.Cli.Specs;

/// <summary>C# names for MCP tool and argument names, by the generator's rules (camelCase parameters, PascalCase methods).</summary>
internal static class Names
{
    // C# keywords (reserved and the contextual ones a parameter cannot comfortably use); the generator rejects them (AGB1009).
    private static readonly HashSet<string> Keywords = new(System.StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue",
        "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false", "finally",
        "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface", "internal", "is", "lock",
        "long", "namespace", "new", "null", "object", "operator", "out", "override", "params", "private", "protected",
        "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string",
        "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort",
        "using", "virtual", "void", "volatile", "while", "await", "var", "dynamic", "nameof", "value", "record", "field",
    };

    // Names the generated tool methods use themselves (docs/spec-format.md, tools: AGB1008 or a C# clash).
    private static readonly HashSet<string> ReservedParameters = new(System.StringComparer.Ordinal)
    {
        "cancellationToken", "async", "outcome", "result", "writer", "timeout", "pollInterval", "request", "id", "e",
    };

    // Members the tools class has besides the tool methods, and object's members.
    private static readonly HashSet<string> ReservedMethods = new(System.StringComparer.Ordinal)
    {
        "Session", "SessionTools", "Equals", "GetHashCode", "GetType", "ToString", "MemberwiseClone", "Finalize", "ServerOf",
        "CallToolCoreAsync",
    };

    /// <summary><c>timeout_ms</c> → <c>timeoutMs</c>; a valid, non-reserved C# identifier made of ASCII letters and digits.</summary>
    public static string Parameter(string wireName)
    {
        var parts = Words(wireName);
        var builder = new StringBuilder();
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            if (i == 0)
            {
                // "URL" -> "url", "URLPath" stays one word here: lower its first letter only unless it is all capitals.
                builder.Append(IsAllUpper(part) ? part.ToLowerInvariant() : char.ToLowerInvariant(part[0]) + part[1..]);
            }
            else
            {
                builder.Append(char.ToUpperInvariant(part[0])).Append(part, 1, part.Length - 1);
            }
        }

        var name = builder.Length == 0 ? "arg" : builder.ToString();
        if (char.IsAsciiDigit(name[0]))
        {
            name = "arg" + name;
        }

        return Keywords.Contains(name) || ReservedParameters.Contains(name) ? name + "Value" : name;
    }

    /// <summary><c>run_code</c> → <c>RunCode</c>.</summary>
    public static string Method(string toolName)
    {
        var builder = new StringBuilder();
        foreach (var part in Words(toolName))
        {
            builder.Append(char.ToUpperInvariant(part[0])).Append(part, 1, part.Length - 1);
        }

        var name = builder.Length == 0 ? "Tool" : builder.ToString();
        if (char.IsAsciiDigit(name[0]))
        {
            name = "Tool" + name;
        }

        return ReservedMethods.Contains(name) ? name + "Tool" : name;
    }

    /// <summary>Is <paramref name="name"/> usable as written as a C# parameter name.</summary>
    public static bool IsPlainParameter(string name) => Parameter(name) == name;

    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                current.Append(c);
            }
            else if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }

        return words;
    }

    private static bool IsAllUpper(string word)
    {
        var letters = 0;
        foreach (var c in word)
        {
            if (char.IsAsciiLetterLower(c))
            {
                return false;
            }

            letters += char.IsAsciiLetterUpper(c) ? 1 : 0;
        }

        return letters > 1;
    }
}
