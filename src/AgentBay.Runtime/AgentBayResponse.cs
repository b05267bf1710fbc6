using System;
using System.Text.Json;

namespace AgentBay.Runtime;

/// <summary>A parsed response envelope <c>{RequestId, Success, Code, Message, HttpStatusCode, Data}</c>.</summary>
/// <remarks>
/// A response the transport returns owns the parsed body, whose memory comes from a shared pool: dispose it once its
/// <see cref="Body"/> has been read to give that memory back (reading <see cref="Body"/> after that throws
/// <see cref="ObjectDisposedException"/>). Not disposing it is safe; the memory is then left to the garbage collector.
/// A response created with the public constructor holds a copy and needs no disposal.
/// </remarks>
public sealed class AgentBayResponse : IDisposable
{
    private const string SuccessCode = "ok";

    private JsonDocument? _document;
    // The reply's bytes the document was parsed from (rented from ArrayPool<byte>.Shared), returned with the document.
    private byte[]? _pooledBody;

    /// <summary>Wraps a reply; <paramref name="body"/> is cloned so the caller may dispose its document.</summary>
    /// <param name="httpStatusCode">The HTTP status of the reply.</param>
    /// <param name="body">The JSON body; an envelope object, although any JSON value is tolerated.</param>
    public AgentBayResponse(int httpStatusCode, JsonElement body)
        : this(httpStatusCode, body.ValueKind == JsonValueKind.Undefined ? default : body.Clone(), document: null)
    {
    }

    /// <summary>
    /// Wraps a reply the transport parsed, taking ownership of <paramref name="document"/> (no copy) and of the pooled
    /// array it was parsed from.
    /// </summary>
    internal AgentBayResponse(int httpStatusCode, JsonDocument document, byte[] pooledBody)
        : this(httpStatusCode, document.RootElement, document)
    {
        _pooledBody = pooledBody;
    }

    private AgentBayResponse(int httpStatusCode, JsonElement body, JsonDocument? document)
    {
        _document = document;
        HttpStatusCode = httpStatusCode;
        Body = body;
        bool isObject = body.ValueKind == JsonValueKind.Object;
        RequestId = WireReader.ReadString(Field(isObject, "RequestId"u8)) ?? "";
        JsonElement code = Field(isObject, "Code"u8);
        // Every successful reply says "ok": share one string instead of allocating it per reply.
        Code = code.ValueKind == JsonValueKind.String && code.ValueEquals("ok"u8) ? SuccessCode : WireReader.ReadString(code);
        Message = WireReader.ReadString(Field(isObject, "Message"u8));
        Success = WireReader.ReadBoolean(Field(isObject, "Success"u8)) ?? (httpStatusCode >= 200 && httpStatusCode <= 299);
        ReportedHttpStatusCode = WireReader.ReadInt32(Field(isObject, "HttpStatusCode"u8));
    }

    /// <summary>The HTTP status of the reply.</summary>
    public int HttpStatusCode { get; }

    /// <summary>The whole JSON body; valid until the response is disposed.</summary>
    public JsonElement Body { get; }

    /// <summary><c>RequestId</c>, or "" when absent.</summary>
    public string RequestId { get; }

    /// <summary><c>Success</c>; a body without it counts as success when the HTTP status is 2xx.</summary>
    public bool Success { get; }

    /// <summary>The envelope's <c>Code</c> (<c>ok</c> on success in the SDK fixtures), or null.</summary>
    public string? Code { get; }

    /// <summary>The envelope's <c>Message</c>, or null.</summary>
    public string? Message { get; }

    /// <summary>The envelope's own <c>HttpStatusCode</c> field, which the SDK results report; null when absent.</summary>
    public int? ReportedHttpStatusCode { get; }

    /// <summary>True for <c>InvalidMcpSession.NotFound</c> or a code/message containing NotFound / "not found".</summary>
    public bool IsNotFound => NotFound.Matches(Code, Message);

    /// <summary><c>[Code] Message</c> as the official SDKs word a failure.</summary>
    /// <remarks>Missing parts fall back to <c>Unknown</c> / <c>Unknown error</c>, as the SDKs' defaults do.</remarks>
    public string ErrorText
        => $"[{(string.IsNullOrEmpty(Code) ? "Unknown" : Code)}] {(string.IsNullOrEmpty(Message) ? "Unknown error" : Message)}";

    /// <summary>Returns the parsed body's pooled memory; <see cref="Body"/> cannot be read afterwards.</summary>
    public void Dispose()
    {
        if (System.Threading.Interlocked.Exchange(ref _document, null) is not { } document)
        {
            return;
        }
        // The document first: once it is disposed no element can read the array any more.
        document.Dispose();
        if (_pooledBody is { } body)
        {
            _pooledBody = null;
            System.Buffers.ArrayPool<byte>.Shared.Return(body);
        }
    }

    /// <summary>A short description for logs: status, request id, success and code (the body is left out).</summary>
    public override string ToString()
        => $"AgentBayResponse {{ HttpStatusCode = {HttpStatusCode}, RequestId = {RequestId}, Success = {Success}, Code = {Code} }}";

    private JsonElement Field(bool isObject, ReadOnlySpan<byte> utf8Name)
        => isObject && Body.TryGetProperty(utf8Name, out JsonElement value) ? value : default;
}
