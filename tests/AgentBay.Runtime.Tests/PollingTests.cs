using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace AgentBay.Runtime.Tests;

public class PollingTests
{
    private const string SessionId = "s-poll";
    private static readonly TimeSpan TwoSeconds = TimeSpan.FromSeconds(2);

    private static readonly OperationBehavior Pause = new()
    {
        Poll = new PollBehavior
        {
            Action = "GetSession",
            StatusPath = "Data.Status",
            Until = ["PAUSED"],
            While = ["PAUSING"],
            OtherStatusFails = true,
            ContinueOnError = true,
            DefaultTimeout = TimeSpan.FromSeconds(600),
            DefaultInterval = TwoSeconds,
            TimeoutMessage = "Timed out after {timeout} seconds waiting for session {sessionId} to pause",
            TimeoutStatus = "PAUSING",
        },
    };

    private static readonly OperationBehavior Delete = new()
    {
        FailureMessage = "Failed to delete session {sessionId}: {error}",
        Poll = new PollBehavior
        {
            Action = "GetSessionDetail",
            SessionIdLocation = ParameterLocation.Query,
            StatusPath = "Data.Status",
            Until = ["FINISH", "DELETED"],
            While = ["DELETING", "RUNNING"],
            NotFoundSucceeds = true,
            ContinueOnError = true,
            DefaultTimeout = TimeSpan.FromSeconds(300),
            DefaultInterval = TimeSpan.FromSeconds(1),
            TimeoutMessage = "Timeout waiting for session deletion after {timeout}s",
        },
    };

    private static string Status(string status, string requestId = "poll")
        => TestSupport.Envelope(requestId: requestId, data: $$"""{"SessionId":"{{SessionId}}","Status":"{{status}}"}""");

    private static ValueTask<OperationOutcome> Start(AgentBayTransport transport, OperationBehavior behavior, string action,
        TimeSpan? timeout = null, TimeSpan? interval = null, bool async = true, CancellationToken cancellationToken = default)
    {
        var request = new AgentBayRequest(action);
        request.Add("SessionId", SessionId);
        return AgentBayOperation.InvokeAsync(transport, request, behavior, SessionId, timeout, interval, async, cancellationToken);
    }

    [Fact]
    public async Task Pause_polls_until_paused()
    {
        var clock = TestSupport.NewClock();
        var handler = new StubHandler()
            .RespondJson(TestSupport.Envelope(requestId: "primary"))
            .RespondJson(Status("PAUSING"))
            .RespondJson(Status("PAUSING"))
            .RespondJson(Status("PAUSED", "last-poll"));
        using var transport = TestSupport.Transport(handler, clock);

        OperationOutcome outcome = await TestSupport.DriveAsync(clock, Start(transport, Pause, "PauseSessionAsync"), TwoSeconds);

        Assert.True(outcome.Success);
        Assert.Equal("PAUSED", outcome.Status);
        Assert.Equal("primary", outcome.RequestId);
        Assert.Null(outcome.ErrorMessage);
        Assert.Equal(new[] { "PauseSessionAsync", "GetSession", "GetSession", "GetSession" }, handler.Requests.Select(r => r.Action));
        Assert.All(handler.Requests.Skip(1), r => Assert.Equal(SessionId, r.FormValue("SessionId")));
        // Polled at once, then after two intervals.
        Assert.Equal(TimeSpan.FromSeconds(4), clock.GetUtcNow() - TestSupport.Start);
    }

    [Fact]
    public async Task Pause_polls_at_the_interval_the_caller_gives()
    {
        var clock = TestSupport.NewClock();
        var handler = new StubHandler()
            .RespondJson(TestSupport.Envelope())
            .RespondJson(Status("PAUSING"))
            .RespondJson(Status("PAUSED"));
        using var transport = TestSupport.Transport(handler, clock);

        OperationOutcome outcome = await TestSupport.DriveAsync(clock,
            Start(transport, Pause, "PauseSessionAsync", interval: TimeSpan.FromMilliseconds(250)), TimeSpan.FromMilliseconds(250));

        Assert.True(outcome.Success);
        Assert.Equal(TimeSpan.FromMilliseconds(250), clock.GetUtcNow() - TestSupport.Start);
    }

