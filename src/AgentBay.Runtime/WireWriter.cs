using System;
using System.Collections;
using System.Collections.Generic;
using System.Text.Json;

namespace AgentBay.Runtime;

/// <summary>Writes typed values as JSON (tool Args, JSON-encoded parameters) without reflection.</summary>
/// <remarks>Every method writes exactly one JSON value, so calls compose inside objects and arrays.</remarks>
public static class WireWriter
{
    /// <summary>Writes a string, or <c>null</c>.</summary>
    public static void Write(Utf8JsonWriter writer, string? value)
    {
        ThrowIfNull(writer);
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }

    /// <summary>Writes <c>true</c>/<c>false</c>, or <c>null</c>.</summary>
    public static void Write(Utf8JsonWriter writer, bool? value)
    {
        ThrowIfNull(writer);
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteBooleanValue(value.Value);
        }
    }

    /// <summary>Writes an integer, or <c>null</c>.</summary>
    public static void Write(Utf8JsonWriter writer, long? value)
    {
        ThrowIfNull(writer);
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteNumberValue(value.Value);
        }
    }

    /// <summary>Writes a number in shortest round-trip form, or <c>null</c>.</summary>
    /// <exception cref="ArgumentException">The value is NaN or infinite, which JSON cannot hold.</exception>
    public static void Write(Utf8JsonWriter writer, double? value)
    {
        ThrowIfNull(writer);
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteNumberValue(value.Value);
        }
    }

    /// <summary>
    /// Writes <paramref name="value"/> as a JSON <em>string</em> holding its JSON (the service nests JSON in strings, e.g.
    /// each <c>Policy</c> inside <c>PersistenceDataList</c>).
    /// </summary>
    public static void WriteEncoded<T>(Utf8JsonWriter writer, T value, Action<Utf8JsonWriter, T> write)
    {
        ThrowIfNull(writer);
        if (write is null)
        {
            throw new ArgumentNullException(nameof(write));
        }
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var inner = new Utf8JsonWriter(buffer))
        {
            write(inner, value);
        }
        writer.WriteStringValue(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    /// <summary>Writes an array with <paramref name="writeItem"/> writing each item, or <c>null</c> for a null sequence.</summary>
    public static void WriteList<T>(Utf8JsonWriter writer, IEnumerable<T>? values, Action<Utf8JsonWriter, T> writeItem)
    {
        ThrowIfNull(writer);
        if (writeItem is null)
        {
            throw new ArgumentNullException(nameof(writeItem));
        }
        if (values is null)
        {
            writer.WriteNullValue();
            return;
        }
        writer.WriteStartArray();
        foreach (T item in values)
        {
            writeItem(writer, item);
        }
        writer.WriteEndArray();
    }

    /// <summary>Writes an object with <paramref name="writeValue"/> writing each value, or <c>null</c> for a null map.</summary>
    public static void WriteMap<T>(Utf8JsonWriter writer, IEnumerable<KeyValuePair<string, T>>? values, Action<Utf8JsonWriter, T> writeValue)
    {
        ThrowIfNull(writer);
        if (writeValue is null)
        {
            throw new ArgumentNullException(nameof(writeValue));
        }
        if (values is null)
        {
            writer.WriteNullValue();
            return;
        }
        writer.WriteStartObject();
        foreach (KeyValuePair<string, T> pair in values)
        {
            writer.WritePropertyName(pair.Key);
            writeValue(writer, pair.Value);
        }
        writer.WriteEndObject();
    }

    /// <summary>
    /// Writes an untyped value: null, string, bool, integral and floating numbers, decimal, JsonElement,
    /// IDictionary&lt;string, object?&gt; / IReadOnlyDictionary, IEnumerable (arrays, lists). Anything else throws
    /// ArgumentException naming the type (no reflection, so AOT-safe).
    /// </summary>
    /// <remarks>
    /// Also accepted: <see cref="JsonDocument"/>, <c>IDictionary&lt;string, string&gt;</c> and any non-generic
    /// <see cref="IDictionary"/> whose keys are strings (so <c>Dictionary&lt;string, int&gt;</c> works). An undefined
    /// <see cref="JsonElement"/> is written as <c>null</c>.
    /// </remarks>
    public static void WriteUntyped(Utf8JsonWriter writer, object? value)
    {
        ThrowIfNull(writer);
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case int number:
                writer.WriteNumberValue(number);
                break;
            case long number:
                writer.WriteNumberValue(number);
                break;
            case short number:
                writer.WriteNumberValue(number);
                break;
            case sbyte number:
                writer.WriteNumberValue(number);
                break;
            case byte number:
                writer.WriteNumberValue(number);
                break;
            case ushort number:
                writer.WriteNumberValue(number);
                break;
            case uint number:
                writer.WriteNumberValue(number);
                break;
            case ulong number:
                writer.WriteNumberValue(number);
                break;
            case float number:
                writer.WriteNumberValue(number);
                break;
            case double number:
                writer.WriteNumberValue(number);
                break;
            case decimal number:
                writer.WriteNumberValue(number);
                break;
            case JsonElement element:
                if (element.ValueKind == JsonValueKind.Undefined)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    element.WriteTo(writer);
                }
                break;
            case JsonDocument document:
                document.RootElement.WriteTo(writer);
                break;
            // Dictionaries are sequences too, so they must be matched before IEnumerable.
            case IDictionary<string, object?> map:
                WriteMap(writer, map, WriteUntyped);
                break;
            case IReadOnlyDictionary<string, object?> map:
                WriteMap(writer, map, WriteUntyped);
                break;
            case IDictionary<string, string> map:
                WriteMap(writer, map, Write);
                break;
            case IReadOnlyDictionary<string, string> map:
                WriteMap(writer, map, Write);
                break;
            case IDictionary map:
                WriteDictionary(writer, map);
                break;
            case IEnumerable sequence:
                writer.WriteStartArray();
                foreach (object? item in sequence)
                {
                    WriteUntyped(writer, item);
                }
                writer.WriteEndArray();
                break;
            default:
                throw new ArgumentException(
                    $"Cannot write a value of type {value.GetType().FullName} as JSON. Untyped values are written without reflection "
                    + "(so the client stays trimming- and AOT-safe); use null, a string, a bool, a number, a JsonElement, "
                    + "a dictionary with string keys, or a sequence of those.",
                    nameof(value));
        }
    }

    private static void WriteDictionary(Utf8JsonWriter writer, IDictionary map)
    {
        writer.WriteStartObject();
        foreach (DictionaryEntry entry in map)
        {
            if (entry.Key is not string key)
            {
                throw new ArgumentException(
                    $"Cannot write a dictionary with keys of type {entry.Key.GetType().FullName} as JSON: keys must be strings.",
                    "value");
            }
            writer.WritePropertyName(key);
            WriteUntyped(writer, entry.Value);
        }
        writer.WriteEndObject();
    }

    private static void ThrowIfNull(Utf8JsonWriter writer)
    {
        if (writer is null)
        {
            throw new ArgumentNullException(nameof(writer));
        }
    }
}
