using System;
using System.Text.Json;

namespace AgentBay.Runtime;

/// <summary>A parsed response envelope <c>{RequestId, Success, Code, Message, HttpStatusCode, Data}</c>.</summary>
public sealed class AgentBayResponse
{
    /// <summary>Wraps a reply; <paramref name="body"/> is cloned so the caller may dispose its document.</summary>
    /// <param name="httpStatusCode">The HTTP status of the reply.</param>
    /// <param name="body">The JSON body; an envelope object, although any JSON value is tolerated.</param>
    public AgentBayResponse(int httpStatusCode, JsonElement body)
    {
        HttpStatusCode = httpStatusCode;
        Body = body.ValueKind == JsonValueKind.Undefined ? default : body.Clone();
        RequestId = WireReader.ReadString(Field("RequestId")) ?? "";
        Code = WireReader.ReadString(Field("Code"));
        Message = WireReader.ReadString(Field("Message"));
        Success = WireReader.ReadBoolean(Field("Success")) ?? (httpStatusCode >= 200 && httpStatusCode <= 299);
        ReportedHttpStatusCode = WireReader.ReadInt32(Field("HttpStatusCode"));
    }

    /// <summary>The HTTP status of the reply.</summary>
    public int HttpStatusCode { get; }

    /// <summary>The whole JSON body (cloned, safe to keep).</summary>
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

    /// <summary>A short description for logs: status, request id, success and code (the body is left out).</summary>
    public override string ToString()
        => $"AgentBayResponse {{ HttpStatusCode = {HttpStatusCode}, RequestId = {RequestId}, Success = {Success}, Code = {Code} }}";

    private JsonElement Field(string name)
        => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(name, out JsonElement value) ? value : default;
}
