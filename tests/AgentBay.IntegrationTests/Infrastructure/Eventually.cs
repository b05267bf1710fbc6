using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Xunit.Sdk;

namespace AgentBay.IntegrationTests.Infrastructure;

/// <summary>Polling with a deadline instead of fixed sleeps.</summary>
public static class Eventually
{
    /// <summary>Probes until <paramref name="done"/> holds; fails naming <paramref name="what"/> and the last value at the deadline.</summary>
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30); // generous: reached only on failure, and a loaded machine is slow
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (clock.Elapsed > limit)
            {
                throw new XunitException($"Timed out after {limit.TotalSeconds} s waiting for {what}; last value: {value}");
            }

            await Task.Delay(25);
        }
    }

    /// <summary>
    /// Waits until Get no longer finds the session and returns that failed result. A typed delete may return a moment
    /// before the emulator has buried the session (see the skipped race test in LifecycleTests), hence the polling.
    /// </summary>
    public static Task<SessionResult> SessionGone(AgentBayClient client, string sessionId)
        => Until(() => client.GetAsync(sessionId), result => !result.Success, $"session {sessionId} to be gone");

    /// <summary>Waits until the emulator's live session count is <paramref name="expected"/>.</summary>
    public static Task<int> SessionCount(AgentBay.Emulator.AgentBayEmulator emulator, int expected)
        => Until(() => Task.FromResult(emulator.SessionCount), count => count == expected, $"SessionCount == {expected}");
}
