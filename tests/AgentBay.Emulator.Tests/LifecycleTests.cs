using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using AgentBay.Emulator.Tests.Infrastructure;
using AgentBay.TestSupport;
using Xunit;

namespace AgentBay.Emulator.Tests;

/// <summary>Pause, resume and delete (protocol reference §2.5, §2.9): statuses, timing and real process effects.</summary>
public sealed class LifecycleTests : EmulatorTestBase
{
    public static TheoryData<SandboxMode> Modes => Sandboxes.Modes();

    [Fact]
    public async Task PauseAndResumeGoThroughTheirIntermediateStatuses()
    {
        var sessionId = await Client.CreateSessionAsync();

        await Client.OkAsync("PauseSessionAsync", ("SessionId", sessionId));
        Assert.Equal("PAUSING", await Client.StatusAsync(sessionId));
        await Poll.UntilAsync(async () => await Client.StatusAsync(sessionId) == "PAUSED", "PAUSED");

        // Asking again is harmless; resuming is allowed now.
        await Client.OkAsync("PauseSessionAsync", ("SessionId", sessionId));
        await Client.OkAsync("ResumeSessionAsync", ("SessionId", sessionId));
        Assert.Equal("RESUMING", await Client.StatusAsync(sessionId));

        // Pausing in the middle of resuming is a state the service refuses, in the body.
        var refused = await Client.CallAsync("PauseSessionAsync", ("SessionId", sessionId));
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.False(refused.Success);
        Assert.Equal("InvalidSessionStatus", refused.Code);

        await Poll.UntilAsync(async () => await Client.StatusAsync(sessionId) == "RUNNING", "RUNNING");
        var shell = await Client.ShellAsync(sessionId, "echo back");
        Assert.Equal("back\n", shell.Stdout);
    }

