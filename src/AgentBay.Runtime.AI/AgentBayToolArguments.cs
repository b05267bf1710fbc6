using System;
using System.Buffers;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace AgentBay.Runtime.AI;

/// <summary>
/// Reads the arguments a model sent (<see cref="AIFunctionArguments"/>) as the types of a tool's parameters. A model's
/// value may arrive as a <see cref="JsonElement"/> (parsed tool-call JSON), a string, a number or a bool; each reader
/// takes all of these when they mean the same value, and throws <see cref="AgentBayToolArgumentException"/> otherwise.
/// Used by the generated <c>AsAIFunctions</c>; no reflection.
/// </summary>
public static class AgentBayToolArguments
{
    /// <summary>The value of <paramref name="name"/>; false when it is absent or null (JSON null included).</summary>
    public static bool TryGet(AIFunctionArguments arguments, string name, out object? value)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (!arguments.TryGetValue(name, out value) || value is null || value is JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined })
        {
            value = null;
            return false;
        }

        return true;
    }

    /// <summary>The value of the required argument <paramref name="name"/>.</summary>
    public static object Require(AIFunctionArguments arguments, string name) =>
        TryGet(arguments, name, out var value) ? value! : throw new AgentBayToolArgumentException(name, "Missing required argument '" + name + "'.");

    /// <summary>A string argument; numbers and booleans are taken as their invariant text.</summary>
    public static string ReadString(object value, string name) => value switch
    {
        string text => text,
        JsonElement { ValueKind: JsonValueKind.String } element => element.GetString()!,
        JsonElement { ValueKind: JsonValueKind.Number } element => element.GetRawText(),
        JsonElement { ValueKind: JsonValueKind.True } => "true",
        JsonElement { ValueKind: JsonValueKind.False } => "false",
        bool flag => flag ? "true" : "false",
        char c => c.ToString(),
        IFormattable number when IsNumber(number) => number.ToString(null, CultureInfo.InvariantCulture),
        _ => throw Mismatch(name, "a string", value),
    };

    /// <summary>A boolean argument: true/false, or the strings "true"/"false".</summary>
    public static bool ReadBoolean(object value, string name) => value switch
    {
        bool flag => flag,
        JsonElement { ValueKind: JsonValueKind.True } => true,
        JsonElement { ValueKind: JsonValueKind.False } => false,
        JsonElement { ValueKind: JsonValueKind.String } element when bool.TryParse(element.GetString(), out var parsed) => parsed,
        string text when bool.TryParse(text.Trim(), out var parsed) => parsed,
        _ => throw Mismatch(name, "a boolean", value),
    };

    /// <summary>A 32-bit integer argument: an integral number, or a string holding one.</summary>
    public static int ReadInt32(object value, string name)
    {
        var number = ReadInt64(value, name, "a 32-bit integer");
        return number is >= int.MinValue and <= int.MaxValue ? (int)number : throw Mismatch(name, "a 32-bit integer", value);
    }

    /// <summary>A 64-bit integer argument: an integral number, or a string holding one.</summary>
    public static long ReadInt64(object value, string name) => ReadInt64(value, name, "an integer");

    /// <summary>A number argument, or a string holding one.</summary>
    public static double ReadDouble(object value, string name) => value switch
    {
        JsonElement { ValueKind: JsonValueKind.Number } element => element.GetDouble(),
        JsonElement { ValueKind: JsonValueKind.String } element when TryParseDouble(element.GetString(), out var parsed) => parsed,
        string text when TryParseDouble(text, out var parsed) => parsed,
        double d => d,
        float f => f,
        decimal m => (double)m,
        IConvertible convertible when value is not bool && IsNumber(value) => convertible.ToDouble(CultureInfo.InvariantCulture),
        _ => throw Mismatch(name, "a number", value),
    };

    /// <summary>
    /// A structured argument (list, map, record or any JSON) as a JSON element. With <paramref name="expected"/> set, the
    /// element must be of that kind; a string that holds JSON of that kind (some models send arguments as JSON text) is
    /// parsed. Lists and dictionaries of plain values are converted.
    /// </summary>
    public static JsonElement ReadJson(object value, string name, JsonValueKind expected = JsonValueKind.Undefined)
    {
        JsonElement element;
        var text = value switch
        {
            string plain => plain,
            JsonElement { ValueKind: JsonValueKind.String } quoted => quoted.GetString(),
            _ => null,
        };
        if (text is not null && expected is JsonValueKind.Array or JsonValueKind.Object)
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                element = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                throw Mismatch(name, KindName(expected), value);
            }
        }
        else if (value is JsonElement json)
        {
            element = json;
        }
        else
        {
            var buffer = new ArrayBufferWriter<byte>(256);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                if (!TryWrite(writer, value, depth: 0))
                {
                    throw Mismatch(name, expected == JsonValueKind.Undefined ? "a JSON value" : KindName(expected), value);
                }
            }

            using var document = JsonDocument.Parse(buffer.WrittenMemory);
            element = document.RootElement.Clone();
        }

        if (expected != JsonValueKind.Undefined && element.ValueKind != expected)
        {
            throw Mismatch(name, KindName(expected), value);
        }

        return element;
    }

    private static long ReadInt64(object value, string name, string what)
    {
        switch (value)
        {
            case JsonElement { ValueKind: JsonValueKind.Number } element:
                if (element.TryGetInt64(out var integer))
                {
                    return integer;
                }

                if (element.TryGetDouble(out var real) && IsIntegral(real))
                {
                    return (long)real;
                }

                break;
            case JsonElement { ValueKind: JsonValueKind.String } element when TryParseInt64(element.GetString(), out var parsed):
                return parsed;
            case string text when TryParseInt64(text, out var parsed):
                return parsed;
            case int i:
                return i;
            case long l:
                return l;
            case short s:
                return s;
            case byte b:
                return b;
            case sbyte sb:
                return sb;
            case ushort us:
                return us;
            case uint ui:
                return ui;
            case ulong ul when ul <= long.MaxValue:
                return (long)ul;
            case double d when IsIntegral(d):
                return (long)d;
            case float f when IsIntegral(f):
                return (long)f;
            case decimal m when m == decimal.Truncate(m) && m >= long.MinValue && m <= long.MaxValue:
                return (long)m;
        }

        throw Mismatch(name, what, value);
    }

    private static bool IsIntegral(double value) => !double.IsNaN(value) && !double.IsInfinity(value) && Math.Truncate(value) == value
        && value >= -9.2233720368547758E18 && value < 9.2233720368547758E18;

    private static bool TryParseInt64(string? text, out long value)
    {
        if (text is not null && long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        if (TryParseDouble(text, out var real) && IsIntegral(real))
        {
            value = (long)real;
            return true;
        }

        value = 0;
        return false;
    }

    private static bool TryParseDouble(string? text, out double value) =>
        double.TryParse(text?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && !double.IsNaN(value) && !double.IsInfinity(value);

    private static bool IsNumber(object value) => value is byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal;

    private static bool TryWrite(Utf8JsonWriter writer, object? value, int depth)
    {
        if (depth > 64)
        {
            return false;
        }

        switch (value)
        {
            case null:
                writer.WriteNullValue();
                return true;
            case JsonElement element:
                element.WriteTo(writer);
                return true;
            case string text:
                writer.WriteStringValue(text);
                return true;
            case bool flag:
                writer.WriteBooleanValue(flag);
                return true;
            case int or long or short or byte or sbyte or ushort or uint:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                return true;
            case ulong ul:
                writer.WriteNumberValue(ul);
                return true;
            case double or float:
                var real = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (double.IsNaN(real) || double.IsInfinity(real))
                {
                    return false;
                }

                writer.WriteNumberValue(real);
                return true;
            case decimal m:
                writer.WriteNumberValue(m);
                return true;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                writer.WriteStartObject();
                foreach (var pair in pairs)
                {
                    writer.WritePropertyName(pair.Key);
                    if (!TryWrite(writer, pair.Value, depth + 1))
                    {
                        return false;
                    }
                }

                writer.WriteEndObject();
                return true;
            case IEnumerable<KeyValuePair<string, string>> strings:
                writer.WriteStartObject();
                foreach (var pair in strings)
                {
                    writer.WriteString(pair.Key, pair.Value);
                }

                writer.WriteEndObject();
                return true;
            case IDictionary dictionary:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    if (entry.Key is not string key)
                    {
                        return false;
                    }

                    writer.WritePropertyName(key);
                    if (!TryWrite(writer, entry.Value, depth + 1))
                    {
                        return false;
                    }
                }

                writer.WriteEndObject();
                return true;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    if (!TryWrite(writer, item, depth + 1))
                    {
                        return false;
                    }
                }

                writer.WriteEndArray();
                return true;
            default:
                return false;
        }
    }

    private static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "a JSON array",
        JsonValueKind.Object => "a JSON object",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => "a JSON value",
    };

    private static AgentBayToolArgumentException Mismatch(string name, string what, object value)
    {
        var shown = value switch
        {
            JsonElement element => element.ValueKind == JsonValueKind.String ? "\"" + element.GetString() + "\"" : element.GetRawText(),
            string text => "\"" + text + "\"",
            _ => value.GetType().Name,
        };
        if (shown.Length > 80)
        {
            shown = shown[..77] + "...";
        }

        return new AgentBayToolArgumentException(name, "Argument '" + name + "' must be " + what + "; it was " + shown + ".");
    }
}
