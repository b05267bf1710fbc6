using AgentBay.Generators.Model;

namespace AgentBay.Generators.Emit;

/// <summary>Statements that put a typed value into an AgentBayRequest, encoded as the spec says.</summary>
internal static class RequestParameters
{
    /// <summary>
    /// A statement adding <paramref name="value"/> as parameter <paramref name="wire"/>. Collections, records and JSON
    /// travel as one JSON string; <paramref name="defaultJson"/> is sent when the value is null.
    /// </summary>
    public static string AddStatement(TypeContext types, TypeRef type, string value, string wire, bool encodeJson, string location, string? defaultJson)
    {
        var name = CodeWriter.Literal(wire);
        switch (type.Kind)
        {
            case TypeKind.String:
                return "request.Add(" + name + ", " + value + ", " + location + ");";
            case TypeKind.Bool:
                return "request.Add(" + name + ", (bool?)" + value + ", " + location + ");";
            case TypeKind.Int:
            case TypeKind.Long:
                return "request.Add(" + name + ", (long?)" + value + ", " + location + ");";
            case TypeKind.Double:
                return "request.Add(" + name + ", (double?)" + value + ", " + location + ");";
            case TypeKind.Session:
                return "request.Add(" + name + ", " + value + (type.IsNullable ? "?" : "") + ".SessionId, " + location + ");";
        }

        if (TypeNames.IsEnum(types, type))
        {
            return "request.Add(" + name + ", " + value + (type.IsNullable ? "?" : "") + ".Value, " + location + ");";
        }

        var nullable = type.IsNullable || !TypeNames.IsValueType(types, type);
        var plain = type.AsNullable(false);
        var access = type.IsNullable && TypeNames.IsValueType(types, type) ? value + ".Value" : value;
        var add = "request.AddJson(" + name + ", w => " + TypeNames.Write(types, plain, access, "w").TrimEnd(';') + ", " + location + ");";
        if (!nullable)
        {
            return add;
        }

        var statement = "if (" + value + " is not null) { " + add + " }";
        if (defaultJson is not null)
        {
            statement += " else { request.Add(" + name + ", " + CodeWriter.Literal(defaultJson) + ", " + location + "); }";
        }

        return statement;
    }

    public static string Location(WireLocation location) => location == WireLocation.Query
        ? "global::AgentBay.Runtime.ParameterLocation.Query"
        : "global::AgentBay.Runtime.ParameterLocation.Form";
}