    [Fact]
    public async Task APausedSessionRefusesToolCalls()
    {
        // Its own emulator, where PAUSING lasts 5 s: with the shared one's 200 ms, a status poll on a loaded machine
        // could miss the state altogether (it did once in a full test run).
        await using var emulator = await TestEmulator.StartAsync(TestEmulator.DefaultOptions(pauseDelay: TimeSpan.FromSeconds(5)));
        var client = emulator.Client;
        var sessionId = await client.CreateSessionAsync();
        await client.OkAsync("PauseSessionAsync", ("SessionId", sessionId));

        foreach (var expected in new[] { "PAUSING", "PAUSED" })
        {
            await Poll.UntilAsync(async () => await client.StatusAsync(sessionId) == expected, expected);
            var response = await client.CallAsync("CallMcpTool",
                ("SessionId", sessionId), ("Name", "shell"), ("Args", "{\"command\":\"touch /tmp/ran\"}"));
            WireProtocolTests.AssertErrorShape(response, HttpStatusCode.BadRequest, "InvalidSessionStatus");
            Assert.Contains(expected, (string)response.Body["Message"]!, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(Path.Combine(emulator.Emulator.WorkDirectory, "sessions", sessionId, "tmp", "ran")));
    }

    [SandboxTheory]
    [MemberData(nameof(Modes))]
    public async Task PausingSuspendsTheSessionsProcessesAndResumingContinuesThem(SandboxMode mode)
    {
        await using var test = await TestEmulator.StartAsync(mode);
        var client = test.Client;
        var sessionId = await client.CreateSessionAsync();
        var marker = "counter-loop-" + Guid.NewGuid().ToString("N");
        var counterFile = Path.Combine(test.Emulator.WorkDirectory, "sessions", sessionId, "tmp", "counter");
        var start = await client.ShellAsync(sessionId,
            $"nohup sh -c 'i=0; while true; do i=$((i+1)); echo $i > \"$TMPDIR/counter.new\"; mv \"$TMPDIR/counter.new\" \"$TMPDIR/counter\"; sleep 0.02; done # {marker}' >/dev/null 2>&1 &");
        Assert.Equal(0, start.ExitCode);

        int Counter() => int.TryParse(File.Exists(counterFile) ? File.ReadAllText(counterFile).Trim() : string.Empty, out var n) ? n : 0;
        var before = Counter();
        await Poll.UntilAsync(() => Counter() > before + 3, "the loop to count");

        await client.OkAsync("PauseSessionAsync", ("SessionId", sessionId));
        await Poll.UntilAsync(async () => await client.StatusAsync(sessionId) == "PAUSED", "PAUSED");
        var loopPid = int.Parse(Host.Pgrep(marker).Split('\n')[0]);
        // SIGSTOP takes effect when the process next leaves the kernel: one caught inside a file operation shows 'D'
        // (uninterruptible sleep) for a moment before it shows 'T' (stopped); one waiting on a stopped vfork child stays
        // 'D' (Host.IsFrozen).
        await Poll.UntilAsync(() => Host.IsFrozen(loopPid),
            () => $"the loop to be stopped; pid {loopPid} is '{Host.ProcessState(loopPid)}' with children {string.Join(",", Host.Children(loopPid).Select(c => c + ":" + Host.ProcessState(c)))}, matches: {Host.Pgrep(marker).Replace('\n', ' ')}");
        var frozen = Counter();
        await Task.Delay(300); // the loop ticks every 20 ms: 300 ms without a tick means it is stopped
        Assert.Equal(frozen, Counter());

        await client.OkAsync("ResumeSessionAsync", ("SessionId", sessionId));
        await Poll.UntilAsync(async () => await client.StatusAsync(sessionId) == "RUNNING", "RUNNING");
        await Poll.UntilAsync(() => Counter() > frozen + 3, "the loop to count again after resume");
    }

    [SandboxTheory]
    [MemberData(nameof(Modes))]
    public async Task DeleteGoesThroughDeletingThenFinishAndKillsProcesses(SandboxMode mode)
    {
        await using var test = await TestEmulator.StartAsync(mode);
        var client = test.Client;
        var sessionId = await client.CreateSessionAsync();
        var marker = "delete-me-" + Guid.NewGuid().ToString("N");
        await client.ShellAsync(sessionId, $"nohup sh -c 'sleep 300; : {marker}' >/dev/null 2>&1 &");
        await Poll.UntilAsync(() => Host.Pgrep(marker).Length > 0, "the background process to start");

        await client.OkAsync("DeleteSessionAsync", ("SessionId", sessionId));
        Assert.Equal("DELETING", await client.StatusAsync(sessionId));
        var deleting = await client.OkAsync("GetSessionDetail", ("SessionId", sessionId));
        Assert.Equal("DELETING", (string)deleting.Data!["Status"]!);
        await Poll.UntilAsync(() => Host.Pgrep(marker).Length == 0, "the session's processes to die");

        // The SDK polls GetSessionDetail until FINISH.
        await Poll.UntilAsync(async () =>
            (string?)(await client.OkAsync("GetSessionDetail", ("SessionId", sessionId))).Data!["Status"] == "FINISH", "FINISH");
        Assert.Equal(0, test.Emulator.SessionCount);
        Assert.False(Directory.Exists(Path.Combine(test.Emulator.WorkDirectory, "sessions", sessionId)));

        var call = await client.CallAsync("CallMcpTool", ("SessionId", sessionId), ("Name", "shell"), ("Args", "{\"command\":\"echo zombie\"}"), ("AutoGenSession", "False"));
        WireProtocolTests.AssertErrorShape(call, HttpStatusCode.BadRequest, "InvalidMcpSession.NotFound");
        foreach (var action in new[] { "GetSession", "DeleteSessionAsync", "PauseSessionAsync", "SetLabel", "GetLabel", "GetMcpResource", "GetLink" })
        {
            var response = await client.CallAsync(action, ("SessionId", sessionId), ("Labels", "{\"a\":\"b\"}"), ("Port", "30150"));
            WireProtocolTests.AssertErrorShape(response, HttpStatusCode.BadRequest, "InvalidMcpSession.NotFound");
        }

        var list = await client.OkAsync("ListSession");
        Assert.DoesNotContain(sessionId, list.Data!.AsArray().Select(s => (string)s!["SessionId"]!));
        var deleted = await client.OkAsync("ListSession", ("Status", "DELETED"));
        Assert.Contains(sessionId, deleted.Data!.AsArray().Select(s => (string)s!["SessionId"]!));
    }
}
