using System;

namespace AgentBay.Runtime;

/// <summary>How the official SDKs recognise "the session (or action) does not exist".</summary>
internal static class NotFound
{
    /// <summary>
    /// The SDKs match by substring (<c>InvalidMcpSession.NotFound</c>, <c>InvalidAction.NotFound</c>, "not found" in any
    /// message), so this does too.
    /// </summary>
    internal static bool Matches(string? code, string? message)
        => Contains(code) || Contains(message);

    /// <summary>
    /// The same for a failed request, except that an authentication failure is never "not found", whatever its code
    /// says (a refused key must not read as a missing session).
    /// </summary>
    internal static bool Matches(AgentBayException exception)
        => exception is not AuthenticationException && exception.HttpStatusCode is not (401 or 403) && Matches(exception.Code, exception.Message);

    private static bool Contains(string? text)
        => text is not null
           && (text.Contains("NotFound", StringComparison.Ordinal) || text.Contains("not found", StringComparison.OrdinalIgnoreCase));
}
