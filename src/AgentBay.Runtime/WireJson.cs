using System;
using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AgentBay.Runtime;

/// <summary>The JSON settings every JSON-encoded parameter is written with.</summary>
internal static class WireJson
{
    /// <summary>
    /// Compact output that keeps non-ASCII text readable, like Python's <c>json.dumps(..., ensure_ascii=False)</c>
    /// and the TypeScript SDK's <c>JSON.stringify</c>. The relaxed encoder is safe here: the JSON goes into a
    /// form-encoded parameter, never into HTML.
    /// </summary>
    internal static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>Runs <paramref name="write"/> against a fresh writer and returns the single JSON value it wrote.</summary>
    internal static string Serialize(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
            writer.Flush();
            if (writer.CurrentDepth != 0 || writer.BytesCommitted == 0)
            {
                throw new InvalidOperationException("The JSON writer callback must write exactly one complete JSON value.");
            }
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
