using System;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace AgentBay.Tests.Shared;

/// <summary>
/// (Compiled into the runtime, client and reliability test projects.) A fake clock that knows whether the code under test has armed a timer since the last one fired, so a test can move
/// it only while a blocked thread waits on it (<see cref="RunBlocking{T}"/>), never while that thread still works: a
/// clock moved on a real-time schedule fires request timeouts early whenever a loaded machine runs the thread late.
/// </summary>
public sealed class DrivenClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    /// <summary>How long a blocking operation may take in real time before the test gives up (only reached on failure).</summary>
    private static readonly TimeSpan RealTimeBound = TimeSpan.FromSeconds(30);

    private long _events;
    private long _lastCreated;
    private long _lastFired;

    /// <summary>
    /// True when a timer was created after the last one fired: whoever blocked since then waits for a timer that has not
    /// fired yet. False right after a timer fires, until the woken code arms the next one (its next wait or request).
    /// </summary>
    public bool ArmedSinceLastFire => Interlocked.Read(ref _lastCreated) > Interlocked.Read(ref _lastFired);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Exchange(ref _lastCreated, Interlocked.Increment(ref _events));
        return base.CreateTimer(s =>
        {
            Interlocked.Exchange(ref _lastFired, Interlocked.Increment(ref _events));
            callback(s);
        }, state, dueTime, period);
    }

    /// <summary>
    /// Runs a synchronous <paramref name="operation"/> on a thread of its own and advances the clock by
    /// <paramref name="step"/> only while that thread is blocked on a timer armed since the last one fired: waits end on
    /// the clock, and no request is ever timed out because the thread ran slowly.
    /// </summary>
    public T RunBlocking<T>(Func<T> operation, TimeSpan step)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var worker = new Thread(() =>
        {
            try
            {
                result = operation();
            }
            catch (Exception exception)
            {
                failure = ExceptionDispatchInfo.Capture(exception);
            }
        }) { IsBackground = true, Name = "blocking operation on a fake clock" };
        worker.Start();
        var real = Stopwatch.StartNew();
        while (!worker.Join(1))
        {
            Assert.True(real.Elapsed < RealTimeBound, $"The blocking operation did not finish within {RealTimeBound.TotalSeconds} s of real time.");
            if (ArmedSinceLastFire && (worker.ThreadState & global::System.Threading.ThreadState.WaitSleepJoin) != 0)
            {
                Advance(step);
            }
        }
        failure?.Throw();
        return result;
    }
}
