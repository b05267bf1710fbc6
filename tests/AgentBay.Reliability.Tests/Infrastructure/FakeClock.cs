using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace AgentBay.Reliability.Tests.Infrastructure;

/// <summary>
/// A fake clock and ways to run an operation while moving it forward, so backoff waits cost no real time and nothing
/// depends on how fast the machine is: the clock moves only while the operation waits on it.
/// </summary>
public static class FakeClock
{
    private static readonly TimeSpan DefaultStep = TimeSpan.FromMilliseconds(50);

    // An operation still running after this much fake time waits on something other than the clock.
    private static readonly TimeSpan MaxFakeTime = TimeSpan.FromHours(2);

    public static DrivenClock New() => new(new DateTimeOffset(2026, 1, 29, 9, 0, 0, TimeSpan.Zero));

    /// <summary>
    /// Runs an asynchronous <paramref name="operation"/> on this thread without a synchronization context and advances
    /// <paramref name="clock"/> by <paramref name="step"/> until it finishes. The scripted service answers at once, so the
    /// operation runs until it waits on the clock; every continuation after a fake timer then runs inside
    /// <see cref="FakeTimeProvider.Advance"/>, so each step lets exactly the waits that are due end, and a request in
    /// flight never sees the clock move under it. Call times on the clock are therefore exact to one step.
    /// </summary>
    /// <remarks>Synchronous methods that wait on the clock need <see cref="RunBlocking{T}"/>: here they would block the
    /// thread that moves it.</remarks>
    public static async Task<T> DriveAsync<T>(DrivenClock clock, Func<Task<T>> operation, TimeSpan? step = null)
    {
        var by = step ?? DefaultStep;
        Task<T> task;
        var context = SynchronizationContext.Current;
        // Await continuations are only run inline on a thread without a synchronization context; xunit installs one.
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            task = operation();
            for (long i = 0, steps = MaxFakeTime.Ticks / by.Ticks; i < steps && !task.IsCompleted; i++)
            {
                // Waiting, the operation has armed a timer since the last one fired. If not, it went on elsewhere (e.g.
                // a cancelled Task.Delay resumes on the thread pool) or waits on something else: moving the clock now
                // would race it, so fail instead.
                Assert.True(clock.ArmedSinceLastFire, "The operation is not waiting on the fake clock: it went on off this thread or waits on something else.");
                clock.Advance(by);
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }

        Assert.True(task.IsCompleted, $"The operation did not finish within {MaxFakeTime.TotalHours} h on the fake clock.");
        return await task;
    }

    /// <summary>
    /// Runs a synchronous <paramref name="operation"/> on a thread of its own, advancing <paramref name="clock"/> by
    /// <paramref name="step"/> only while that thread is blocked on a timer armed since the last one fired.
    /// </summary>
    public static T RunBlocking<T>(DrivenClock clock, Func<T> operation, TimeSpan? step = null) =>
        clock.RunBlocking(operation, step ?? DefaultStep);
}
