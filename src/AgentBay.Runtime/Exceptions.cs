using System;

namespace AgentBay.Runtime;

/// <summary>Base of every error raised by AgentBay clients.</summary>
public class AgentBayException : Exception
{
    public AgentBayException(string message, Exception? innerException = null) : base(message, innerException) { }
    public AgentBayException(string message, string? requestId, string? code, int? httpStatusCode, Exception? innerException = null)
        : base(message, innerException)
    {
        RequestId = requestId;
        Code = code;
        HttpStatusCode = httpStatusCode;
    }
    /// <summary>The service's request id, when the service answered.</summary>
    public string? RequestId { get; }
    /// <summary>The service's error code, e.g. <c>InvalidMcpSession.NotFound</c>.</summary>
    public string? Code { get; }
    /// <summary>The HTTP status of the reply, when there was one.</summary>
    public int? HttpStatusCode { get; }
}

/// <summary>A session operation failed (the seed's SessionError).</summary>
public class SessionException : AgentBayException
{
    public SessionException(string message, Exception? innerException = null) : base(message, innerException) { }
    public SessionException(string message, string? requestId, string? code, int? httpStatusCode, Exception? innerException = null)
        : base(message, requestId, code, httpStatusCode, innerException) { }
}

/// <summary>The API key is missing or was refused.</summary>
public class AuthenticationException : AgentBayException
{
    public AuthenticationException(string message, Exception? innerException = null) : base(message, innerException) { }
    public AuthenticationException(string message, string? requestId, string? code, int? httpStatusCode, Exception? innerException = null)
        : base(message, requestId, code, httpStatusCode, innerException) { }
}

/// <summary>The service answered with an HTTP error (4xx/5xx).</summary>
public class ApiException : AgentBayException
{
    public ApiException(string message, string? requestId, string? code, int? httpStatusCode, Exception? innerException = null)
        : base(message, requestId, code, httpStatusCode, innerException) { }
}
