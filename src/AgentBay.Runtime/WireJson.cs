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

    // Writing JSON parameters is on the path of every tool call: writers and their buffers are reused instead of being
    // allocated per call. Large buffers are not kept.
    private const int MaxCachedBufferBytes = 64 * 1024;

    private static readonly SlotPool<CachedWriter> Writers = new();

    /// <summary>Runs <paramref name="write"/> against a writer and returns the single JSON value it wrote.</summary>
    internal static string Serialize(Action<Utf8JsonWriter> write)
        => Serialize(write, static (writer, write) => write(writer));

    /// <summary>Runs <paramref name="write"/> with <paramref name="state"/> against a writer and returns the JSON value it wrote.</summary>
    internal static string Serialize<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        // Taken out of the pool, so a callback that serializes again gets a writer of its own.
        CachedWriter cached = Writers.TryRent() ?? new CachedWriter();
        cached.Buffer.ResetWrittenCount();
        cached.Writer.Reset(cached.Buffer);
        write(cached.Writer, state);
        cached.Writer.Flush();
        if (cached.Writer.CurrentDepth != 0 || cached.Writer.BytesCommitted == 0)
        {
            throw new InvalidOperationException("The JSON writer callback must write exactly one complete JSON value.");
        }
        string json = Encoding.UTF8.GetString(cached.Buffer.WrittenSpan);
        if (cached.Buffer.Capacity <= MaxCachedBufferBytes)
        {
            Writers.TryReturn(cached);
        }
        return json;
    }

    private sealed class CachedWriter
    {
        public readonly ArrayBufferWriter<byte> Buffer = new(256);
        public readonly Utf8JsonWriter Writer;

        public CachedWriter() => Writer = new Utf8JsonWriter(Buffer, WriterOptions);
    }
}
