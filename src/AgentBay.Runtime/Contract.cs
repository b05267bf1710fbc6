// CONTRACT: the public surface that generated code calls. Bodies are filled in by the runtime implementation.
using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace AgentBay.Runtime;

/// <summary>Facts about the service that come from the spec: default endpoint and API version.</summary>
public sealed record AgentBayServiceInfo(string DefaultEndpoint, string ApiVersion);

/// <summary>Where a request parameter travels.</summary>
public enum ParameterLocation
{
    /// <summary>The form-urlencoded body (the default for every parameter).</summary>
    Form,
    /// <summary>The query string, next to Action/Format/Version/Timestamp/SignatureNonce.</summary>
    Query,
}

/// <summary>One RPC request: an action and its parameters, before wire encoding.</summary>
public sealed class AgentBayRequest
{
    public AgentBayRequest(string action) => throw new NotImplementedException();
    public string Action => throw new NotImplementedException();
    /// <summary>Send <c>Authorization</c> in the query instead of the body (SyncContext).</summary>
    public ParameterLocation AuthorizationLocation { get; set; }
    /// <summary>Per-request HTTP timeout overriding <see cref="AgentBayOptions.Timeout"/>.</summary>
    public TimeSpan? Timeout { get; set; }
    /// <summary>Adds a parameter; a null value is omitted, an empty string is sent as empty.</summary>
    public void Add(string name, string? value, ParameterLocation location = ParameterLocation.Form) => throw new NotImplementedException();
    /// <summary>Adds a boolean as <c>true</c>/<c>false</c>; null is omitted.</summary>
    public void Add(string name, bool? value, ParameterLocation location = ParameterLocation.Form) => throw new NotImplementedException();
    /// <summary>Adds an integer in invariant decimal form; null is omitted.</summary>
    public void Add(string name, long? value, ParameterLocation location = ParameterLocation.Form) => throw new NotImplementedException();
    /// <summary>Adds a double in invariant round-trip form; null is omitted.</summary>
    public void Add(string name, double? value, ParameterLocation location = ParameterLocation.Form) => throw new NotImplementedException();
    /// <summary>Adds a JSON value written by <paramref name="write"/> as one compact JSON string parameter.</summary>
    public void AddJson(string name, Action<Utf8JsonWriter> write, ParameterLocation location = ParameterLocation.Form) => throw new NotImplementedException();
    /// <summary>Form parameters in the order they go on the wire (ordinal by name).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> FormParameters => throw new NotImplementedException();
    /// <summary>Action-specific query parameters (ordinal by name).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> QueryParameters => throw new NotImplementedException();
    /// <summary>Parameter names and values, with Authorization never included.</summary>
    public override string ToString() => throw new NotImplementedException();
}

/// <summary>A parsed response envelope <c>{RequestId, Success, Code, Message, HttpStatusCode, Data}</c>.</summary>
public sealed class AgentBayResponse
{
    public AgentBayResponse(int httpStatusCode, JsonElement body) => throw new NotImplementedException();
    public int HttpStatusCode => throw new NotImplementedException();
    /// <summary>The whole JSON body (cloned, safe to keep).</summary>
    public JsonElement Body => throw new NotImplementedException();
    /// <summary><c>RequestId</c>, or "" when absent.</summary>
    public string RequestId => throw new NotImplementedException();
    /// <summary><c>Success</c>; a body without it counts as success when the HTTP status is 2xx.</summary>
    public bool Success => throw new NotImplementedException();
    public string? Code => throw new NotImplementedException();
    public string? Message => throw new NotImplementedException();
    /// <summary>True for <c>InvalidMcpSession.NotFound</c> or a code/message containing NotFound / "not found".</summary>
    public bool IsNotFound => throw new NotImplementedException();
    /// <summary><c>[Code] Message</c> as the official SDKs word a failure.</summary>
    public string ErrorText => throw new NotImplementedException();
}

