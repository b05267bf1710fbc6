using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace AgentBay.Emulator;

/// <summary>A fault the emulator injected: into which call, what, and when.</summary>
/// <param name="Action">The action of the call.</param>
/// <param name="Kind">What was injected.</param>
/// <param name="Phase">Before or after the action ran.</param>
/// <param name="RequestId">The request id the emulator gave the call (also in the reply, when there was one).</param>
public sealed record InjectedFault(string Action, FaultKind Kind, FaultPhase Phase, string RequestId);

/// <summary>
/// The fault mode of a running emulator (<see cref="AgentBayEmulator.Faults"/>): switch it off and on (e.g. to clean up
/// after a fault test) and read what it injected.
/// </summary>
public sealed class EmulatorFaults
{
    private readonly Random _dice;
    private readonly Lock _diceGate = new();
    private readonly ConcurrentQueue<InjectedFault> _injected = new();
    private volatile bool _enabled;

    internal EmulatorFaults(FaultOptions? options)
    {
        Options = options ?? new FaultOptions();
        Options.Validate();
        _dice = new Random(Options.Seed);
        _enabled = Options.Rules.Count > 0;
    }

    /// <summary>The configured rules, seed and timings.</summary>
    public FaultOptions Options { get; }

    /// <summary>Whether faults are injected now; on at start when rules are configured.</summary>
    public bool Enabled
    {
        get => _enabled;
        set => _enabled = value;
    }

    /// <summary>Every fault injected so far, in the order they struck.</summary>
    public IReadOnlyList<InjectedFault> Injected => _injected.ToArray();

    /// <summary>How many faults of <paramref name="kind"/> (in <paramref name="phase"/>, or either) were injected.</summary>
    public int Count(FaultKind kind, FaultPhase? phase = null) =>
        _injected.Count(f => f.Kind == kind && (phase is null || f.Phase == phase));

    /// <summary>The rule that strikes this call of <paramref name="action"/>, or null; one draw per call while enabled.</summary>
    internal FaultRule? Draw(string action)
    {
        if (!_enabled)
        {
            return null;
        }

        double roll;
        lock (_diceGate)
        {
            roll = _dice.NextDouble();
        }

        var cumulative = 0.0;
        foreach (var rule in Options.Rules)
        {
            if (!rule.Covers(action))
            {
                continue;
            }

            cumulative += rule.Probability;
            if (roll < cumulative)
            {
                return rule;
            }
        }

        return null;
    }

    internal void Record(InjectedFault fault) => _injected.Enqueue(fault);
}
