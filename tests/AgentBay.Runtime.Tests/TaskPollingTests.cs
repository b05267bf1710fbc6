using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;

namespace AgentBay.Runtime.Tests;

/// <summary>
/// Polls over many statuses (one per task, as GetContextInfo reports context syncs), with per-call poll parameters,
/// and polls that send no session id.
/// </summary>
public class TaskPollingTests
{
    private const string SessionId = "s-sync";
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(1500);

    private static readonly OperationBehavior Sync = new()
    {
        Poll = new PollBehavior
        {
            Action = "GetContextInfo",
            Parameters = ["ContextId", "Path"],
            StatusPath = "Data.ContextStatus.*.data.*.status",
            Until = ["Success"],
            Failed = ["Failed"],
            ReasonsPath = "Data.ContextStatus.*.data.*.errorMessage",
            ContinueOnError = true,
            DefaultTimeout = TimeSpan.FromSeconds(225),
            DefaultInterval = Interval,
            TimeoutMessage = "sync of {sessionId} timed out after {timeout} s",
        },
    };

    /// <summary>GetContextInfo's reply: ContextStatus is a JSON string of [{type, data}] whose data is a JSON string of tasks.</summary>
    private static string Tasks(params (string Status, string Error)[] tasks)
    {
        string inner = JsonSerializer.Serialize(tasks.Select(t => new Dictionary<string, string>
        {
            ["contextId"] = "ctx-1",
            ["path"] = "/home/user/work",
            ["status"] = t.Status,
            ["taskType"] = "upload",
            ["errorMessage"] = t.Error,
        }).ToArray());
        string outer = JsonSerializer.Serialize(new[] { new Dictionary<string, string> { ["type"] = "data", ["data"] = inner } });
        return TestSupport.Envelope(data: JsonSerializer.Serialize(new Dictionary<string, string> { ["ContextStatus"] = outer }));
    }

    private static ValueTask<OperationOutcome> Start(AgentBayTransport transport, OperationBehavior behavior, string?[]? pollParameters, bool async = true)
    {
        var request = new AgentBayRequest("SyncContext");
        request.Add("SessionId", SessionId);
        return AgentBayOperation.InvokeAsync(transport, request, behavior, SessionId, null, null, pollParameters, async, default);
    }

    [Fact]
    public async Task A_sync_waits_until_every_task_is_final_and_asks_about_what_it_synced()
    {
        var clock = TestSupport.NewClock();
        var handler = new StubHandler()
            .RespondJson(TestSupport.Envelope(requestId: "primary"))
            .RespondJson(Tasks(("Success", ""), ("Running", "")))
            .RespondJson(Tasks(("Success", ""), ("Success", "")));
        using var transport = TestSupport.Transport(handler, clock);

        OperationOutcome outcome = await TestSupport.DriveAsync(clock, Start(transport, Sync, ["ctx-1", null]), Interval);

        Assert.True(outcome.Success, outcome.ErrorMessage);
        Assert.Equal("primary", outcome.RequestId);
        Assert.Equal(new[] { "SyncContext", "GetContextInfo", "GetContextInfo" }, handler.Requests.Select(r => r.Action));
        Assert.All(handler.Requests.Skip(1), r =>
        {
            Assert.Equal(SessionId, r.FormValue("SessionId"));
            Assert.Equal("ctx-1", r.FormValue("ContextId"));
            Assert.Null(r.FormValue("Path")); // a null value is not sent
        });
        Assert.Equal(Interval, clock.GetUtcNow() - TestSupport.Start);
    }

    [Fact]
    public async Task No_task_at_all_is_success_at_the_first_poll()
    {
        var clock = TestSupport.NewClock();
        var handler = new StubHandler()
            .RespondJson(TestSupport.Envelope())
            .RespondJson(TestSupport.Envelope(data: """{"ContextStatus":"[]"}"""));
        using var transport = TestSupport.Transport(handler, clock);

        OperationOutcome outcome = await Start(transport, Sync, [null, null], async: false);

        Assert.True(outcome.Success);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task A_failed_task_fails_the_sync_once_the_others_are_final_with_its_reason()
    {
        var clock = TestSupport.NewClock();
        var handler = new StubHandler()
            .RespondJson(TestSupport.Envelope())
            .RespondJson(Tasks(("Failed", "/home/user/work does not exist"), ("Running", "")))
            .RespondJson(Tasks(("Failed", "/home/user/work does not exist"), ("Success", "")));
        using var transport = TestSupport.Transport(handler, clock);

        OperationOutcome outcome = await TestSupport.DriveAsync(clock, Start(transport, Sync, [null, null]), Interval);

        Assert.False(outcome.Success);
        Assert.Equal("status 'Failed': /home/user/work does not exist", outcome.ErrorMessage);
        Assert.Equal("Failed", outcome.Status);
        Assert.Equal(3, handler.Requests.Count); // it waited for the running task
    }

    [Fact]
    public async Task A_poll_without_session_id_sends_only_its_parameters()
    {
        var clear = new OperationBehavior
        {
            Poll = new PollBehavior
            {
                Action = "GetContext",
                SessionIdParameter = null,
                Parameters = ["ContextId"],
                StatusPath = "Data.State",
                Until = ["available"],
                While = ["clearing"],
                OtherStatusFails = true,
                DefaultTimeout = TimeSpan.FromSeconds(60),
                DefaultInterval = TimeSpan.FromSeconds(2),
            },
        };
        var clock = TestSupport.NewClock();
        var handler = new StubHandler()
            .RespondJson(TestSupport.Envelope())
            .RespondJson(TestSupport.Envelope(data: """{"Id":"ctx-9","State":"clearing"}"""))
            .RespondJson(TestSupport.Envelope(data: """{"Id":"ctx-9","State":"available"}"""));
        using var transport = TestSupport.Transport(handler, clock);
        var request = new AgentBayRequest("ClearContext");
        request.Add("Id", "ctx-9");

        OperationOutcome outcome = await TestSupport.DriveAsync(clock,
            AgentBayOperation.InvokeAsync(transport, request, clear, null, null, null, ["ctx-9"], async: true, default), TimeSpan.FromSeconds(2));

        Assert.True(outcome.Success, outcome.ErrorMessage);
        Assert.All(handler.Requests.Skip(1), r =>
        {
            Assert.Null(r.FormValue("SessionId"));
            Assert.Equal("ctx-9", r.FormValue("ContextId"));
        });
    }

    [Fact]
    public void Poll_parameter_values_must_match_the_behaviour()
    {
        using var transport = TestSupport.Transport(new StubHandler(), TestSupport.NewClock());
        var error = Assert.Throws<ArgumentException>(() => Start(transport, Sync, ["only-one"]));
        Assert.Contains("takes 2 parameter value(s), not 1", error.Message);
    }
}
