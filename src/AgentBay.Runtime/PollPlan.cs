using System;

namespace AgentBay.Runtime;

/// <summary>A <see cref="PollBehavior"/> with the caller's timeout and interval resolved and checked.</summary>
internal sealed class PollPlan
{
    private PollPlan(PollBehavior behavior, TimeSpan timeout, TimeSpan interval, string?[]? parameterValues)
    {
        Behavior = behavior;
        Timeout = timeout;
        Interval = interval;
        ParameterValues = parameterValues ?? Array.Empty<string?>();
    }

    /// <summary>Values of <see cref="PollBehavior.Parameters"/>, in their order.</summary>
    internal string?[] ParameterValues { get; }

    internal PollBehavior Behavior { get; }

    /// <summary>How long polling may go on, measured from the first poll.</summary>
    internal TimeSpan Timeout { get; }

    /// <summary>Wait between two polls.</summary>
    internal TimeSpan Interval { get; }

    /// <exception cref="ArgumentOutOfRangeException">A negative timeout or a non-positive interval.</exception>
    /// <exception cref="ArgumentException">The values do not match the behaviour's poll parameters.</exception>
    internal static PollPlan Create(PollBehavior behavior, TimeSpan? timeout, TimeSpan? interval, string?[]? parameterValues = null)
    {
        if ((parameterValues?.Length ?? 0) != behavior.Parameters.Count)
        {
            throw new ArgumentException(
                $"The poll of {behavior.Action} takes {behavior.Parameters.Count} parameter value(s), not {parameterValues?.Length ?? 0}.", nameof(parameterValues));
        }
        TimeSpan resolvedTimeout = timeout ?? behavior.DefaultTimeout;
        TimeSpan resolvedInterval = interval ?? behavior.DefaultInterval;
        if (resolvedTimeout < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), resolvedTimeout, "The polling timeout must not be negative.");
        }
        if (resolvedInterval <= TimeSpan.Zero)
        {
            // A zero interval would hammer the service (and never let a fake clock move).
            throw new ArgumentOutOfRangeException(nameof(interval), resolvedInterval, "The poll interval must be positive.");
        }
        return new PollPlan(behavior, resolvedTimeout, resolvedInterval, parameterValues);
    }
}