    [Fact]
    public void Sync_pause_polls_with_blocking_waits_on_the_clock()
    {
        var clock = TestSupport.NewClock();
        var handler = new StubHandler()
            .RespondJson(TestSupport.Envelope(requestId: "primary"))
            .RespondJson(Status("PAUSING"))
            .RespondJson(Status("PAUSING"))
            .RespondJson(Status("PAUSED"));
        using var transport = TestSupport.Transport(handler, clock);

        // The worker blocks on fake timers; the clock moves only while it waits on one, never while it sends.
        OperationOutcome outcome = clock.RunBlocking(() => Start(transport, Pause, "PauseSessionAsync", async: false).EnsureCompleted(), TwoSeconds);

        Assert.True(outcome.Success);
        Assert.Equal("PAUSED", outcome.Status);
        Assert.Equal(4, handler.SyncSends);
        Assert.Equal(0, handler.AsyncSends);
    }

    [Fact]
    public async Task Pause_fails_at_once_on_another_status()
    {
        var clock = TestSupport.NewClock();
        var handler = new StubHandler()
            .RespondJson(TestSupport.Envelope(requestId: "primary"))
            .RespondJson(Status("PAUSING"))
            .RespondJson(Status("ERROR"))
            .RespondJson(Status("PAUSED"));
        using var transport = TestSupport.Transport(handler, clock);

        OperationOutcome outcome = await TestSupport.DriveAsync(clock, Start(transport, Pause, "PauseSessionAsync"), TwoSeconds);

        Assert.False(outcome.Success);
        Assert.Equal("unexpected status 'ERROR'", outcome.ErrorMessage);
        Assert.Equal("ERROR", outcome.Status);
        Assert.Equal("primary", outcome.RequestId);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task Other_status_keeps_polling_when_it_does_not_fail()
    {
        var behavior = new OperationBehavior
        {
            Poll = new PollBehavior
            {
                Action = "GetSession", StatusPath = "Data.Status", Until = ["PAUSED"], While = ["PAUSING"],
                DefaultTimeout = TimeSpan.FromSeconds(600), DefaultInterval = TwoSeconds,
            },
        };
        var clock = TestSupport.NewClock();
        var handler = new StubHandler()
            .RespondJson(TestSupport.Envelope())
            .RespondJson(Status("SOMETHING"))
            .RespondJson(TestSupport.Envelope(data: "{}"))
            .RespondJson(Status("PAUSED"));
        using var transport = TestSupport.Transport(handler, clock);

        OperationOutcome outcome = await TestSupport.DriveAsync(clock, Start(transport, behavior, "PauseSessionAsync"), TwoSeconds);

        Assert.True(outcome.Success);
        Assert.Equal(4, handler.Requests.Count);
    }

    [Fact]
    public async Task Pause_times_out_with_the_template_and_timeout_status()
    {
        var clock = TestSupport.NewClock();
        var handler = new StubHandler().RespondJson(TestSupport.Envelope(requestId: "primary")).RespondJson(Status("PAUSING"));
        using var transport = TestSupport.Transport(handler, clock);

        OperationOutcome outcome = await TestSupport.DriveAsync(clock,
            Start(transport, Pause, "PauseSessionAsync", timeout: TimeSpan.FromSeconds(10)), TwoSeconds);

        Assert.False(outcome.Success);
        Assert.Equal($"Timed out after 10 seconds waiting for session {SessionId} to pause", outcome.ErrorMessage);
        Assert.Equal("PAUSING", outcome.Status);
        Assert.Equal("primary", outcome.RequestId);
        // Polls at 0, 2, 4, 6 and 8 s; at 10 s the time is up.
        Assert.Equal(1 + 5, handler.Requests.Count);
        Assert.Equal(TimeSpan.FromSeconds(10), clock.GetUtcNow() - TestSupport.Start);
    }

    [Fact]
    public async Task Fractional_timeouts_are_printed_in_invariant_seconds()
    {
        var previous = Thread.CurrentThread.CurrentCulture;
        Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("fr-FR");
        try
        {
            var clock = TestSupport.NewClock();
            var handler = new StubHandler().RespondJson(TestSupport.Envelope()).RespondJson(Status("PAUSING"));
            using var transport = TestSupport.Transport(handler, clock);

            OperationOutcome outcome = await TestSupport.DriveAsync(clock,
                Start(transport, Pause, "PauseSessionAsync", TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(1)), TimeSpan.FromSeconds(1));

            Assert.Equal($"Timed out after 2.5 seconds waiting for session {SessionId} to pause", outcome.ErrorMessage);
            Assert.Equal(1 + 3, handler.Requests.Count);
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = previous;
        }
    }

    [Fact]
    public async Task Default_timeout_applies_when_none_is_given()
    {
        var clock = TestSupport.NewClock();
        var handler = new StubHandler().RespondJson(TestSupport.Envelope()).RespondJson(Status("DELETING"));
        using var transport = TestSupport.Transport(handler, clock);

        OperationOutcome outcome = await TestSupport.DriveAsync(clock, Start(transport, Delete, "DeleteSessionAsync"), TimeSpan.FromSeconds(1));

        Assert.False(outcome.Success);
        Assert.Equal("Timeout waiting for session deletion after 300s", outcome.ErrorMessage);
        Assert.Null(outcome.Status);
        Assert.Equal(1 + 300, handler.Requests.Count);
    }

    [Fact]
    public async Task Delete_ends_with_success_when_the_session_is_not_found()
    {
        var clock = TestSupport.NewClock();
        var handler = new StubHandler()
            .RespondJson(TestSupport.Envelope(requestId: "primary"))
            .RespondJson(Status("DELETING"))
            .Respond(400, """{"RequestId":"r-nf","Code":"InvalidMcpSession.NotFound","Message":"session not found"}""");
        using var transport = TestSupport.Transport(handler, clock);

        OperationOutcome outcome = await TestSupport.DriveAsync(clock, Start(transport, Delete, "DeleteSessionAsync"), TimeSpan.FromSeconds(1));

        Assert.True(outcome.Success);
        Assert.Null(outcome.Status);
        Assert.Equal("primary", outcome.RequestId);
        Assert.Equal(3, handler.Requests.Count);
        RecordedRequest poll = handler.Requests[1];
        Assert.Equal("GetSessionDetail", poll.Action);
        Assert.Equal(SessionId, poll.QueryValue("SessionId"));
        Assert.Null(poll.FormValue("SessionId"));
    }

    [Fact]
    public async Task Delete_ends_with_success_on_an_envelope_not_found_or_a_final_status()
    {
        var clock = TestSupport.NewClock();
        var handler = new StubHandler()
            .RespondJson(TestSupport.Envelope())
            .RespondJson(TestSupport.Envelope(false, "InvalidMcpSession.NotFound", "gone"));
        using var transport = TestSupport.Transport(handler, clock);
        Assert.True((await TestSupport.DriveAsync(clock, Start(transport, Delete, "DeleteSessionAsync"), TimeSpan.FromSeconds(1))).Success);

        handler.Then((_, _) => StubHandler.Response(200, TestSupport.Envelope())).RespondJson(Status("FINISH"));
        OperationOutcome finished = await TestSupport.DriveAsync(clock, Start(transport, Delete, "DeleteSessionAsync"), TimeSpan.FromSeconds(1));
        Assert.True(finished.Success);
        Assert.Equal("FINISH", finished.Status);
    }

    [Fact]
    public async Task Not_found_fails_the_poll_when_it_does_not_succeed()
    {
        var clock = TestSupport.NewClock();
        var handler = new StubHandler()
            .RespondJson(TestSupport.Envelope(requestId: "primary"))
            .Respond(400, """{"RequestId":"r-nf","Code":"InvalidMcpSession.NotFound","Message":"session not found"}""");
        using var transport = TestSupport.Transport(handler, clock);

        OperationOutcome outcome = await TestSupport.DriveAsync(clock, Start(transport, Pause, "PauseSessionAsync"), TwoSeconds);

        Assert.False(outcome.Success);
        Assert.Equal("code: 400, session not found request id: r-nf", outcome.ErrorMessage);
        Assert.Equal("InvalidMcpSession.NotFound", outcome.Code);
        Assert.Equal("primary", outcome.RequestId);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task Errors_are_skipped_when_polling_continues_on_error()
    {
        var clock = TestSupport.NewClock();
        var handler = new StubHandler()
            .RespondJson(TestSupport.Envelope())
            .Respond(500, """{"RequestId":"r","Code":"InternalError","Message":"boom"}""")
            .RespondJson(TestSupport.Envelope(false, "Throttling", "slow down"))
            .Throw(new System.Net.Http.HttpRequestException("reset"))
            .RespondJson(Status("PAUSED"));
        using var transport = TestSupport.Transport(handler, clock);

        OperationOutcome outcome = await TestSupport.DriveAsync(clock, Start(transport, Pause, "PauseSessionAsync"), TwoSeconds);

        Assert.True(outcome.Success);
        Assert.Equal("PAUSED", outcome.Status);
        Assert.Equal(5, handler.Requests.Count);
    }

    [Fact]
    public async Task Errors_fail_the_poll_when_it_does_not_continue_on_error()
    {
        var behavior = new OperationBehavior
        {
            Poll = new PollBehavior
            {
                Action = "GetSession", StatusPath = "Data.Status", Until = ["RUNNING"], While = ["RESUMING"],
                DefaultTimeout = TimeSpan.FromSeconds(600), DefaultInterval = TwoSeconds,
            },
        };
        var clock = TestSupport.NewClock();
        var handler = new StubHandler()
            .RespondJson(TestSupport.Envelope(requestId: "primary"))
            .RespondJson(TestSupport.Envelope(false, "Throttling", "slow down", httpStatusCode: 429))
            .RespondJson(Status("RUNNING"));
        using var transport = TestSupport.Transport(handler, clock);

        OperationOutcome outcome = await TestSupport.DriveAsync(clock, Start(transport, behavior, "ResumeSessionAsync"), TwoSeconds);

        Assert.False(outcome.Success);
        Assert.Equal("[Throttling] slow down", outcome.ErrorMessage);
        Assert.Equal("Throttling", outcome.Code);
        Assert.Equal(429, outcome.HttpStatusCode);
        Assert.Equal("primary", outcome.RequestId);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task A_failed_primary_call_does_not_poll()
    {
        var clock = TestSupport.NewClock();
        var handler = new StubHandler().RespondJson(TestSupport.Envelope(false, "Forbidden.NotWhitelisted", "no beta"));
        using var transport = TestSupport.Transport(handler, clock);

        OperationOutcome outcome = await Start(transport, Pause, "PauseSessionAsync");

        Assert.False(outcome.Success);
        Assert.Equal("[Forbidden.NotWhitelisted] no beta", outcome.ErrorMessage);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Cancellation_during_a_wait_is_honoured()
    {
        var clock = TestSupport.NewClock();
        var handler = new StubHandler().RespondJson(TestSupport.Envelope()).RespondJson(Status("PAUSING"));
        using var transport = TestSupport.Transport(handler, clock);
        using var cancellation = new CancellationTokenSource();

        Task<OperationOutcome> pending = Start(transport, Pause, "PauseSessionAsync", cancellationToken: cancellation.Token).AsTask();
        Assert.False(pending.IsCompleted);
        cancellation.Cancel();

        // Bounded: a wait that ignored the token would never end on the frozen clock (fails instead of hanging).
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public void Cancellation_during_a_sync_wait_is_honoured()
    {
        var clock = TestSupport.NewClock();
        var handler = new StubHandler().RespondJson(TestSupport.Envelope()).RespondJson(Status("PAUSING"));
        using var transport = TestSupport.Transport(handler, clock);
        using var cancellation = new CancellationTokenSource();
        Exception? failure = null;
        var worker = new Thread(() =>
        {
            try
            {
                Start(transport, Pause, "PauseSessionAsync", async: false, cancellationToken: cancellation.Token).EnsureCompleted();
            }
            catch (Exception exception)
            {
                failure = exception;
            }
        }) { IsBackground = true };
        worker.Start();

        // Cancelled once the poll has been answered and the thread blocks in the wait, which the fake clock never ends
        // (not on a timer: a loaded machine could fire it before the primary call was even sent).
        var real = System.Diagnostics.Stopwatch.StartNew();
        while (worker.IsAlive && !(handler.SyncSends == 2 && (worker.ThreadState & ThreadState.WaitSleepJoin) != 0))
        {
            Assert.True(real.Elapsed < TimeSpan.FromSeconds(20), "the sync pause never blocked in its wait");
            Thread.Sleep(1);
        }
        Assert.True(worker.IsAlive, "the sync pause ended before it was cancelled: " + failure);
        cancellation.Cancel();

        Assert.True(worker.Join(TimeSpan.FromSeconds(20)), "the blocking wait did not end when its token was cancelled");
        Assert.IsAssignableFrom<OperationCanceledException>(failure);
        Assert.Equal(2, handler.SyncSends);
    }

    [Fact]
    public async Task Bad_timeouts_are_rejected_before_sending()
    {
        var handler = new StubHandler().RespondJson(TestSupport.Envelope());
        using var transport = TestSupport.Transport(handler, TestSupport.NewClock());

        Assert.Throws<ArgumentOutOfRangeException>(() => Start(transport, Pause, "PauseSessionAsync", interval: TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => Start(transport, Pause, "PauseSessionAsync", timeout: TimeSpan.FromSeconds(-1)));
        Assert.Empty(handler.Requests);
        await Task.CompletedTask;
    }

    [Fact]
    public void Sync_waits_on_the_system_clock_really_wait()
    {
        var handler = new StubHandler().RespondJson(TestSupport.Envelope()).RespondJson(Status("PAUSING")).RespondJson(Status("PAUSED"));
        using var transport = TestSupport.Transport(handler);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        OperationOutcome outcome = Start(transport, Pause, "PauseSessionAsync", interval: TimeSpan.FromMilliseconds(30), async: false)
            .EnsureCompleted();

        Assert.True(outcome.Success);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(25), $"waited only {watch.Elapsed}");
    }
}