/// <summary>The HTTP side of a client: encodes requests exactly as the official SDKs do and parses envelopes.</summary>
public sealed class AgentBayTransport : IDisposable
{
    /// <summary>Creates a transport; a null <paramref name="httpClient"/> creates and owns one.</summary>
    /// <exception cref="AuthenticationException">No API key in <paramref name="options"/>.</exception>
    public AgentBayTransport(AgentBayOptions options, AgentBayServiceInfo service, HttpClient? httpClient = null) => throw new NotImplementedException();
    public AgentBayOptions Options => throw new NotImplementedException();
    public AgentBayServiceInfo Service => throw new NotImplementedException();
    public TimeProvider TimeProvider => throw new NotImplementedException();
    /// <summary>Scheme, host and port requests go to, e.g. <c>https://wuyingai.cn-shanghai.aliyuncs.com/</c>.</summary>
    public Uri BaseAddress => throw new NotImplementedException();
    /// <summary>
    /// Sends one request. HTTP 2xx returns the envelope (even with <c>Success:false</c>); 4xx/5xx throws
    /// <see cref="ApiException"/> (<see cref="AuthenticationException"/> for 401/403 and key errors); a network failure
    /// or per-request timeout throws <see cref="AgentBayException"/> with the cause as inner exception.
    /// With <paramref name="async"/> false the call is truly synchronous (HttpClient.Send) and the task is completed.
    /// </summary>
    public ValueTask<AgentBayResponse> SendAsync(AgentBayRequest request, bool async, CancellationToken cancellationToken) => throw new NotImplementedException();
    public void Dispose() => throw new NotImplementedException();
}

/// <summary>What a finished operation produced; generated result records are read from it.</summary>
public sealed class OperationOutcome
{
    public bool Success { get; init; }
    public string RequestId { get; init; } = "";
    public string? ErrorMessage { get; init; }
    public string? Code { get; init; }
    public string? Message { get; init; }
    public int? HttpStatusCode { get; init; }
    /// <summary>Last status seen by a polling operation (e.g. PAUSED), or the status of a fire-and-return call.</summary>
    public string? Status { get; init; }
    /// <summary>The source element of wire fields: the response body, or the tool's text parsed as JSON.</summary>
    public JsonElement Body { get; init; }
    /// <summary>The element selected by the operation's data path (for generic <c>Data</c> fields).</summary>
    public JsonElement Data { get; init; }
    /// <summary>The text of a tool result (content[0].text).</summary>
    public string? Text { get; init; }
}

/// <summary>What an operation does on failure.</summary>
public enum FailureMode
{
    /// <summary>Return a result with Success=false and ErrorMessage (the seed's default).</summary>
    Result,
    /// <summary>Throw <see cref="SessionException"/> (set_labels, get_labels, info, get_link).</summary>
    Throw,
    /// <summary>Let transport exceptions escape unchanged (list_mcp_tools).</summary>
    Propagate,
}

/// <summary>How an operation maps a response to an outcome; one static instance per generated operation.</summary>
public sealed class OperationBehavior
{
    public FailureMode Failure { get; init; }
    /// <summary>Message template on failure; <c>{sessionId}</c> and <c>{error}</c> are replaced.</summary>
    public string? FailureMessage { get; init; }
    /// <summary>Result message when the service says "not found" (the outcome is a failed result, never thrown).</summary>
    public string? NotFoundMessage { get; init; }
    /// <summary>Path of <see cref="OperationOutcome.Data"/> in the body, e.g. <c>Data.Url</c>; JSON strings on the way are parsed.</summary>
    public string? DataPath { get; init; }
    /// <summary>A path that must hold a non-empty value, else the outcome fails with <see cref="RequireMessage"/>.</summary>
    public string? RequirePath { get; init; }
    public string? RequireMessage { get; init; }
    /// <summary>Whether a 200 reply with Success:false fails the operation (some seed operations ignore it).</summary>
    public bool CheckSuccess { get; init; } = true;
    /// <summary>Status reported by a successful call without polling (e.g. PAUSING for a fire-and-return pause).</summary>
    public string? Status { get; init; }
    public PollBehavior? Poll { get; init; }
}

/// <summary>A long-running operation: after the call, poll an action until a status field reaches a value.</summary>
public sealed class PollBehavior
{
    public string Action { get; init; } = "";
    public string SessionIdParameter { get; init; } = "SessionId";
    public ParameterLocation SessionIdLocation { get; init; }
    public string StatusPath { get; init; } = "";
    /// <summary>Statuses that end the poll with success.</summary>
    public IReadOnlyList<string> Until { get; init; } = Array.Empty<string>();
    /// <summary>Statuses that keep polling.</summary>
    public IReadOnlyList<string> While { get; init; } = Array.Empty<string>();
    /// <summary>True: a status in neither list fails at once. False: it keeps polling.</summary>
    public bool OtherStatusFails { get; init; }
    /// <summary>True: "not found" ends the poll with success (delete). False: it fails the operation.</summary>
    public bool NotFoundSucceeds { get; init; }
    /// <summary>True: a failed poll request is ignored and polling continues until the timeout.</summary>
    public bool ContinueOnError { get; init; }
    public TimeSpan DefaultTimeout { get; init; }
    public TimeSpan DefaultInterval { get; init; }
    /// <summary>Timeout message template; <c>{timeout}</c> (seconds) and <c>{sessionId}</c> are replaced.</summary>
    public string TimeoutMessage { get; init; } = "Timed out after {timeout} seconds";
    /// <summary>Status reported when the poll times out (e.g. PAUSING).</summary>
    public string? TimeoutStatus { get; init; }
}

