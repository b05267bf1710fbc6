using System;

namespace AgentBay.Runtime;

/// <summary>Base of every error raised by AgentBay clients.</summary>
public class AgentBayException : Exception
{
    /// <summary>Creates an error that carries no service reply (a network failure, a timeout, a bad argument).</summary>
    /// <param name="message">What went wrong; never contains the API key.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public AgentBayException(string message, Exception? innerException = null) : base(message, innerException) { }

    /// <summary>Creates an error that carries the facts of a service reply.</summary>
    /// <param name="message">What went wrong; never contains the API key.</param>
    /// <param name="requestId">The service's request id.</param>
    /// <param name="code">The service's error code.</param>
    /// <param name="httpStatusCode">The HTTP status of the reply.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
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

    /// <summary>
    /// How long the service asked the client to wait (<c>x-acs-retry-after</c> in milliseconds, else <c>Retry-After</c>
    /// in seconds or as an HTTP date), when the reply said so.
    /// </summary>
    public TimeSpan? RetryAfter { get; init; }
}

/// <summary>A session operation failed (the seed's SessionError).</summary>
public class SessionException : AgentBayException
{
    /// <summary>Creates a session error without service facts.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public SessionException(string message, Exception? innerException = null) : base(message, innerException) { }

    /// <summary>Creates a session error that carries the facts of a service reply.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="requestId">The service's request id.</param>
    /// <param name="code">The service's error code.</param>
    /// <param name="httpStatusCode">The HTTP status of the reply.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public SessionException(string message, string? requestId, string? code, int? httpStatusCode, Exception? innerException = null)
        : base(message, requestId, code, httpStatusCode, innerException) { }
}

/// <summary>The API key is missing or was refused.</summary>
public class AuthenticationException : AgentBayException
{
    /// <summary>Creates an authentication error without service facts (e.g. no API key configured).</summary>
    /// <param name="message">What went wrong; never contains the API key.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public AuthenticationException(string message, Exception? innerException = null) : base(message, innerException) { }

    /// <summary>Creates an authentication error from a reply that refused the key.</summary>
    /// <param name="message">What went wrong; never contains the API key.</param>
    /// <param name="requestId">The service's request id.</param>
    /// <param name="code">The service's error code.</param>
    /// <param name="httpStatusCode">The HTTP status of the reply.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public AuthenticationException(string message, string? requestId, string? code, int? httpStatusCode, Exception? innerException = null)
        : base(message, requestId, code, httpStatusCode, innerException) { }
}

/// <summary>The service answered with an HTTP error (4xx/5xx).</summary>
public class ApiException : AgentBayException
{
    /// <summary>Creates an error from an HTTP error reply.</summary>
    /// <param name="message">What went wrong, worded <c>code: &lt;status&gt;, &lt;Message&gt; request id: &lt;RequestId&gt;</c>.</param>
    /// <param name="requestId">The service's request id.</param>
    /// <param name="code">The service's error code.</param>
    /// <param name="httpStatusCode">The HTTP status of the reply.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public ApiException(string message, string? requestId, string? code, int? httpStatusCode, Exception? innerException = null)
        : base(message, requestId, code, httpStatusCode, innerException) { }
}
