using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Xunit;

namespace AgentBay.Reliability.Tests.Infrastructure;

/// <summary>
/// Waits for a condition by polling, failing with a message when a deadline passes: no fixed sleeps. The default deadline
/// (20 s) is only reached on failure, however loaded the machine.
/// </summary>
public static class Deadline
{
    public static async Task UntilAsync(Func<bool> condition, string what, double timeoutSeconds = 20)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed.TotalSeconds < timeoutSeconds, $"Timed out after {timeoutSeconds} s waiting for: {what}");
            await Task.Delay(10);
        }
    }
}
