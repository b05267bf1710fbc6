using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace AgentBay.Tests.Shared;

/// <summary>
/// (Compiled into the client and telemetry test projects.) A fake clock for polling tests: it moves only when the operation waits on it, never on a real-time schedule (a
/// clock moved every real millisecond fires the per-request timeouts of a call that a loaded machine runs late).
/// </summary>
public sealed class FakeTime
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(500);

    public DrivenClock Provider { get; } = new(new DateTimeOffset(2026, 1, 29, 9, 0, 0, TimeSpan.Zero));

    /// <summary>
    /// Runs an asynchronous <paramref name="operation"/> on this thread without a synchronization context, so that
    /// every continuation after a fake timer runs inside <see cref="FakeTimeProvider.Advance"/>: the operation runs
    /// until it waits on the clock, and each step lets the waits that are due end (the stub answers at once). The result
    /// does not depend on how fast the machine is. Synchronous methods that wait on the clock need
    /// <see cref="RunBlocking{T}"/>: here they would block the thread that moves the clock.
    /// </summary>
    public async Task<T> Drive<T>(Func<Task<T>> operation)
    {
        Task<T> task;
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            task = operation();
            // At most a day of fake time: an operation that still runs has waited on something other than the clock.
            for (var i = 0; i < 24 * 60 * 60 * 2 && !task.IsCompleted; i++)
            {
                // Waiting, the operation has armed a timer since the last one fired; if not, moving the clock would race
                // whatever it does instead.
                Assert.True(Provider.ArmedSinceLastFire, "The operation is not waiting on the fake clock: it went on off this thread or waits on something else.");
                Provider.Advance(Step);
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }

        Assert.True(task.IsCompleted, "The operation did not finish within a day on the fake clock.");
        return await task;
    }

    /// <summary>Runs a synchronous <paramref name="operation"/> on its own thread, moving the clock while it waits on it.</summary>
    public T RunBlocking<T>(Func<T> operation) => Provider.RunBlocking(operation, Step);
}
