using System.Collections.Generic;
using AgentBay.Generators.Model;

namespace AgentBay.Generators.Binding;

/// <summary>
/// Parses spec type strings: <c>string</c>, <c>int?</c>, <c>list&lt;McpTool&gt;</c>, <c>map&lt;string,string&gt;?</c>,
/// <c>OperationResult&lt;map&lt;string,string&gt;&gt;</c>. Names are resolved later, by the validator, because records may
/// be declared after they are used.
/// </summary>
internal static class TypeParser
{
    private const int MaxDepth = 16;

    /// <summary>Parses <paramref name="text"/>; on failure returns null and says why in <paramref name="error"/>.</summary>
    public static TypeRef? Parse(string text, out string? error)
    {
        var position = 0;
        var result = ParseType(text, ref position, 0, out error);
        if (result is null)
        {
            return null;
        }

        SkipSpaces(text, ref position);
        if (position != text.Length)
        {
            error = $"unexpected '{text.Substring(position)}' after the type";
            return null;
        }

        return result;
    }

    private static TypeRef? ParseType(string text, ref int position, int depth, out string? error)
    {
        if (depth > MaxDepth)
        {
            error = "type nesting is too deep";
            return null;
        }

        SkipSpaces(text, ref position);
        var start = position;
        while (position < text.Length && (char.IsLetterOrDigit(text[position]) || text[position] == '_'))
        {
            position++;
        }

        if (position == start)
        {
            error = position < text.Length ? $"expected a type name at '{text.Substring(position)}'" : "expected a type name";
            return null;
        }

        var name = text.Substring(start, position - start);
        var arguments = new List<TypeRef>();
        SkipSpaces(text, ref position);
        if (position < text.Length && text[position] == '<')
        {
            position++;
            while (true)
            {
                var argument = ParseType(text, ref position, depth + 1, out error);
                if (argument is null)
                {
                    return null;
                }

                arguments.Add(argument);
                SkipSpaces(text, ref position);
                if (position < text.Length && text[position] == ',')
                {
                    position++;
                    continue;
                }

                if (position < text.Length && text[position] == '>')
                {
                    position++;
                    break;
                }

                error = "expected ',' or '>' in the type arguments";
                return null;
            }
        }

        SkipSpaces(text, ref position);
        var nullable = false;
        if (position < text.Length && text[position] == '?')
        {
            nullable = true;
            position++;
        }

        return Build(name, arguments, nullable, out error);
    }

    private static TypeRef? Build(string name, List<TypeRef> arguments, bool nullable, out string? error)
    {
        error = null;
        var kind = name switch
        {
            "string" => TypeKind.String,
            "bool" => TypeKind.Bool,
            "int" => TypeKind.Int,
            "long" => TypeKind.Long,
            "double" => TypeKind.Double,
            "json" => TypeKind.Json,
            "session" => TypeKind.Session,
            "list" => TypeKind.List,
            "map" => TypeKind.Map,
            _ => TypeKind.Named,
        };

        switch (kind)
        {
            case TypeKind.List:
                if (arguments.Count != 1)
                {
                    error = "list takes one element type, as in list<string>";
                    return null;
                }

                return new TypeRef(kind, name, new EquatableArray<TypeRef>(arguments), nullable);
            case TypeKind.Map:
                if (arguments.Count != 2 || arguments[0].Kind != TypeKind.String || arguments[0].IsNullable)
                {
                    error = "map takes a string key and a value type, as in map<string,string>";
                    return null;
                }

                return new TypeRef(kind, name, new EquatableArray<TypeRef>(new[] { arguments[1] }), nullable);
            case TypeKind.Named:
                return new TypeRef(kind, name, EquatableArray.From(arguments), nullable);
            default:
                if (arguments.Count != 0)
                {
                    error = $"'{name}' takes no type arguments";
                    return null;
                }

                return TypeRef.Simple(kind, nullable);
        }
    }

    private static void SkipSpaces(string text, ref int position)
    {
        while (position < text.Length && text[position] == ' ')
        {
            position++;
        }
    }
}
