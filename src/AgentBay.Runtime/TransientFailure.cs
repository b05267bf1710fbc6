using System;
using System.IO;
using System.Net.Http;
using System.Text.Json;

namespace AgentBay.Runtime;

/// <summary>Which failures are worth another attempt, and whether the first one may have reached the service.</summary>
internal static class TransientFailure
{
    /// <summary>
    /// True when <paramref name="exception"/> is transient and trying again is safe: always when the request never
    /// left the client (connection refused, name not resolved); for <paramref name="idempotent"/> requests also when it
    /// may have been processed (timeouts, resets, 429/5xx, throttling codes, a garbled 2xx body). A wait asked for
    /// that is longer than <paramref name="maxDelay"/> is not waited for.
    /// </summary>
    internal static bool ShouldRetry(Exception exception, bool idempotent, TimeSpan maxDelay)
    {
        if (exception is not AgentBayException failure || exception is AuthenticationException)
        {
            // Cancellation and programming errors are never retried; a refused key stays refused.
            return false;
        }
        if (failure.RetryAfter > maxDelay)
        {
            return false;
        }
        return NeverSent(failure) || (idempotent && IsTransient(failure));
    }

    /// <summary>
    /// True when the failure may be temporary and says nothing definite about the request: the ambiguous failures a
    /// create must reconcile before it is sent again.
    /// </summary>
    internal static bool IsTransient(AgentBayException failure)
    {
        if (failure is AuthenticationException || failure.InnerException is AuthenticationException)
        {
            return false;
        }
        if (failure is UnresolvedCreateException unresolved)
        {
            // Another listing is worth it until the listings are used up; then sending the create again is not.
            return !unresolved.GaveUp;
        }
        switch (failure.InnerException)
        {
            case AgentBayException inner:
                // A wrapper (e.g. a failed reconciliation) is as transient as what it wraps.
                return IsTransient(inner);
            case TimeoutException:
            case HttpRequestException:
            case IOException:
            // A reply whose body is not JSON: cut off or garbled on the way (an HTML error page of a proxy comes with
            // a 5xx status and is judged by it below).
            case JsonException:
                return true;
        }
        if (failure.RetryAfter is not null
            || (failure.Code is { } code && code.StartsWith("Throttling", StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }
        return failure.HttpStatusCode is 429 or 500 or 502 or 503 or 504;
    }

    /// <summary>The connection was never opened, so the service cannot have seen the request.</summary>
    internal static bool NeverSent(AgentBayException failure)
        => failure.InnerException is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError };
}
