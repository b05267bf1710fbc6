using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace AgentBay.Reliability.Tests.Infrastructure;

/// <summary>A fake clock and a way to run an operation while moving it forward, so backoff waits cost no real time.</summary>
public static class FakeClock
{
    public static FakeTimeProvider New() => new(new DateTimeOffset(2026, 1, 29, 9, 0, 0, TimeSpan.Zero));

    /// <summary>
    /// Runs <paramref name="operation"/> on the thread pool and advances <paramref name="clock"/> by <paramref name="step"/>
    /// every millisecond of real time until it finishes (at most 10 s of real time).
    /// </summary>
    public static async Task<T> DriveAsync<T>(FakeTimeProvider clock, Func<Task<T>> operation, TimeSpan? step = null)
    {
        var task = Task.Run(operation);
        var real = Stopwatch.StartNew();
        while (!task.IsCompleted)
        {
            Assert.True(real.Elapsed < TimeSpan.FromSeconds(10), "The operation did not finish while the fake clock ran.");
            clock.Advance(step ?? TimeSpan.FromMilliseconds(50));
            await Task.Delay(1);
        }

        return await task;
    }
}