/// <summary>Runs generated operations: send, map failures, poll.</summary>
public static class AgentBayOperation
{
    /// <summary>
    /// Sends <paramref name="request"/> and maps the reply per <paramref name="behavior"/>; polls when the behavior
    /// says so, using <paramref name="timeout"/>/<paramref name="pollInterval"/> or the behavior's defaults and the
    /// transport's TimeProvider. Cancellation throws OperationCanceledException.
    /// </summary>
    public static ValueTask<OperationOutcome> InvokeAsync(AgentBayTransport transport, AgentBayRequest request, OperationBehavior behavior,
        string? sessionId, TimeSpan? timeout, TimeSpan? pollInterval, bool async, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>
    /// Calls an MCP tool through CallMcpTool (the request is already built, Args included) and maps the reply:
    /// Data (object or JSON string) <c>{content:[{type,text}], isError}</c>; Text = content[0].text;
    /// Success = !isError; when <paramref name="parseTextAsJson"/> the text is parsed into Body (a text that is not
    /// JSON leaves Body undefined). HTTP errors and envelope failures become Success=false with ErrorMessage
    /// (<c>[Code] Message</c>), never exceptions, except OperationCanceledException.
    /// </summary>
    public static ValueTask<OperationOutcome> CallToolAsync(AgentBayTransport transport, AgentBayRequest request, bool parseTextAsJson,
        bool async, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Completes a ValueTask that is known to have run synchronously (the sync path of generated methods).</summary>
    public static T EnsureCompleted<T>(this ValueTask<T> task) => throw new NotImplementedException();
}

/// <summary>Reads typed values from wire paths (<c>Data.DesktopInfo.AppId</c>); a JSON string met on the way is parsed.</summary>
public static class WireReader
{
    /// <summary>The element at <paramref name="path"/> ("" = <paramref name="source"/> itself), or an undefined element.</summary>
    public static JsonElement Select(JsonElement source, string path) => throw new NotImplementedException();
    /// <summary>A string (numbers and booleans in their JSON text), or null when absent/null.</summary>
    public static string? ReadString(JsonElement element) => throw new NotImplementedException();
    /// <summary>Booleans; also "true"/"false" strings in any case.</summary>
    public static bool? ReadBoolean(JsonElement element) => throw new NotImplementedException();
    /// <summary>Numbers; also numeric strings.</summary>
    public static int? ReadInt32(JsonElement element) => throw new NotImplementedException();
    public static long? ReadInt64(JsonElement element) => throw new NotImplementedException();
    public static double? ReadDouble(JsonElement element) => throw new NotImplementedException();
    /// <summary>A list; a JSON string holding an array is parsed first; null when absent.</summary>
    public static IReadOnlyList<T>? ReadList<T>(JsonElement element, Func<JsonElement, T> readItem) => throw new NotImplementedException();
    /// <summary>A map; a JSON string holding an object is parsed first; null when absent.</summary>
    public static IReadOnlyDictionary<string, T>? ReadMap<T>(JsonElement element, Func<JsonElement, T> readValue) => throw new NotImplementedException();
}

/// <summary>Writes typed values as JSON (tool Args, JSON-encoded parameters) without reflection.</summary>
public static class WireWriter
{
    public static void Write(Utf8JsonWriter writer, string? value) => throw new NotImplementedException();
    public static void Write(Utf8JsonWriter writer, bool? value) => throw new NotImplementedException();
    public static void Write(Utf8JsonWriter writer, long? value) => throw new NotImplementedException();
    public static void Write(Utf8JsonWriter writer, double? value) => throw new NotImplementedException();
    public static void WriteList<T>(Utf8JsonWriter writer, IEnumerable<T>? values, Action<Utf8JsonWriter, T> writeItem) => throw new NotImplementedException();
    public static void WriteMap<T>(Utf8JsonWriter writer, IEnumerable<KeyValuePair<string, T>>? values, Action<Utf8JsonWriter, T> writeValue) => throw new NotImplementedException();
    /// <summary>
    /// Writes an untyped value: null, string, bool, integral and floating numbers, decimal, JsonElement,
    /// IDictionary&lt;string, object?&gt; / IReadOnlyDictionary, IEnumerable (arrays, lists). Anything else throws
    /// ArgumentException naming the type (no reflection, so AOT-safe).
    /// </summary>
    public static void WriteUntyped(Utf8JsonWriter writer, object? value) => throw new NotImplementedException();
}
