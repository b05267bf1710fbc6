using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentBay.Emulator;
using AgentBay.Reliability.Tests.Infrastructure;
using AgentBay.Runtime;
using AgentBay.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace AgentBay.Reliability.Tests;

/// <summary>
/// 100 shell commands that outlive their time limit, each leaving children, grandchildren that left the process group,
/// and a foreground sleep: afterwards no process carrying the run's marker remains (checked in /proc).
/// </summary>
public sealed class ShellTimeoutOrphanTests(ITestOutputHelper output)
{
    private const string Key = "akm-orphans-2a3b4c5d";

    public static TheoryData<SandboxMode> Modes => Sandboxes.Modes();

    [SandboxTheory]
    [MemberData(nameof(Modes))]
    public async Task A_hundred_shell_timeouts_leave_no_orphan_process(SandboxMode mode)
    {
        await using var emulator = await AgentBayEmulator.StartAsync(new EmulatorOptions { ApiKeys = [Key], Sandbox = Sandboxes.Require(mode) });
        using var client = new AgentBayClient(new AgentBayOptions { ApiKey = Key, Endpoint = emulator.Endpoint, Timeout = TimeSpan.FromSeconds(30) });
        var sessions = new List<Session>();
        for (var i = 0; i < 4; i++)
        {
            sessions.Add((await client.CreateAsync()).Session);
        }

        var marker = "orphan-" + Guid.NewGuid().ToString("N");
        var command = $"sh -c 'sleep 60; : {marker}' & setsid sh -c 'sleep 60; : {marker}' & (sleep 60; : {marker}) & sleep 60; : {marker}";
        var next = 0;
        var results = new System.Collections.Concurrent.ConcurrentBag<ShellResult>();
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, 10).Select(worker => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) <= 100)
            {
                results.Add(await sessions[worker % sessions.Count].Tools.ShellAsync(command, timeoutMs: 100));
            }
        })));
        output.WriteLine($"100 timed-out commands in {clock.ElapsedMilliseconds} ms (sandbox: {emulator.SandboxName})");

        Assert.Equal(100, results.Count);
        Assert.All(results, r => Assert.Equal(124, r.ExitCode));
        await Deadline.UntilAsync(() => ProcessTable.WithMarker(marker).Count == 0,
            $"no process with {marker} left (still: {string.Join(", ", ProcessTable.WithMarker(marker))})", timeoutSeconds: 60);

        // The check can see such processes: one started the same way but not timed out is found while it runs.
        var background = await sessions[0].Tools.ShellAsync($"setsid sh -c 'sleep 60; : {marker}' > /dev/null 2>&1 &", timeoutMs: 5000);
        Assert.True(background.Success, background.ErrorMessage);
        await Deadline.UntilAsync(() => ProcessTable.WithMarker(marker).Count > 0, "the background process is visible in /proc", timeoutSeconds: 60);
        foreach (var session in sessions)
        {
            Assert.True((await session.DeleteAsync(pollInterval: TimeSpan.FromMilliseconds(100))).Success);
        }

        await Deadline.UntilAsync(() => ProcessTable.WithMarker(marker).Count == 0, "deleting the session killed the background process", timeoutSeconds: 60);
    }
}
