using System;
using System.Linq;
using System.Threading.Tasks;
using AgentBay.Reliability.Tests.Infrastructure;
using Xunit;

namespace AgentBay.Reliability.Tests;

/// <summary>
/// The per-request timeout (AgentBayOptions.Timeout) bounds one HTTP exchange; a long-running operation's own timeout
/// bounds its polling. And a session that is gone is reported as gone, never as a timeout.
/// </summary>
public sealed class TimeoutAndNotFoundTests
{
    private readonly DrivenClock _clock = FakeClock.New();

    [Fact]
    public async Task A_poll_that_times_out_per_request_does_not_end_the_operation()
    {
        var service = new ScriptedService(_clock)
            .On("PauseSessionAsync", ScriptedService.Ok())
            .On("GetSession", ScriptedService.Hang, ScriptedService.Hang, ScriptedService.Hang, ScriptedService.Ok(Envelopes.Status("PAUSED")));
        using var client = Clients.Over(service, o => o.Timeout = TimeSpan.FromSeconds(3));

        var paused = await FakeClock.DriveAsync(_clock, () => Clients.SessionOf(client, "s-1").PauseAsync(timeout: TimeSpan.FromSeconds(120)));

        Assert.True(paused.Success, paused.ErrorMessage);
        Assert.Equal("PAUSED", paused.Status);
        var polls = service.CallsOf("GetSession");
        Assert.Equal(4, polls.Count);
        Assert.True(polls[1].At - polls[0].At >= TimeSpan.FromSeconds(3), "each poll had its own per-request timeout");
    }

    [Fact]
    public async Task The_operation_timeout_is_its_own_and_names_its_length()
    {
        var service = new ScriptedService(_clock)
            .On("PauseSessionAsync", ScriptedService.Ok())
            .On("GetSession", ScriptedService.Ok(Envelopes.Status("PAUSING")));
        using var client = Clients.Over(service, o => o.Timeout = TimeSpan.FromSeconds(60));

        var paused = await FakeClock.DriveAsync(_clock, () => Clients.SessionOf(client, "s-1").PauseAsync(timeout: TimeSpan.FromSeconds(5), pollInterval: TimeSpan.FromSeconds(1)));

        Assert.False(paused.Success);
        Assert.Equal("Timed out after 5 seconds waiting for session to pause", paused.ErrorMessage);
        Assert.Equal("PAUSING", paused.Status);
        Assert.InRange(service.CallsOf("GetSession").Count, 5, 7);
    }

    [Fact]
    public async Task The_operation_timeout_cuts_off_a_poll_that_hangs_with_its_retries()
    {
        var service = new ScriptedService(_clock)
            .On("PauseSessionAsync", ScriptedService.Ok())
            .On("GetSession", ScriptedService.Hang);
        using var client = Clients.Over(service, o => o.Timeout = TimeSpan.FromSeconds(60));
        var started = _clock.GetUtcNow();

        var paused = await FakeClock.DriveAsync(_clock, () => Clients.SessionOf(client, "s-1").PauseAsync(timeout: TimeSpan.FromSeconds(5)), TimeSpan.FromMilliseconds(100));

        Assert.Equal("Timed out after 5 seconds waiting for session to pause", paused.ErrorMessage);
        Assert.InRange(_clock.GetUtcNow() - started, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(6));
        Assert.Single(service.CallsOf("GetSession"));
    }

    [Theory]
    [InlineData("pause")]
    [InlineData("resume")]
    public async Task A_session_that_disappears_while_polling_is_reported_as_not_found_not_as_a_timeout(string operation)
    {
        var service = new ScriptedService(_clock)
            .On(operation == "pause" ? "PauseSessionAsync" : "ResumeSessionAsync", ScriptedService.Ok())
            .On("GetSession", ScriptedService.Error(400, "InvalidMcpSession.NotFound", "The specified session s-1 is not found."));
        using var client = Clients.Over(service);
        var session = Clients.SessionOf(client, "s-1");
        var started = _clock.GetUtcNow();

        var (success, message, status) = operation == "pause"
            ? await FakeClock.DriveAsync(_clock, async () => { var r = await session.PauseAsync(); return (r.Success, r.ErrorMessage, r.Status); })
            : await FakeClock.DriveAsync(_clock, async () => { var r = await session.ResumeAsync(); return (r.Success, r.ErrorMessage, r.Status); });

        Assert.False(success);
        Assert.Contains("not found", message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Timed out", message, StringComparison.OrdinalIgnoreCase);
        Assert.Null(status);
        Assert.Single(service.CallsOf("GetSession"));
        Assert.True(_clock.GetUtcNow() - started < TimeSpan.FromSeconds(30), "it ended at once instead of polling until the timeout");
    }

    [Fact]
    public async Task Not_found_on_a_read_is_answered_at_once_and_named()
    {
        var service = new ScriptedService(_clock)
            .On("GetSession", ScriptedService.Error(400, "InvalidMcpSession.NotFound", "The specified session s-9 is not found."));
        using var client = Clients.Over(service);

        var result = await FakeClock.DriveAsync(_clock, () => client.GetAsync("s-9"));

        Assert.False(result.Success);
        Assert.Equal("Session s-9 not found", result.ErrorMessage);
        Assert.Single(service.Calls);
    }

    [Fact]
    public async Task A_request_timeout_is_named_as_one_with_its_length()
    {
        var service = new ScriptedService(_clock).On("GetSession", ScriptedService.Hang);
        using var client = Clients.Over(service, o => { o.Timeout = TimeSpan.FromMilliseconds(1500); o.Retry.Enabled = false; });

        var result = await FakeClock.DriveAsync(_clock, () => client.GetAsync("s-1"));

        Assert.False(result.Success);
        Assert.Equal("Failed to get session s-1: Request GetSession timed out after 1500 ms", result.ErrorMessage);
        Assert.DoesNotContain("not found", result.ErrorMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Deleting_a_session_that_is_already_gone_succeeds_without_waiting()
    {
        var service = new ScriptedService(_clock)
            .On("DeleteSessionAsync", ScriptedService.Ok())
            .On("GetSessionDetail", ScriptedService.Error(400, "InvalidMcpSession.NotFound", "The specified session s-1 is not found."));
        using var client = Clients.Over(service);

        var deleted = await FakeClock.DriveAsync(_clock, () => Clients.SessionOf(client, "s-1").DeleteAsync());

        Assert.True(deleted.Success, deleted.ErrorMessage);
        Assert.Single(service.CallsOf("GetSessionDetail"));
        Assert.Equal(2, service.Calls.Count);
        Assert.Equal(new[] { "DeleteSessionAsync", "GetSessionDetail" }, service.Calls.Select(c => c.Action));
    }
}
