using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;

namespace AgentBay.Runtime;

/// <summary>Reads how long a reply asks the client to wait before trying again.</summary>
internal static class RetryAfterHeaders
{
    /// <summary>The Alibaba Cloud gateway's throttling header; its value is in milliseconds (as the OpenAPI runtimes read it).</summary>
    internal const string AcsRetryAfter = "x-acs-retry-after";

    /// <summary>
    /// <c>x-acs-retry-after</c> (milliseconds, the more precise and the service's own) wins over <c>Retry-After</c>
    /// (delta seconds or an HTTP date, measured against <paramref name="clock"/>). Unparseable or non-positive values
    /// count as absent; a date in the past is zero.
    /// </summary>
    internal static TimeSpan? Read(HttpResponseMessage response, TimeProvider clock)
    {
        if (response.Headers.TryGetValues(AcsRetryAfter, out IEnumerable<string>? values))
        {
            foreach (string value in values)
            {
                if (long.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long milliseconds) && milliseconds > 0)
                {
                    return TimeSpan.FromMilliseconds(milliseconds);
                }
            }
        }

        if (response.Headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta && delta >= TimeSpan.Zero)
            {
                return delta;
            }
            if (retryAfter.Date is { } date)
            {
                TimeSpan wait = date - clock.GetUtcNow();
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }
        return null;
    }
}
