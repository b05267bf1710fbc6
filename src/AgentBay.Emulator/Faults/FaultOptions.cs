using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace AgentBay.Emulator;

/// <summary>
/// The emulator's fault mode: which failures to inject, how often, and the seed that makes a run reproducible (with
/// requests arriving in the same order, the same requests fail the same way). Faults strike only authenticated calls
/// to known actions, so a bad key or an unknown action keeps its ordinary error.
/// </summary>
public sealed class FaultOptions
{
    /// <summary>The rules; for each request one random draw picks at most one of the rules covering its action.</summary>
    public IReadOnlyList<FaultRule> Rules { get; init; } = [];

    /// <summary>Seed of the fault dice.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>What a <see cref="FaultKind.Throttled"/> reply asks the client to wait.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a <see cref="FaultKind.Delay"/> holds a reply back, unless its rule says otherwise.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    internal void Validate()
    {
        foreach (var rule in Rules)
        {
            if (double.IsNaN(rule.Probability) || rule.Probability is < 0 or > 1)
            {
                throw new ArgumentException($"Fault probability must be between 0 and 1; {rule.Kind} has {rule.Probability.ToString(CultureInfo.InvariantCulture)}.", nameof(Rules));
            }

            if (rule.Delay < TimeSpan.Zero)
            {
                throw new ArgumentException($"Fault delay of {rule.Kind} must not be negative.", nameof(Rules));
            }
        }

        // Each action's chances must fit in one draw; check every action a rule names, and "any other action".
        var actions = Rules.SelectMany(r => r.Actions ?? []).Append("").Distinct(StringComparer.Ordinal);
        foreach (var action in actions)
        {
            var total = Rules.Where(r => action.Length == 0 ? r.Actions is null || r.Actions.Count == 0 : r.Covers(action)).Sum(r => r.Probability);
            if (total > 1 + 1e-9)
            {
                throw new ArgumentException(
                    $"Fault probabilities for {(action.Length == 0 ? "every action" : action)} add up to {total.ToString(CultureInfo.InvariantCulture)}, more than 1.",
                    nameof(Rules));
            }
        }

        if (RetryAfter < TimeSpan.Zero || Delay < TimeSpan.Zero)
        {
            throw new ArgumentException("Fault RetryAfter and Delay must not be negative.", nameof(RetryAfter));
        }
    }
}
