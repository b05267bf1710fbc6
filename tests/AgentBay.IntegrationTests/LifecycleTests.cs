using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using AgentBay.IntegrationTests.Infrastructure;
using AgentBay.Runtime;
using AgentBay.Emulator;
using AgentBay.TestSupport;
using Xunit;

namespace AgentBay.IntegrationTests;

/// <summary>Pause, resume and delete with the emulator's short delays: typed polling and what the wire shows meanwhile.</summary>
public sealed class LifecycleTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private AgentBayTransport Transport => fixture.Client.Transport;

    [SandboxTheory]
    [MemberData(nameof(Forms.EveryModeAndForm), MemberType = typeof(Forms))]
    public async Task Pause_waits_for_PAUSED_and_resume_for_RUNNING_keeping_files_and_processes(SandboxMode sandbox, Mode mode)
    {
        var (emulator, client) = await fixture.InAsync(sandbox);
        await using var lease = await fixture.CreateSessionAsync(sandbox);
        var session = lease.Session;
        Assert.True((await lease.Tools.WriteFileAsync("/home/user/keep.txt", "kept across pause")).Success);
        var counter = await lease.Tools.ShellAsync("(while true; do date +%s%N >> ~/ticks; sleep 0.05; done) >/dev/null 2>&1 &");
        Assert.True(counter.Success, counter.Output);
        await Eventually.Until(() => Task.FromResult(HostTickCount(emulator, lease)), n => n > 0, "the background counter to tick");

        var paused = await mode.Call(
            () => session.PauseAsync(EmulatorFixture.LifecycleTimeout, EmulatorFixture.FastPoll),
            () => session.Pause(EmulatorFixture.LifecycleTimeout, EmulatorFixture.FastPoll));
        Assert.True(paused.Success, paused.ErrorMessage);
        Assert.Equal("PAUSED", paused.Status);
        Assert.False(string.IsNullOrEmpty(paused.RequestId));
        Assert.Equal("PAUSED", await Wire.StatusAsync(client.Transport, lease.Id));

        // A paused session's processes are stopped: once the kernel shows them stopped (a process inside a system call
        // stops when it leaves it), the counter file does not grow while it is PAUSED. Tools are refused now, so the
        // file is read on the host, in the session folder the emulator's README documents.
        await Eventually.Until(() => Task.FromResult(SessionProcesses.Running(lease.Id)), running => running.Length == 0, "the session's processes to be stopped");
        var ticks = HostTickCount(emulator, lease);
        await Task.Delay(300);
        Assert.Equal(ticks, HostTickCount(emulator, lease));

        var resumed = await mode.Call(
            () => session.ResumeAsync(EmulatorFixture.LifecycleTimeout, EmulatorFixture.FastPoll),
            () => session.Resume(EmulatorFixture.LifecycleTimeout, EmulatorFixture.FastPoll));
        Assert.True(resumed.Success, resumed.ErrorMessage);
        Assert.Equal("RUNNING", resumed.Status);
        Assert.Equal("RUNNING", await Wire.StatusAsync(client.Transport, lease.Id));

        Assert.Equal("kept across pause", (await lease.Tools.ReadFileAsync("/home/user/keep.txt")).Data);
        var shell = await lease.Tools.ShellAsync("cat keep.txt");
        Assert.Equal("kept across pause", shell.Stdout);
        await Eventually.Until(() => Task.FromResult(HostTickCount(emulator, lease)), n => n > ticks, "the background counter to tick again after resume");
    }

    [Fact]
    public async Task The_wire_shows_PAUSING_then_PAUSED_and_RESUMING_then_RUNNING()
    {
        await using var lease = await fixture.CreateSessionAsync();

        var pause = await Wire.SendAsync(Transport, "PauseSessionAsync", lease.Id);
        Assert.True(pause.Success);
        var pauseSeen = await ObserveUntilAsync(lease.Id, "PAUSED");
        Assert.All(pauseSeen, s => Assert.Contains(s, new[] { "PAUSING", "PAUSED" }));

        var resume = await Wire.SendAsync(Transport, "ResumeSessionAsync", lease.Id);
        Assert.True(resume.Success);
        var resumeSeen = await ObserveUntilAsync(lease.Id, "RUNNING");
        Assert.All(resumeSeen, s => Assert.Contains(s, new[] { "RESUMING", "RUNNING" }));
    }

    [Theory]
    [InlineData(Mode.Async)]
    [InlineData(Mode.Sync)]
    public async Task A_paused_session_refuses_tool_calls_with_the_service_error(Mode mode)
    {
        await using var lease = await fixture.CreateSessionAsync();
        var t = lease.Tools;
        Assert.True((await t.WriteFileAsync("/home/user/f.txt", "x")).Success);
        var paused = await lease.Session.PauseAsync(EmulatorFixture.LifecycleTimeout, EmulatorFixture.FastPoll);
        Assert.True(paused.Success, paused.ErrorMessage);
        var expected = $"The session {lease.Id} is PAUSED";

        var shell = await mode.Call(() => t.ShellAsync("touch ~/ran-while-paused"), () => t.Shell("touch ~/ran-while-paused"));
        Assert.False(shell.Success);
        Assert.Null(shell.ExitCode);
        Assert.Contains(expected, shell.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("code: 400", shell.ErrorMessage, StringComparison.Ordinal);

        var read = await mode.Call(() => t.ReadFileAsync("/home/user/f.txt"), () => t.ReadFile("/home/user/f.txt"));
        Assert.False(read.Success);
        Assert.Null(read.Data);
        Assert.Contains(expected, read.ErrorMessage, StringComparison.Ordinal);

        var metrics = await mode.Call(() => t.GetMetricsAsync(), () => t.GetMetrics());
        Assert.False(metrics.Success);
        Assert.Contains(expected, metrics.ErrorMessage, StringComparison.Ordinal);

        var raw = await mode.Call(() => lease.Session.CallMcpToolAsync("shell", new Dictionary<string, object?> { ["command"] = "true" }),
            () => lease.Session.CallMcpTool("shell", new Dictionary<string, object?> { ["command"] = "true" }));
        Assert.False(raw.Success);
        Assert.Contains(expected, raw.ErrorMessage, StringComparison.Ordinal);

        // Pausing again is harmless and still reports PAUSED.
        var again = await lease.Session.PauseAsync(EmulatorFixture.LifecycleTimeout, EmulatorFixture.FastPoll);
        Assert.True(again.Success, again.ErrorMessage);
        Assert.Equal("PAUSED", again.Status);

        var resumed = await lease.Session.ResumeAsync(EmulatorFixture.LifecycleTimeout, EmulatorFixture.FastPoll);
        Assert.True(resumed.Success, resumed.ErrorMessage);
        var check = await t.ShellAsync("test -e ~/ran-while-paused && echo ran || echo refused");
        Assert.Equal("refused\n", check.Stdout);
    }

    [Theory]
    [InlineData(Mode.Async)]
    [InlineData(Mode.Sync)]
    public async Task After_delete_detail_says_FINISH_and_get_and_tools_say_not_found(Mode mode)
    {
        await using var lease = await fixture.CreateSessionAsync();
        var deleted = await mode.Call(
            () => lease.Session.DeleteAsync(timeout: EmulatorFixture.LifecycleTimeout, pollInterval: EmulatorFixture.FastPoll),
            () => lease.Session.Delete(timeout: EmulatorFixture.LifecycleTimeout, pollInterval: EmulatorFixture.FastPoll));
        Assert.True(deleted.Success, deleted.ErrorMessage);

        // The reference allows FINISH or NotFound right after a delete (the Go SDK also stops on DELETED, which the
        // emulator shows for an instant before it buries the session). Then the tombstone says FINISH.
        Assert.Contains(await DetailStatusAsync(lease.Id), new[] { "FINISH", "DELETED", "NotFound" });
        await Eventually.Until(() => DetailStatusAsync(lease.Id), status => status == "FINISH", "GetSessionDetail to say FINISH");

        var get = await mode.Call(() => fixture.Client.GetAsync(lease.Id), () => fixture.Client.Get(lease.Id));
        Assert.False(get.Success);
        Assert.Equal($"Session {lease.Id} not found", get.ErrorMessage);

        var getSession = await Assert.ThrowsAsync<ApiException>(() => Wire.SendAsync(Transport, "GetSession", lease.Id));
        Assert.Equal("InvalidMcpSession.NotFound", getSession.Code);
        Assert.Equal(400, getSession.HttpStatusCode);

        var shell = await mode.Call(() => lease.Tools.ShellAsync("echo hi"), () => lease.Tools.Shell("echo hi"));
        Assert.False(shell.Success);
        Assert.Contains($"The specified session {lease.Id} is not found.", shell.ErrorMessage, StringComparison.Ordinal);

        var pause = await lease.Session.PauseAsync(EmulatorFixture.LifecycleTimeout, EmulatorFixture.FastPoll);
        Assert.False(pause.Success);
        Assert.Contains("not found", pause.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_of_a_paused_session_succeeds()
    {
        await using var lease = await fixture.CreateSessionAsync();
        Assert.True((await lease.Session.PauseAsync(EmulatorFixture.LifecycleTimeout, EmulatorFixture.FastPoll)).Success);
        var deleted = await lease.Session.DeleteAsync(timeout: EmulatorFixture.LifecycleTimeout, pollInterval: EmulatorFixture.FastPoll);
        Assert.True(deleted.Success, deleted.ErrorMessage);
        Assert.Equal($"Session {lease.Id} not found", (await Eventually.SessionGone(fixture.Client, lease.Id)).ErrorMessage);
    }

    [Fact]
    public async Task Pause_and_resume_check_their_polling_arguments()
    {
        await using var lease = await fixture.CreateSessionAsync();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => lease.Session.PauseAsync(TimeSpan.FromSeconds(1), TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => lease.Session.Resume(TimeSpan.FromSeconds(-1)));
        Assert.Equal("RUNNING", await Wire.StatusAsync(Transport, lease.Id));
    }

    [Fact]
    public async Task A_finished_typed_delete_leaves_only_the_tombstone()
    {
        // The typed delete stops polling on DELETED, FINISH or NotFound (the reference's rule). The emulator sets DELETED
        // on the live session, kills its processes, removes it from the live set, deletes its folder and only then adds
        // the tombstone, so each of those steps is a window where the result below is wrong. A folder with many files
        // widens the last window; ten rounds make the race show reliably.
        for (var round = 0; round < 10; round++)
        {
            await using var lease = await fixture.CreateSessionAsync();
            Assert.True((await lease.Tools.ShellAsync("mkdir -p ~/a/b/c && seq -f \"$HOME/a/b/c/f%g\" 1 3000 | xargs touch", timeoutMs: 20000)).Success);
            var deleted = await lease.Session.DeleteAsync(timeout: EmulatorFixture.LifecycleTimeout, pollInterval: TimeSpan.FromMilliseconds(10));
            Assert.True(deleted.Success, deleted.ErrorMessage);

            var got = await fixture.Client.GetAsync(lease.Id);
            Assert.False(got.Success, $"round {round}: Get still finds the deleted session");
            Assert.Equal("FINISH", await DetailStatusAsync(lease.Id));
            var listed = await fixture.Client.ListAsync(status: SessionStatus.Deleted, maxResults: 100);
            Assert.Contains(listed.SessionIds, s => s.SessionId == lease.Id);
        }
    }

    /// <summary>GetSessionDetail's Data.Status, or "NotFound" for the InvalidMcpSession.NotFound error.</summary>
    private async Task<string?> DetailStatusAsync(string sessionId)
    {
        try
        {
            var detail = await Wire.SendAsync(Transport, "GetSessionDetail", sessionId, ParameterLocation.Query);
            Assert.True(detail.Success);
            return WireReader.ReadString(WireReader.Select(detail.Body, "Data.Status"));
        }
        catch (ApiException error) when (error.Code == "InvalidMcpSession.NotFound" && error.HttpStatusCode == 400)
        {
            return "NotFound";
        }
    }

    private async Task<List<string>> ObserveUntilAsync(string sessionId, string final)
    {
        var seen = new List<string>();
        await Eventually.Until(async () =>
        {
            var status = await Wire.StatusAsync(Transport, sessionId) ?? "(none)";
            seen.Add(status);
            return status;
        }, status => status == final, $"status {final}");
        return seen;
    }

    private static int HostTickCount(AgentBayEmulator emulator, SessionLease lease)
    {
        var file = Path.Combine(emulator.WorkDirectory, "sessions", lease.Id, "home", "ticks");
        return File.Exists(file) ? File.ReadAllLines(file).Length : 0;
    }
}
