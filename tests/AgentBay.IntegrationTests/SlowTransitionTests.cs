using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using AgentBay.IntegrationTests.Infrastructure;
using AgentBay.Runtime;
using Xunit;

namespace AgentBay.IntegrationTests;

/// <summary>
/// With a 30 s PAUSING phase: PAUSING is visible right after PauseSessionAsync, a pause whose polling runs out
/// reports the timeout, and cancelling the polling throws OperationCanceledException at once.
/// </summary>
public sealed class SlowPauseTests(SlowPauseEmulatorFixture fixture) : IClassFixture<SlowPauseEmulatorFixture>
{
    [Fact]
    public async Task PAUSING_is_visible_right_after_PauseSessionAsync_and_tools_are_refused_meanwhile()
    {
        await using var lease = await fixture.CreateSessionAsync();
        var transport = fixture.Client.Transport;

        var reply = await Wire.SendAsync(transport, "PauseSessionAsync", lease.Id);
        Assert.True(reply.Success);
        Assert.Equal("ok", reply.Code);
        Assert.Equal("PAUSING", await Wire.StatusAsync(transport, lease.Id));

        var listed = await fixture.Client.ListAsync(status: SessionStatus.Pausing, maxResults: 100);
        Assert.Contains(listed.SessionIds, s => s.SessionId == lease.Id && s.SessionStatus == SessionStatus.Pausing);

        var shell = await lease.Tools.ShellAsync("echo no");
        Assert.False(shell.Success);
        Assert.Contains($"The session {lease.Id} is PAUSING", shell.ErrorMessage, StringComparison.Ordinal);

        // Resuming a session that is still pausing is refused (HTTP 200, Success false) and fails the typed call.
        var resume = await lease.Session.ResumeAsync(TimeSpan.FromSeconds(5), EmulatorFixture.FastPoll);
        Assert.False(resume.Success);
        Assert.Contains("PAUSING", resume.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal("PAUSING", await Wire.StatusAsync(transport, lease.Id));

        // A session can be deleted while it pauses.
        var deleted = await lease.Session.DeleteAsync(timeout: EmulatorFixture.LifecycleTimeout, pollInterval: EmulatorFixture.FastPoll);
        Assert.True(deleted.Success, deleted.ErrorMessage);
    }

    [Theory]
    [InlineData(Mode.Async)]
    [InlineData(Mode.Sync)]
    public async Task Pause_that_does_not_finish_in_time_reports_the_timeout(Mode mode)
    {
        await using var lease = await fixture.CreateSessionAsync();
        var clock = Stopwatch.StartNew();
        var paused = await mode.Call(
            () => lease.Session.PauseAsync(TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(100)),
            () => lease.Session.Pause(TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(100)));
        clock.Stop();

        Assert.False(paused.Success);
        Assert.Equal("Timed out after 0.5 seconds waiting for session to pause", paused.ErrorMessage);
        Assert.Equal("PAUSING", paused.Status);
        Assert.False(string.IsNullOrEmpty(paused.RequestId));
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(450), TimeSpan.FromSeconds(25)); // PAUSING lasts 30 s
        Assert.Equal("PAUSING", await Wire.StatusAsync(fixture.Client.Transport, lease.Id));
    }

    [Theory]
    [InlineData(Mode.Async)]
    [InlineData(Mode.Sync)]
    public async Task Cancelling_a_pause_poll_throws_OperationCanceledException_promptly(Mode mode)
    {
        await using var lease = await fixture.CreateSessionAsync();
        using var cancel = new CancellationTokenSource();
        var pause = mode == Mode.Async
            ? lease.Session.PauseAsync(TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(200), cancel.Token)
            : Task.Run(() => lease.Session.Pause(TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(200), cancel.Token));

        // Cancel once the pause has reached the service, i.e. while the client is polling.
        await Eventually.Until(() => Wire.StatusAsync(fixture.Client.Transport, lease.Id), status => status == "PAUSING", "PAUSING");
        Assert.False(pause.IsCompleted);
        var clock = Stopwatch.StartNew();
        await cancel.CancelAsync();
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pause);
        clock.Stop();

        Assert.Equal(cancel.Token, error.CancellationToken);
        // Promptly, not after the operation's own 30-60 s: a loaded machine may take a moment, never that long.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the pause ended {clock.ElapsedMilliseconds} ms after the cancellation");
        // The service side went on: the session is PAUSING.
        Assert.Equal("PAUSING", await Wire.StatusAsync(fixture.Client.Transport, lease.Id));
    }
}

