using System.Collections.Generic;
using System.Globalization;
using System.Text;
using AgentBay.Generators.Model;

namespace AgentBay.Generators.Emit;

/// <summary>
/// Writes the JSON schema of a tool's arguments at compile time, from the spec: each argument's type, description,
/// <c>allowed</c> values (enum), <c>range</c> (minimum/maximum) and default, and the required list (arguments without a
/// default that may not be null). Property names are the wire names, the names the model sends.
/// </summary>
internal static class ToolSchemaWriter
{
    private const int MaxRecordDepth = 8;

    public static string Write(AIToolUnit unit)
    {
        var records = new Dictionary<string, RecordModel>();
        foreach (var record in unit.ArgumentRecords)
        {
            records[record.Name] = record;
        }

        var enums = new Dictionary<string, EnumModel>();
        foreach (var enumModel in unit.ArgumentEnums)
        {
            enums[enumModel.Name] = enumModel;
        }

        var json = new StringBuilder(512);
        json.Append("{\"type\":\"object\",\"properties\":{");
        var required = new List<string>();
        var first = true;
        foreach (var argument in unit.Tool.Arguments)
        {
            if (!first)
            {
                json.Append(',');
            }

            first = false;
            String(json, argument.Wire);
            json.Append(':');
            json.Append('{');
            var members = new List<string>();
            TypeMembers(members, argument.Type, records, enums, new HashSet<string>(), 0);
            if (!string.IsNullOrWhiteSpace(argument.Doc))
            {
                members.Add("\"description\":" + Quote(argument.Doc!.Trim()));
            }

            if (!argument.Allowed.IsEmpty)
            {
                var values = new List<string>();
                foreach (var allowed in argument.Allowed)
                {
                    values.Add(Quote(allowed));
                }

                members.Add("\"enum\":[" + string.Join(",", values) + "]");
            }

            if (argument.Range is { } range)
            {
                members.Add("\"minimum\":" + Number(range.Min, range.MinValue));
                members.Add("\"maximum\":" + Number(range.Max, range.MaxValue));
            }

            if (argument.Default is { } literal)
            {
                members.Add("\"default\":" + Literal(literal, argument.Type));
            }

            json.Append(string.Join(",", members));
            json.Append('}');
            if (IsRequired(argument))
            {
                required.Add(argument.Wire);
            }
        }

        json.Append('}');
        if (required.Count > 0)
        {
            json.Append(",\"required\":[");
            for (var i = 0; i < required.Count; i++)
            {
                if (i > 0)
                {
                    json.Append(',');
                }

                String(json, required[i]);
            }

            json.Append(']');
        }

        json.Append('}');
        return json.ToString();
    }

    /// <summary>An argument the model must send: no default, and null not allowed.</summary>
    public static bool IsRequired(ToolArgumentModel argument) => argument.Default is null && !argument.Type.IsNullable;

    private static void TypeMembers(List<string> members, TypeRef type, Dictionary<string, RecordModel> records, Dictionary<string, EnumModel> enums,
        HashSet<string> visiting, int depth)
    {
        switch (type.Kind)
        {
            case TypeKind.String:
            case TypeKind.Session:
                members.Add("\"type\":\"string\"");
                break;
            case TypeKind.Bool:
                members.Add("\"type\":\"boolean\"");
                break;
            case TypeKind.Int:
            case TypeKind.Long:
                members.Add("\"type\":\"integer\"");
                break;
            case TypeKind.Double:
                members.Add("\"type\":\"number\"");
                break;
            case TypeKind.List:
                members.Add("\"type\":\"array\"");
                members.Add("\"items\":" + Schema(type.Element, records, enums, visiting, depth + 1));
                break;
            case TypeKind.Map:
                members.Add("\"type\":\"object\"");
                members.Add("\"additionalProperties\":" + Schema(type.Element, records, enums, visiting, depth + 1));
                break;
            case TypeKind.Named when enums.TryGetValue(type.Name, out var enumModel):
                members.Add("\"type\":\"string\"");
                var values = new List<string>();
                foreach (var value in enumModel.Values)
                {
                    values.Add(Quote(value.Wire));
                }

                if (values.Count > 0)
                {
                    members.Add("\"enum\":[" + string.Join(",", values) + "]");
                }

                break;
            case TypeKind.Named:
                members.Add("\"type\":\"object\"");
                if (records.TryGetValue(type.Name, out var record) && depth < MaxRecordDepth && visiting.Add(type.Name))
                {
                    RecordMembers(members, record, records, enums, visiting, depth);
                    visiting.Remove(type.Name);
                }

                break;
            default:
                // json: any value, no constraint.
                break;
        }
    }

    private static void RecordMembers(List<string> members, RecordModel record, Dictionary<string, RecordModel> records, Dictionary<string, EnumModel> enums,
        HashSet<string> visiting, int depth)
    {
        var properties = new List<string>();
        var required = new List<string>();
        foreach (var field in record.Fields)
        {
            // A record argument is read from its wire fields (ReadFrom); dotted paths are not plain properties.
            if (field.Source != FieldSource.Wire || field.Wire is null || field.Wire.IndexOf('.') >= 0 || field.Type.Kind == TypeKind.TypeParameter)
            {
                continue;
            }

            var schema = Schema(field.Type, records, enums, visiting, depth + 1, field.Doc);
            properties.Add(Quote(field.Wire) + ":" + schema);
            if (!field.Type.IsNullable)
            {
                required.Add(Quote(field.Wire));
            }
        }

        members.Add("\"properties\":{" + string.Join(",", properties) + "}");
        if (required.Count > 0)
        {
            members.Add("\"required\":[" + string.Join(",", required) + "]");
        }
    }

    private static string Schema(TypeRef type, Dictionary<string, RecordModel> records, Dictionary<string, EnumModel> enums, HashSet<string> visiting, int depth,
        string? doc = null)
    {
        var members = new List<string>();
        TypeMembers(members, type, records, enums, visiting, depth);
        if (!string.IsNullOrWhiteSpace(doc))
        {
            members.Add("\"description\":" + Quote(doc!.Trim()));
        }

        return "{" + string.Join(",", members) + "}";
    }

    private static string Number(string text, double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) && text.IndexOf('_') < 0 && !text.StartsWith("+", System.StringComparison.Ordinal)
            ? text
            : value.ToString("R", CultureInfo.InvariantCulture);

    private static string Literal(LiteralValue literal, TypeRef type)
    {
        if (type.Kind is TypeKind.List or TypeKind.Map or TypeKind.Json || (type.Kind == TypeKind.Named && literal.Kind != LiteralKind.String))
        {
            // Collections and JSON defaults are written as JSON in the spec (and sent raw on the wire).
            return literal.Text;
        }

        return literal.Kind switch
        {
            LiteralKind.Boolean => literal.Text.ToLowerInvariant() == "true" ? "true" : "false",
            LiteralKind.Integer or LiteralKind.Number => Number(literal.Text, double.Parse(literal.Text, NumberStyles.Float, CultureInfo.InvariantCulture)),
            _ => Quote(literal.Text),
        };
    }

    public static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2);
        String(builder, value);
        return builder.ToString();
    }

    private static void String(StringBuilder builder, string value)
    {
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                default:
                    if (c < ' ' || c == '\u2028' || c == '\u2029')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }
}
