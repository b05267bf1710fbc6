using System;
using System.Diagnostics;
using System.Threading.Tasks;

namespace AgentBay.Emulator.Tests.Infrastructure;

/// <summary>Waits for a condition with a deadline instead of sleeping a fixed time.</summary>
public static class Poll
{
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, double timeoutSeconds = 30)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed.TotalSeconds > timeoutSeconds)
            {
                throw new Xunit.Sdk.XunitException($"Timed out after {timeoutSeconds} s waiting for: {what}");
            }

            await Task.Delay(25);
        }
    }

    public static Task UntilAsync(Func<bool> condition, string what, double timeoutSeconds = 30) =>
        UntilAsync(() => Task.FromResult(condition()), what, timeoutSeconds);

    /// <summary>As above; <paramref name="what"/> is evaluated on failure, so the message shows the state at the deadline.</summary>
    public static async Task UntilAsync(Func<bool> condition, Func<string> what, double timeoutSeconds = 30)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed.TotalSeconds > timeoutSeconds)
            {
                throw new Xunit.Sdk.XunitException($"Timed out after {timeoutSeconds} s waiting for: {what()}");
            }

            await Task.Delay(25);
        }
    }
}
