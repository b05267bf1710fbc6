using AgentBay.Generators.Model;

namespace AgentBay.Generators.Emit;

/// <summary>How spec types are spelled in C# and how their values are read from and written to JSON.</summary>
internal static class TypeNames
{
    public const string Runtime = "global::AgentBay.Runtime.";
    public const string WireReader = Runtime + "WireReader.";
    public const string WireWriter = Runtime + "WireWriter.";
    public const string JsonElement = "global::System.Text.Json.JsonElement";

    /// <summary>Makes an async ValueTask method take its state machine from a pool instead of allocating one per call.</summary>
    public const string PoolingBuilderAttribute =
        "[global::System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(global::System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]";
    public const string Writer = "global::System.Text.Json.Utf8JsonWriter";
    public const string CancellationToken = "global::System.Threading.CancellationToken";
    public const string TimeSpan = "global::System.TimeSpan";

    public static bool IsEnum(TypeContext types, TypeRef type) => type.Kind == TypeKind.Named && Contains(types.Enums, type.Name);

    public static bool IsValueType(TypeContext types, TypeRef type) => type.Kind switch
    {
        TypeKind.Bool or TypeKind.Int or TypeKind.Long or TypeKind.Double or TypeKind.Json => true,
        TypeKind.Named => IsEnum(types, type),
        _ => false,
    };

    /// <summary>The C# spelling of <paramref name="type"/>, nullable when the spec says so.</summary>
    public static string CSharp(TypeContext types, TypeRef type) => Core(types, type) + (type.IsNullable ? "?" : "");

    private static string Core(TypeContext types, TypeRef type) => type.Kind switch
    {
        TypeKind.String => "string",
        TypeKind.Bool => "bool",
        TypeKind.Int => "int",
        TypeKind.Long => "long",
        TypeKind.Double => "double",
        TypeKind.Json => JsonElement,
        TypeKind.Session => Qualified(types, types.SessionClass ?? "Session"),
        TypeKind.List => "global::System.Collections.Generic.IReadOnlyList<" + CSharp(types, type.Element) + ">",
        TypeKind.Map => "global::System.Collections.Generic.IReadOnlyDictionary<string, " + CSharp(types, type.Element) + ">",
        TypeKind.TypeParameter => type.Name,
        _ => Qualified(types, type.Name) + GenericArguments(types, type),
    };

    private static string GenericArguments(TypeContext types, TypeRef type)
    {
        if (type.Arguments.IsEmpty)
        {
            return "";
        }

        var parts = new string[type.Arguments.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = CSharp(types, type.Arguments[i]);
        }

        return "<" + string.Join(", ", parts) + ">";
    }

    public static string Qualified(TypeContext types, string name) => "global::" + types.Namespace + "." + name;

