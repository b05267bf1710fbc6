using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentBay.Emulator.Tools;

/// <summary>
/// Derives JSON Schema from the spec's type language: <c>string, bool, int, long, double, json, list&lt;T&gt;,
/// map&lt;string,T&gt;</c>, a record or enum name, and a trailing <c>?</c> for optional.
/// </summary>
internal sealed class ToolSchema(JsonObject? records, JsonObject? enums)
{
    private readonly HashSet<string> _expanding = new(StringComparer.Ordinal);

    /// <summary>The inputSchema of a tool from its <c>args</c> section (absent: no arguments).</summary>
    public JsonObject ForArguments(JsonObject? args)
    {
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var (name, node) in args ?? [])
        {
            var arg = node as JsonObject ?? [];
            var (type, optional) = SplitOptional(Text(arg, "type") ?? "string");
            var schema = ForType(type);
            if (Text(arg, "doc") is { } doc)
            {
                schema["description"] = doc;
            }

            if (arg["default"] is { } defaultValue)
            {
                schema["default"] = defaultValue.DeepClone();
            }

            if (arg["range"] is JsonArray { Count: 2 } range)
            {
                schema["minimum"] = range[0]?.DeepClone();
                schema["maximum"] = range[1]?.DeepClone();
            }

            if (arg["allowed"] is JsonArray allowed)
            {
                schema["enum"] = allowed.DeepClone();
            }

            properties[name] = schema;

            // An argument with a default need not be sent, so it is not required either.
            if (!optional && arg["default"] is null)
            {
                required.Add(name);
            }
        }

        return new JsonObject { ["type"] = "object", ["properties"] = properties, ["required"] = required };
    }

    /// <summary>The schema of one (non-optional) type expression.</summary>
    public JsonObject ForType(string type)
    {
        type = SplitOptional(type.Trim()).Type;
        switch (type)
        {
            case "string":
                return new JsonObject { ["type"] = "string" };
            case "bool":
                return new JsonObject { ["type"] = "boolean" };
            case "int":
            case "long":
                return new JsonObject { ["type"] = "integer" };
            case "double":
                return new JsonObject { ["type"] = "number" };
            case "json":
                return [];
        }

        if (Generic(type, "list") is { } item)
        {
            return new JsonObject { ["type"] = "array", ["items"] = ForType(item) };
        }

        if (Generic(type, "map") is { } pair)
        {
            var comma = TopLevelComma(pair);
            var value = comma < 0 ? "string" : pair[(comma + 1)..];
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = ForType(value) };
        }

        if (enums?[type] is JsonObject enumDef && enumDef["values"] is JsonObject values)
        {
            return new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(values.Select(v => (JsonNode?)v.Value?.DeepClone()).ToArray()) };
        }

        return ForRecord(type);
    }

    private JsonObject ForRecord(string name)
    {
        // Unknown names and self-referencing records end as a plain object rather than failing the catalogue.
        if (records?[name] is not JsonObject record || record["fields"] is not JsonObject fields || !_expanding.Add(name))
        {
            return new JsonObject { ["type"] = "object" };
        }

        try
        {
            var properties = new JsonObject();
            var required = new JsonArray();
            foreach (var (fieldName, node) in fields)
            {
                var field = node as JsonObject ?? [];
                var wire = Text(field, "wire") ?? fieldName;
                var (type, optional) = SplitOptional(Text(field, "type") ?? "string");
                var schema = ForType(type);
                if (Text(field, "doc") is { } doc)
                {
                    schema["description"] = doc;
                }

                properties[wire] = schema;
                if (!optional)
                {
                    required.Add(wire);
                }
            }

            return new JsonObject { ["type"] = "object", ["properties"] = properties, ["required"] = required };
        }
        finally
        {
            _expanding.Remove(name);
        }
    }

    private static (string Type, bool Optional) SplitOptional(string type) =>
        type.EndsWith('?') ? (type[..^1].Trim(), true) : (type, false);

    private static string? Generic(string type, string name) =>
        type.StartsWith(name + "<", StringComparison.Ordinal) && type.EndsWith('>') ? type[(name.Length + 1)..^1] : null;

    private static int TopLevelComma(string text)
    {
        var depth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] switch { '<' => 1, '>' => -1, _ => 0 };
            if (text[i] == ',' && depth == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static string? Text(JsonObject node, string name) =>
        node[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
