using System;
using System.Collections.Generic;
using AgentBay.Emulator;

namespace AgentBay.Reliability.Tests.Infrastructure;

/// <summary>
/// Reads which injected fault a client-side failure names. The client's messages carry the service's status and code
/// (<c>code: 503, ...</c>, <c>[InjectedFault] ...</c>) or the transport's own words (timed out, not JSON, connection
/// reset); a failure that names none of them is a failure this test does not explain.
/// </summary>
public static class FaultNames
{
    private static readonly (string Text, FaultKind Kind)[] Signatures =
    [
        ("code: 500", FaultKind.InternalError),
        ("code: 503", FaultKind.ServiceUnavailable),
        ("code: 429", FaultKind.Throttled),
        ("timed out after", FaultKind.Delay),
        ("is not JSON", FaultKind.MalformedJson),
        ("InjectedFault", FaultKind.Refused),
        ("Connection reset", FaultKind.ConnectionReset),
        ("response ended prematurely", FaultKind.ConnectionReset),
    ];

    /// <summary>The fault named first in <paramref name="message"/> (the original one when a later step failed too), or null.</summary>
    public static FaultKind? Of(string? message)
    {
        if (message is null)
        {
            return null;
        }

        FaultKind? first = null;
        var at = int.MaxValue;
        foreach (var (text, kind) in Signatures)
        {
            var index = message.IndexOf(text, StringComparison.Ordinal);
            if (index >= 0 && index < at)
            {
                at = index;
                first = kind;
            }
        }

        return first;
    }

    public static IEnumerable<string> All => Array.ConvertAll(Signatures, s => s.Text);
}
