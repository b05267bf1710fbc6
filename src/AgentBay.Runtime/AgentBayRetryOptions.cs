using System;
using System.Globalization;

namespace AgentBay.Runtime;

/// <summary>
/// How a client retries requests that failed transiently: exponential backoff with jitter, capped, honouring the
/// service's <c>Retry-After</c> / <c>x-acs-retry-after</c>. Only requests the spec marks idempotent are retried after
/// they may have reached the service; any request is retried when the connection could not even be opened.
/// CreateMcpSession is never blindly re-sent: an ambiguous create is first looked up by its client token label.
/// </summary>
/// <remarks>
/// Retried failures: HTTP 429, 500, 502, 503, 504, a throttling code (<c>Throttling*</c>, or any reply carrying
/// <c>x-acs-retry-after</c>), a connection reset or refused, a per-request timeout, and a 2xx reply whose body is not
/// JSON. Never retried: other 4xx, authentication failures, HTTP 200 with <c>Success:false</c>, cancellation, and a
/// Retry-After longer than <see cref="MaxDelay"/> (the error is raised with <see cref="AgentBayException.RetryAfter"/>
/// so the caller can decide).
/// </remarks>
public sealed class AgentBayRetryOptions
{
    /// <summary>Attempts the SDK defaults to: the first try and two retries.</summary>
    public const int DefaultMaxAttempts = 3;

    /// <summary>Median delay before the first retry (doubling on each further one) when <see cref="BaseDelay"/> is not set.</summary>
    public static readonly TimeSpan DefaultBaseDelay = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest wait between two attempts when <see cref="MaxDelay"/> is not set.</summary>
    public static readonly TimeSpan DefaultMaxDelay = TimeSpan.FromSeconds(30);

    /// <summary>False sends every request exactly once: no retry and no create reconciliation.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Attempts per request, the first one included; 1 turns retries off. At most 10.</summary>
    public int MaxAttempts { get; set; } = DefaultMaxAttempts;

    /// <summary>Median delay before the first retry; later retries double it (with jitter).</summary>
    public TimeSpan BaseDelay { get; set; } = DefaultBaseDelay;

    /// <summary>Cap of the backoff delay, and the longest <c>Retry-After</c> the client waits for before giving up.</summary>
    public TimeSpan MaxDelay { get; set; } = DefaultMaxDelay;

    /// <summary>True when requests may be sent more than once.</summary>
    internal bool IsActive => Enabled && MaxAttempts > 1;

    /// <summary>Throws when a value cannot drive a retry loop.</summary>
    /// <exception cref="ArgumentOutOfRangeException">MaxAttempts outside 1–10, a negative delay, or MaxDelay below BaseDelay.</exception>
    internal void Validate()
    {
        if (MaxAttempts is < 1 or > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "Retry.MaxAttempts must be between 1 and 10.");
        }
        if (BaseDelay < TimeSpan.Zero || MaxDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(BaseDelay), BaseDelay, "Retry delays must not be negative.");
        }
        if (MaxDelay < BaseDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDelay), MaxDelay, "Retry.MaxDelay must not be below Retry.BaseDelay.");
        }
    }

    /// <summary>Describes the settings, e.g. <c>3 attempts, 500 ms base, 30000 ms max</c>.</summary>
    public override string ToString()
        => IsActive
            ? string.Create(CultureInfo.InvariantCulture,
                $"{MaxAttempts} attempts, {BaseDelay.TotalMilliseconds} ms base, {MaxDelay.TotalMilliseconds} ms max")
            : "off";
}
