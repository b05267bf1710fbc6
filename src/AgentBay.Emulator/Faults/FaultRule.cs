using System;
using System.Collections.Generic;

namespace AgentBay.Emulator;

/// <summary>One kind of fault, how often it strikes, when, and for which actions.</summary>
/// <param name="Kind">What is injected.</param>
/// <param name="Probability">Chance per matching request, 0–1; the rules' chances add up (at most 1 in total per action).</param>
public sealed record FaultRule(FaultKind Kind, double Probability)
{
    /// <summary>Before the action runs (default) or after it ran.</summary>
    public FaultPhase Phase { get; init; } = FaultPhase.BeforeAction;

    /// <summary>Actions the rule applies to (wire names such as <c>CreateMcpSession</c>); null or empty: every action.</summary>
    public IReadOnlyList<string>? Actions { get; init; }

    /// <summary>For <see cref="FaultKind.Delay"/>: how long; null uses <see cref="FaultOptions.Delay"/>.</summary>
    public TimeSpan? Delay { get; init; }

    /// <summary>True when the rule covers <paramref name="action"/>.</summary>
    internal bool Covers(string action)
    {
        if (Actions is null || Actions.Count == 0)
        {
            return true;
        }

        foreach (var candidate in Actions)
        {
            if (string.Equals(candidate, action, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
