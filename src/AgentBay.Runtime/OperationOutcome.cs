using System;
using System.Text.Json;

namespace AgentBay.Runtime;

/// <summary>What a finished operation produced; generated result records are read from it.</summary>
/// <remarks>
/// <see cref="Body"/> and <see cref="Data"/> point into the parsed reply, whose memory comes from a shared pool.
/// Dispose the outcome once the result has been read from it (generated code does); the elements cannot be read after
/// that. Not disposing it is safe: the memory is then left to the garbage collector.
/// </remarks>
public sealed class OperationOutcome : IDisposable
{
    /// <summary>Whether the operation succeeded (including any polling it did).</summary>
    public bool Success { get; init; }

    /// <summary>The <c>RequestId</c> of the primary call, or "" when the service never answered.</summary>
    public string RequestId { get; init; } = "";

    /// <summary>Why the operation failed, worded as the official SDKs word it; null on success.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>The service's <c>Code</c> (e.g. <c>ok</c>, <c>InvalidMcpSession.NotFound</c>), when known.</summary>
    public string? Code { get; init; }

    /// <summary>The service's <c>Message</c>, or the exception message on the exception path.</summary>
    public string? Message { get; init; }

    /// <summary>The envelope's <c>HttpStatusCode</c>, else the HTTP status of the reply, when there was one.</summary>
    public int? HttpStatusCode { get; init; }

    /// <summary>Last status seen by a polling operation (e.g. PAUSED), or the status of a fire-and-return call.</summary>
    public string? Status { get; init; }

    /// <summary>
    /// Why a step the operation ran and waited for first failed (e.g. the context sync before a delete), when the spec
    /// lets the operation go on regardless; null when it succeeded or did not run. Set by the generated operation.
    /// </summary>
    public string? StepError { get; set; }

    /// <summary>The source element of wire fields: the response body, or the tool's text parsed as JSON.</summary>
    public JsonElement Body { get; init; }

    /// <summary>The element selected by the operation's data path (for generic <c>Data</c> fields).</summary>
    public JsonElement Data { get; init; }

    /// <summary>The text of a tool result (content[0].text).</summary>
    public string? Text { get; init; }

    /// <summary>The reply <see cref="Body"/> and <see cref="Data"/> point into, owned by this outcome.</summary>
    internal AgentBayResponse? Response { get; init; }

    /// <summary>A tool's <c>Data</c> sent as a JSON string, parsed; owned by this outcome.</summary>
    internal JsonDocument? ParsedData { get; init; }

    /// <summary>A tool's text parsed as JSON (the <see cref="Body"/> of JSON tools); owned by this outcome.</summary>
    internal JsonDocument? ParsedText { get; init; }

    /// <summary>Gives the parsed reply's memory back to the pool; <see cref="Body"/> and <see cref="Data"/> cannot be read afterwards.</summary>
    public void Dispose()
    {
        Response?.Dispose();
        ParsedData?.Dispose();
        ParsedText?.Dispose();
    }

    /// <summary>A short description for logs and debuggers (bodies are not included).</summary>
    public override string ToString()
        => Success
            ? $"OperationOutcome {{ Success = True, RequestId = {RequestId}, Status = {Status} }}"
            : $"OperationOutcome {{ Success = False, RequestId = {RequestId}, Code = {Code}, ErrorMessage = {ErrorMessage} }}";
}
