using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentBay.Emulator.Tools;

/// <summary>
/// Typed access to the <c>Args</c> JSON object of a tool call. Lenient where SDKs differ (numbers sent as strings,
/// booleans as "True"), strict where a wrong type would silently change behaviour.
/// </summary>
internal sealed class ToolArgs(JsonObject values)
{
    public string? OptionalString(string name) => values[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
        _ => throw new ToolException($"Argument '{name}' must be a string."),
    };

    public string RequiredString(string name) =>
        OptionalString(name) ?? throw new ToolException($"Missing required argument '{name}'.");

    public long Integer(string name, long defaultValue, long min, long max)
    {
        long value;
        switch (values[name])
        {
            case null:
                return defaultValue;
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out long n):
                value = n;
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out double d) && d == Math.Floor(d):
                value = (long)d;
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String
                && long.TryParse(v.GetValue<string>(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed):
                value = parsed;
                break;
            default:
                throw new ToolException($"Argument '{name}' must be an integer.");
        }

        if (value < min || value > max)
        {
            throw new ToolException($"Argument '{name}' must be between {min} and {max} (got {value}).");
        }

        return value;
    }

    public bool Boolean(string name, bool defaultValue) => values[name] switch
    {
        null => defaultValue,
        JsonValue v when v.GetValueKind() == JsonValueKind.True => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.False => false,
        JsonValue v when v.GetValueKind() == JsonValueKind.String && bool.TryParse(v.GetValue<string>(), out var b) => b,
        _ => throw new ToolException($"Argument '{name}' must be a boolean."),
    };

    public IReadOnlyDictionary<string, string>? StringMap(string name)
    {
        switch (values[name])
        {
            case null:
                return null;
            case JsonObject map:
                var result = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (key, value) in map)
                {
                    result[key] = value is JsonValue v && v.GetValueKind() == JsonValueKind.String
                        ? v.GetValue<string>()
                        : throw new ToolException($"Argument '{name}' must map names to strings ('{key}' is not a string).");
                }

                return result;
            default:
                throw new ToolException($"Argument '{name}' must be an object of strings.");
        }
    }

    public JsonArray Array(string name) =>
        values[name] as JsonArray ?? throw new ToolException($"Argument '{name}' must be an array.");

    /// <summary>
    /// A list of patterns sent either way the SDKs send it: the Python SDK joins them into one comma-separated string
    /// (<c>"sub,*.log"</c>), the TypeScript SDK sends a JSON array (<c>["sub","*.log"]</c>); the service takes both.
    /// Entries are trimmed and empty ones dropped; absent or null is an empty list. Anything else is a tool error.
    /// </summary>
    public IReadOnlyList<string> PatternList(string name)
    {
        const string Expected = "a comma-separated string or an array of strings";
        var node = values[name];
        switch (node)
        {
            case null:
                return [];
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                return v.GetValue<string>().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            case JsonArray items:
                var patterns = new List<string>(items.Count);
                for (var i = 0; i < items.Count; i++)
                {
                    if (items[i] is not JsonValue item || item.GetValueKind() != JsonValueKind.String)
                    {
                        throw new ToolException(
                            $"Argument '{name}' must be {Expected}; item {i} is {Kind(items[i])}.");
                    }

                    if (item.GetValue<string>().Trim() is { Length: > 0 } pattern)
                    {
                        patterns.Add(pattern);
                    }
                }

                return patterns;
            default:
                throw new ToolException($"Argument '{name}' must be {Expected} (got {Kind(node)}).");
        }
    }

    private static string Kind(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "a string",
    };
}

/// <summary>What a tool returns: the text of <c>content[0]</c> and the <c>isError</c> flag.</summary>
internal sealed record ToolResult(string Text, bool IsError = false);
