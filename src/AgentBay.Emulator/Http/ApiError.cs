using System;

namespace AgentBay.Emulator.Http;

/// <summary>
/// A failed action, written as the service writes it: HTTP 4xx/5xx with a JSON error body, or HTTP 200 with
/// <c>Success:false</c> (<see cref="HttpStatus"/> 200) where the SDKs expect that shape (create, pause/resume, contexts).
/// The codes are listed in the emulator's README.
/// </summary>
internal sealed class ApiError(int httpStatus, string code, string message) : Exception(message)
{
    public int HttpStatus { get; } = httpStatus;

    public string Code { get; } = code;

    public static ApiError SessionNotFound(string sessionId) =>
        new(400, "InvalidMcpSession.NotFound", $"The specified session {sessionId} is not found.");

    public static ApiError MissingParameter(string name) =>
        new(400, "MissingParameter", $"The input parameter \"{name}\" that is mandatory for processing this request is not supplied.");

    public static ApiError InvalidParameter(string name, string detail) =>
        new(400, "InvalidParameter", $"The parameter \"{name}\" is invalid: {detail}");

    public static ApiError UnknownAction(string action) =>
        new(400, "InvalidAction.NotFound", $"Specified api is not found, please check your url and method. (Action: {action})");

    public static ApiError MissingApiKey() =>
        new(401, "InvalidApiKey.Missing", "The Authorization parameter (\"Bearer <api key>\") is required.");

    /// <summary>
    /// A key that is not the configured one. The real service's code for this is not known (protocol reference §8:
    /// only InvalidMcpSession.NotFound and InvalidAction.NotFound were seen), so the code is chosen to be safe: the
    /// official SDKs treat any code or message containing "NotFound" / "not found" as a missing session (TS
    /// <c>get()</c> then reads "session not found", delete polling stops as if done), so it must contain neither.
    /// <c>InvalidApiKey.Invalid</c> keeps the family of <c>InvalidApiKey.Missing</c> (a client matching "ApiKey" or
    /// HTTP 401 still sees an authentication failure) and, like Alibaba Cloud's other API-key services (DashScope answers
    /// 401 <c>InvalidApiKey</c>), says what is wrong with the key rather than that something is absent.
    /// </summary>
    public static ApiError InvalidApiKey() =>
        new(401, "InvalidApiKey.Invalid", "The specified API key is not valid.");

    /// <summary>A body over <c>EmulatorOptions.MaxRequestBodyBytes</c>; <paramref name="length"/> is null when it was chunked.</summary>
    public static ApiError BodyTooLarge(long? length, long limit) =>
        new(413, "RequestBodyTooLarge",
            $"The request body{(length is null ? "" : $" ({length} bytes)")} exceeds the emulator's limit of {limit} bytes "
            + "(EmulatorOptions.MaxRequestBodyBytes, --max-body-bytes).");

    /// <summary>CreateMcpSession (or AutoGenSession) beyond <c>EmulatorOptions.MaxSessions</c> live sessions.</summary>
    public static ApiError SessionQuota(int limit) =>
        new(200, "QuotaExceeded.Session",
            $"The number of sessions has reached the limit of this emulator ({limit} live sessions; EmulatorOptions.MaxSessions, --max-sessions). Delete a session first.");

    /// <summary>A tool call or lifecycle change the session's current status does not allow.</summary>
    public static ApiError WrongStatus(int httpStatus, string sessionId, string status, string detail) =>
        new(httpStatus, "InvalidSessionStatus", $"The session {sessionId} is {status}: {detail}");
}