    /// <summary>
    /// An expression reading <paramref name="type"/> from the JsonElement expression <paramref name="element"/>. A
    /// non-nullable type falls back to its empty value when the wire has nothing.
    /// </summary>
    public static string Read(TypeContext types, TypeRef type, string element, System.Func<string, string?>? typeParameterReader = null, int depth = 0)
    {
        var item = "x" + depth.ToString(System.Globalization.CultureInfo.InvariantCulture);
        switch (type.Kind)
        {
            case TypeKind.String:
                return WireReader + "ReadString(" + element + ")" + (type.IsNullable ? "" : " ?? \"\"");
            case TypeKind.Bool:
                return WireReader + "ReadBoolean(" + element + ")" + (type.IsNullable ? "" : " ?? false");
            case TypeKind.Int:
                return WireReader + "ReadInt32(" + element + ")" + (type.IsNullable ? "" : " ?? 0");
            case TypeKind.Long:
                return WireReader + "ReadInt64(" + element + ")" + (type.IsNullable ? "" : " ?? 0L");
            case TypeKind.Double:
                return WireReader + "ReadDouble(" + element + ")" + (type.IsNullable ? "" : " ?? 0d");
            case TypeKind.Json:
                return type.IsNullable
                    ? "(" + element + ".ValueKind is global::System.Text.Json.JsonValueKind.Undefined or global::System.Text.Json.JsonValueKind.Null ? (" + JsonElement + "?)null : " + element + ".Clone())"
                    : element + ".Clone()";
            case TypeKind.List:
                return WireReader + "ReadList(" + element + ", static " + item + " => " + Read(types, type.Element, item, typeParameterReader, depth + 1) + ")"
                    + (type.IsNullable ? "" : " ?? global::System.Array.Empty<" + CSharp(types, type.Element) + ">()");
            case TypeKind.Map:
                return WireReader + "ReadMap(" + element + ", static " + item + " => " + Read(types, type.Element, item, typeParameterReader, depth + 1) + ")"
                    + (type.IsNullable ? "" : " ?? new global::System.Collections.Generic.Dictionary<string, " + CSharp(types, type.Element) + ">()");
            case TypeKind.Session:
                return "(" + WireReader + "ReadString(" + element + ") is { Length: > 0 } sessionId ? sessionFactory(sessionId) : null" + (type.IsNullable ? "" : "!") + ")";
            case TypeKind.TypeParameter:
                return typeParameterReader?.Invoke(type.Name) ?? "default!";
            default:
                if (IsEnum(types, type))
                {
                    return type.IsNullable
                        ? "(" + WireReader + "ReadString(" + element + ") is { } " + item + " ? new " + Qualified(types, type.Name) + "(" + item + ") : (" + CSharp(types, type) + ")null)"
                        : "new " + Qualified(types, type.Name) + "(" + WireReader + "ReadString(" + element + ") ?? \"\")";
                }

                return type.IsNullable
                    ? "(" + element + ".ValueKind is global::System.Text.Json.JsonValueKind.Undefined or global::System.Text.Json.JsonValueKind.Null ? null : " + Qualified(types, type.Name) + ".ReadFrom(" + element + "))"
                    : Qualified(types, type.Name) + ".ReadFrom(" + element + ")";
        }
    }

    /// <summary>A statement writing the value <paramref name="value"/> (known not null) with the Utf8JsonWriter <paramref name="writer"/>.</summary>
    public static string Write(TypeContext types, TypeRef type, string value, string writer, int depth = 0)
    {
        var w = "w" + depth.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var v = "v" + depth.ToString(System.Globalization.CultureInfo.InvariantCulture);
        switch (type.Kind)
        {
            case TypeKind.String:
                return WireWriter + "Write(" + writer + ", (string?)" + value + ");";
            case TypeKind.Bool:
                return WireWriter + "Write(" + writer + ", (bool?)" + value + ");";
            case TypeKind.Int:
            case TypeKind.Long:
                return WireWriter + "Write(" + writer + ", (long?)" + value + ");";
            case TypeKind.Double:
                return WireWriter + "Write(" + writer + ", (double?)" + value + ");";
            case TypeKind.Json:
                return value + (type.IsNullable ? ".GetValueOrDefault()" : "") + ".WriteTo(" + writer + ");";
            case TypeKind.List:
                return WireWriter + "WriteList(" + writer + ", " + value + ", static (" + w + ", " + v + ") => " + Write(types, NonNull(type.Element), v, w, depth + 1).TrimEnd(';') + ");";
            case TypeKind.Map:
                return WireWriter + "WriteMap(" + writer + ", " + value + ", static (" + w + ", " + v + ") => " + Write(types, NonNull(type.Element), v, w, depth + 1).TrimEnd(';') + ");";
            case TypeKind.Session:
                return WireWriter + "Write(" + writer + ", " + value + ".SessionId);";
            default:
                if (IsEnum(types, type))
                {
                    return WireWriter + "Write(" + writer + ", " + value + (type.IsNullable ? ".GetValueOrDefault()" : "") + ".Value);";
                }

                return value + ".WriteJson(" + writer + ");";
        }
    }

    private static TypeRef NonNull(TypeRef type) => type.IsNullable ? type.AsNullable(false) : type;

    private static bool Contains(EquatableArray<string> values, string value)
    {
        foreach (var candidate in values)
        {
            if (candidate == value)
            {
                return true;
            }
        }

        return false;
    }
}
