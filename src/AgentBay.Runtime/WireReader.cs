using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace AgentBay.Runtime;

/// <summary>Reads typed values from wire paths (<c>Data.DesktopInfo.AppId</c>); a JSON string met on the way is parsed.</summary>
/// <remarks>
/// The service nests JSON inside strings in several places (GetLink's <c>Data</c>, GetLabel's <c>Data.Labels</c>,
/// ListMcpTools' <c>Data</c>, CallMcpTool's <c>Data</c>), so every reader accepts both shapes. Readers are lenient:
/// a value of the wrong kind reads as null instead of throwing, because one odd field must not break a whole result.
/// </remarks>
public static class WireReader
{
    /// <summary>The element at <paramref name="path"/> ("" = <paramref name="source"/> itself), or an undefined element.</summary>
    /// <remarks>Segments are separated by dots; a numeric segment indexes an array (<c>content.0.text</c>).</remarks>
    public static JsonElement Select(JsonElement source, string path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return source;
        }
        JsonElement current = source;
        int start = 0;
        while (start <= path.Length)
        {
            int end = path.IndexOf('.', start);
            if (end < 0)
            {
                end = path.Length;
            }
            ReadOnlySpan<char> segment = path.AsSpan(start, end - start);
            if (current.ValueKind == JsonValueKind.String && !TryParseEmbedded(current, out current))
            {
                return default;
            }
            if (!TryStep(current, segment, out current))
            {
                return default;
            }
            start = end + 1;
        }
        return current;
    }

    /// <summary>
    /// Every element <paramref name="path"/> reaches, where a <c>*</c> segment stands for each item of an array (or each
    /// value of an object): <c>Data.ContextStatus.*.data.*.status</c> collects the status of every task, through the JSON
    /// strings nested on the way. Paths without <c>*</c> select at most one element, as <see cref="Select"/>.
    /// </summary>
    public static void SelectAll(JsonElement source, string path, List<JsonElement> into)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(into);
        int star = path.IndexOf('*', StringComparison.Ordinal);
        if (star < 0)
        {
            JsonElement single = Select(source, path);
            if (single.ValueKind != JsonValueKind.Undefined)
            {
                into.Add(single);
            }
            return;
        }
        JsonElement container = Select(source, star == 0 ? "" : path.Substring(0, star - 1));
        if (container.ValueKind == JsonValueKind.String && !TryParseEmbedded(container, out container))
        {
            return;
        }
        string rest = star + 1 < path.Length ? path.Substring(star + 2) : "";
        switch (container.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (JsonElement item in container.EnumerateArray())
                {
                    SelectAll(item, rest, into);
                }
                break;
            case JsonValueKind.Object:
                foreach (JsonProperty property in container.EnumerateObject())
                {
                    SelectAll(property.Value, rest, into);
                }
                break;
        }
    }

    /// <summary>
    /// The property <paramref name="utf8Name"/> of <paramref name="source"/>, or an undefined element: the one-segment
    /// <see cref="Select"/> without path parsing (a JSON string holding an object is parsed first, as there).
    /// </summary>
    public static JsonElement Property(JsonElement source, ReadOnlySpan<byte> utf8Name)
    {
        JsonValueKind kind = source.ValueKind;
        if (kind == JsonValueKind.String)
        {
            if (!TryParseEmbedded(source, out source))
            {
                return default;
            }
            kind = source.ValueKind;
        }
        return kind == JsonValueKind.Object && source.TryGetProperty(utf8Name, out JsonElement value) ? value : default;
    }

    /// <summary>A string (numbers and booleans in their JSON text), or null when absent/null.</summary>
    /// <remarks>An object or array reads as its JSON text, as received.</remarks>
    public static string? ReadString(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Object or JsonValueKind.Array => element.GetRawText(),
        _ => null,
    };

    /// <summary>Booleans; also "true"/"false" strings in any case.</summary>
    public static bool? ReadBoolean(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.String:
                // Python's str(bool) sends "True"/"False", so any case is accepted.
                string? text = element.GetString()?.Trim();
                if (string.Equals(text, "true", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
                if (string.Equals(text, "false", StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }
                return null;
            default:
                return null;
        }
    }

    /// <summary>Numbers; also numeric strings.</summary>
    /// <remarks>Integral values written with a fraction of zero (<c>3.0</c>) are accepted; out-of-range values read as null.</remarks>
    public static int? ReadInt32(JsonElement element)
    {
        long? value = ReadInt64(element);
        return value is >= int.MinValue and <= int.MaxValue ? (int)value.Value : null;
    }

    /// <summary>Numbers; also numeric strings.</summary>
    /// <remarks>Integral values written with a fraction of zero (<c>3.0</c>) are accepted; out-of-range values read as null.</remarks>
    public static long? ReadInt64(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                if (element.TryGetInt64(out long number))
                {
                    return number;
                }
                return element.TryGetDouble(out double real) ? IntegralOrNull(real) : null;
            case JsonValueKind.String:
                string? text = element.GetString()?.Trim();
                if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long parsed))
                {
                    return parsed;
                }
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsedReal)
                    ? IntegralOrNull(parsedReal)
                    : null;
            default:
                return null;
        }
    }

    /// <summary>Numbers; also numeric strings.</summary>
    public static double? ReadDouble(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                return element.TryGetDouble(out double number) ? number : null;
            case JsonValueKind.String:
                return double.TryParse(element.GetString()?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed)
                    ? parsed
                    : null;
            default:
                return null;
        }
    }

    /// <summary>A list; a JSON string holding an array is parsed first; null when absent.</summary>
    /// <remarks>
    /// A blank string, a string that is not a JSON array, or a non-array value reads as null. The elements handed to
    /// <paramref name="readItem"/> are valid only during that call (an embedded array is parsed into a document that is
    /// released afterwards): copy what must outlive it, as generated readers do (<see cref="JsonElement.Clone"/>).
    /// </remarks>
    public static IReadOnlyList<T>? ReadList<T>(JsonElement element, Func<JsonElement, T> readItem)
    {
        if (readItem is null)
        {
            throw new ArgumentNullException(nameof(readItem));
        }
        if (element.ValueKind == JsonValueKind.String)
        {
            using JsonDocument? embedded = TryParseDocument(element.GetString());
            return embedded is null ? null : ReadListCore(embedded.RootElement, readItem);
        }
        return ReadListCore(element, readItem);
    }

    private static List<T>? ReadListCore<T>(JsonElement array, Func<JsonElement, T> readItem)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        var items = new List<T>(array.GetArrayLength());
        foreach (JsonElement item in array.EnumerateArray())
        {
            items.Add(readItem(item));
        }
        return items;
    }

    /// <summary>A map; a JSON string holding an object is parsed first; null when absent.</summary>
    /// <remarks>
    /// A repeated property name keeps the last value, as JSON parsers in the official SDKs do. The elements handed to
    /// <paramref name="readValue"/> are valid only during that call, as for <see cref="ReadList{T}"/>.
    /// </remarks>
    public static IReadOnlyDictionary<string, T>? ReadMap<T>(JsonElement element, Func<JsonElement, T> readValue)
    {
        if (readValue is null)
        {
            throw new ArgumentNullException(nameof(readValue));
        }
        if (element.ValueKind == JsonValueKind.String)
        {
            using JsonDocument? embedded = TryParseDocument(element.GetString());
            return embedded is null ? null : ReadMapCore(embedded.RootElement, readValue);
        }
        return ReadMapCore(element, readValue);
    }

    private static Dictionary<string, T>? ReadMapCore<T>(JsonElement map, Func<JsonElement, T> readValue)
    {
        if (map.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        var values = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (JsonProperty property in map.EnumerateObject())
        {
            values[property.Name] = readValue(property.Value);
        }
        return values;
    }

    /// <summary>Parses a JSON string that holds a JSON document; false when it does not.</summary>
    internal static bool TryParseEmbedded(JsonElement text, out JsonElement parsed)
    {
        parsed = default;
        string? json = text.GetString();
        return json is not null && TryParse(json, out parsed);
    }

    /// <summary>Parses <paramref name="json"/> into a self-contained element; false (not an exception) when it is not JSON.</summary>
    internal static bool TryParse(string json, out JsonElement parsed)
    {
        using JsonDocument? document = TryParseDocument(json);
        parsed = document is null ? default : document.RootElement.Clone();
        return document is not null;
    }

    /// <summary>Parses <paramref name="json"/> into a document the caller disposes; null (not an exception) when it is not JSON.</summary>
    internal static JsonDocument? TryParseDocument(string? json)
    {
        if (json is null || !LooksLikeJson(json))
        {
            return null;
        }
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Skips the cost of an exception for the common case of plain text (tool output, messages).
    private static bool LooksLikeJson(string text)
    {
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                continue;
            }
            return c is '{' or '[' or '"' or '-' or 't' or 'f' or 'n' or (>= '0' and <= '9');
        }
        return false;
    }

    private static bool TryStep(JsonElement current, ReadOnlySpan<char> segment, out JsonElement next)
    {
        next = default;
        switch (current.ValueKind)
        {
            case JsonValueKind.Object:
                return current.TryGetProperty(segment, out next);
            case JsonValueKind.Array:
                if (int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out int index)
                    && index < current.GetArrayLength())
                {
                    next = current[index];
                    return true;
                }
                return false;
            default:
                return false;
        }
    }

    // 2^63 is exactly representable as a double while long.MaxValue is not, hence the half-open range.
    private static long? IntegralOrNull(double value)
        => value == Math.Floor(value) && value >= -9223372036854775808.0 && value < 9223372036854775808.0 ? (long)value : null;
}