/// <summary>With a 30 s RESUMING phase (pausing is quick): RESUMING is visible, resume timeout and cancellation.</summary>
public sealed class SlowResumeTests(SlowResumeEmulatorFixture fixture) : IClassFixture<SlowResumeEmulatorFixture>
{
    private async Task<SessionLease> CreatePausedSessionAsync()
    {
        var lease = await fixture.CreateSessionAsync();
        var paused = await lease.Session.PauseAsync(EmulatorFixture.LifecycleTimeout, EmulatorFixture.FastPoll);
        Assert.True(paused.Success, paused.ErrorMessage);
        return lease;
    }

    [Fact]
    public async Task RESUMING_is_visible_right_after_ResumeSessionAsync_and_tools_are_refused_meanwhile()
    {
        await using var lease = await CreatePausedSessionAsync();
        var transport = fixture.Client.Transport;

        var reply = await Wire.SendAsync(transport, "ResumeSessionAsync", lease.Id);
        Assert.True(reply.Success);
        Assert.Equal("RESUMING", await Wire.StatusAsync(transport, lease.Id));

        var read = await lease.Tools.ReadFileAsync("/home/user/x");
        Assert.False(read.Success);
        Assert.Contains($"The session {lease.Id} is RESUMING", read.ErrorMessage, StringComparison.Ordinal);

        var pause = await lease.Session.PauseAsync(TimeSpan.FromSeconds(5), EmulatorFixture.FastPoll);
        Assert.False(pause.Success);
        Assert.Contains("RESUMING", pause.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Mode.Async)]
    [InlineData(Mode.Sync)]
    public async Task Resume_that_does_not_finish_in_time_reports_the_timeout(Mode mode)
    {
        await using var lease = await CreatePausedSessionAsync();
        var resumed = await mode.Call(
            () => lease.Session.ResumeAsync(TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(100)),
            () => lease.Session.Resume(TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(100)));

        Assert.False(resumed.Success);
        Assert.Equal("Timed out after 0.3 seconds waiting for session to resume", resumed.ErrorMessage);
        Assert.Equal("RESUMING", resumed.Status);
    }

    [Theory]
    [InlineData(Mode.Async)]
    [InlineData(Mode.Sync)]
    public async Task Cancelling_a_resume_poll_throws_OperationCanceledException_promptly(Mode mode)
    {
        await using var lease = await CreatePausedSessionAsync();
        using var cancel = new CancellationTokenSource();
        var resume = mode == Mode.Async
            ? lease.Session.ResumeAsync(TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(200), cancel.Token)
            : Task.Run(() => lease.Session.Resume(TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(200), cancel.Token));

        await Eventually.Until(() => Wire.StatusAsync(fixture.Client.Transport, lease.Id), status => status == "RESUMING", "RESUMING");
        Assert.False(resume.IsCompleted);
        var clock = Stopwatch.StartNew();
        await cancel.CancelAsync();
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => resume);
        clock.Stop();

        Assert.Equal(cancel.Token, error.CancellationToken);
        // Promptly, not after the operation's own 30-60 s: a loaded machine may take a moment, never that long.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the resume ended {clock.ElapsedMilliseconds} ms after the cancellation");
    }
}

/// <summary>With a 3 s DELETING phase: cancelling the delete poll returns at once while the service goes on deleting.</summary>
public sealed class SlowDeleteTests(SlowDeleteEmulatorFixture fixture) : IClassFixture<SlowDeleteEmulatorFixture>
{
    [Theory]
    [InlineData(Mode.Async)]
    [InlineData(Mode.Sync)]
    public async Task Cancelling_a_delete_poll_throws_promptly_and_the_delete_still_happens(Mode mode)
    {
        var created = await fixture.Client.CreateAsync();
        Assert.True(created.Success, created.ErrorMessage);
        var session = created.Session;
        using var cancel = new CancellationTokenSource();
        var delete = mode == Mode.Async
            ? session.DeleteAsync(timeout: TimeSpan.FromSeconds(60), pollInterval: TimeSpan.FromMilliseconds(200), cancellationToken: cancel.Token)
            : Task.Run(() => session.Delete(timeout: TimeSpan.FromSeconds(60), pollInterval: TimeSpan.FromMilliseconds(200), cancellationToken: cancel.Token));

        await Eventually.Until(() => Wire.StatusAsync(fixture.Client.Transport, session.SessionId), status => status == "DELETING", "DELETING");
        Assert.False(delete.IsCompleted);
        var clock = Stopwatch.StartNew();
        await cancel.CancelAsync();
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => delete);
        clock.Stop();

        Assert.Equal(cancel.Token, error.CancellationToken);
        // Promptly, not after the operation's own 30-60 s: a loaded machine may take a moment, never that long.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the delete ended {clock.ElapsedMilliseconds} ms after the cancellation");
        await Eventually.Until(async () => (await fixture.Client.GetAsync(session.SessionId)).Success, found => !found, "the session to be gone");
        await Eventually.SessionCount(fixture.Emulator, 0);
    }
}
