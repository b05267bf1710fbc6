using System;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using AgentBay;
using AgentBay.Runtime;
using Xunit;

namespace AgentBay.Client.Tests;

/// <summary>Pause, resume and delete poll as the reference says, on a fake clock (no real waiting); disposal deletes once.</summary>
public sealed class LifecycleTests
{
    private static string Status(string status) => StubService.Ok("{\"SessionId\":\"s-1\",\"Status\":\"" + status + "\"}");

    private static (StubService Stub, Session Session, FakeTime Time) Create()
    {
        var stub = new StubService();
        var time = new FakeTime();
        var client = stub.CreateClient(time);
        return (stub, new Session(client.Transport, "s-1"), time);
    }

    [Fact]
    public async Task Pause_calls_PauseSessionAsync_then_polls_GetSession_until_PAUSED()
    {
        var (stub, session, time) = Create();
        stub.Reply("PauseSessionAsync", StubService.Ok()).Reply("GetSession", Status("PAUSING")).Reply("GetSession", Status("PAUSING")).Reply("GetSession", Status("PAUSED"));

        var result = await time.Drive(() => session.PauseAsync());

        Assert.True(result.Success, result.ErrorMessage);
        Assert.Equal("PAUSED", result.Status);
        Assert.Equal("REQ-1", result.RequestId);
        Assert.Equal(new[] { "PauseSessionAsync", "GetSession", "GetSession", "GetSession" }, stub.Requests.Select(r => r.Action));
        Assert.All(stub.Requests, r => Assert.Equal("s-1", r.Form["SessionId"]));
    }

    [Fact]
    public void Synchronous_pause_polls_through_HttpClient_Send()
    {
        var (stub, session, time) = Create();
        stub.Reply("PauseSessionAsync", StubService.Ok()).Reply("GetSession", Status("PAUSING")).Reply("GetSession", Status("PAUSED"));

        var result = time.RunBlocking(() => session.Pause());

        Assert.True(result.Success, result.ErrorMessage);
        Assert.All(stub.Requests, r => Assert.True(r.Synchronous));
    }

    [Fact]
    public async Task Resume_polls_until_RUNNING()
    {
        var (stub, session, time) = Create();
        stub.Reply("ResumeSessionAsync", StubService.Ok()).Reply("GetSession", Status("RESUMING")).Reply("GetSession", Status("RUNNING"));

        var result = await time.Drive(() => session.ResumeAsync(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1)));

        Assert.True(result.Success, result.ErrorMessage);
        Assert.Equal("RUNNING", result.Status);
    }

    [Fact]
    public async Task Pause_fails_at_once_on_an_unexpected_status()
    {
        var (stub, session, time) = Create();
        stub.Reply("PauseSessionAsync", StubService.Ok()).Reply("GetSession", Status("ERROR"));

        var result = await time.Drive(() => session.PauseAsync());

        Assert.False(result.Success);
        Assert.Contains("ERROR", result.ErrorMessage);
        Assert.Equal(2, stub.Requests.Count);
    }

    [Fact]
    public async Task Pause_times_out_with_the_seed_message_and_status()
    {
        var (stub, session, time) = Create();
        stub.Reply("PauseSessionAsync", StubService.Ok()).Reply("GetSession", Status("PAUSING"));

        var result = await time.Drive(() => session.PauseAsync(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2)));

        Assert.False(result.Success);
        Assert.Equal("Timed out after 10 seconds waiting for session to pause", result.ErrorMessage);
        Assert.Equal("PAUSING", result.Status);
    }

    [Fact]
    public async Task Pause_refused_by_the_service_is_a_failed_result_with_code()
    {
        var (stub, session, time) = Create();
        stub.Reply("PauseSessionAsync", "{\"RequestId\":\"R9\",\"Success\":false,\"Code\":\"Forbidden\",\"Message\":\"not allowed\",\"HttpStatusCode\":403}");

        var result = await time.Drive(() => session.PauseAsync());

        Assert.False(result.Success);
        Assert.Equal("[Forbidden] not allowed", result.ErrorMessage);
        Assert.Equal("Forbidden", result.Code);
        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task Delete_polls_GetSessionDetail_with_the_id_in_the_query_until_not_found()
    {
        var (stub, session, time) = Create();
        stub.Reply("DeleteSessionAsync", StubService.Ok())
            .Reply("GetSessionDetail", StubService.Ok("{\"Status\":\"DELETING\"}"))
            .Reply("GetSessionDetail", "{\"RequestId\":\"R\",\"Code\":\"InvalidMcpSession.NotFound\",\"Message\":\"gone\"}", HttpStatusCode.BadRequest);

        var result = await time.Drive(() => session.DeleteAsync());

        Assert.True(result.Success, result.ErrorMessage);
        var detail = stub.Requests.First(r => r.Action == "GetSessionDetail");
        Assert.Equal("s-1", detail.Query["SessionId"]);
        Assert.False(detail.Form.ContainsKey("SessionId"));
        Assert.True(detail.Form.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task Delete_ends_on_FINISH_and_syncs_context_first_when_asked()
    {
        var (stub, session, time) = Create();
        stub.Reply("SyncContext", StubService.Ok())
            .Reply("GetContextInfo", StubService.Ok(Tasks("Running", "")))
            .Reply("GetContextInfo", StubService.Ok(Tasks("Success", "")))
            .Reply("DeleteSessionAsync", StubService.Ok()).Reply("GetSessionDetail", StubService.Ok("{\"Status\":\"FINISH\"}"));

        var result = await time.Drive(() => session.DeleteAsync(syncContext: true));

        Assert.True(result.Success, result.ErrorMessage);
        Assert.Null(result.ContextSyncError);
        // The delete waits until the upload task is final, as the SDKs do, and only then deletes.
        Assert.Equal(new[] { "SyncContext", "GetContextInfo", "GetContextInfo", "DeleteSessionAsync", "GetSessionDetail" }, stub.Requests.Select(r => r.Action));
        var sync = stub.Requests[0];
        Assert.Equal("Bearer " + StubService.ApiKey, sync.Query["Authorization"]);
        Assert.False(sync.Form.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task A_failed_context_sync_does_not_prevent_deletion()
    {
        var (stub, session, time) = Create();
        stub.Reply("SyncContext", "{\"RequestId\":\"R\",\"Code\":\"Internal\",\"Message\":\"sync broke\"}", HttpStatusCode.InternalServerError)
            .Reply("DeleteSessionAsync", StubService.Ok()).Reply("GetSessionDetail", StubService.Ok("{\"Status\":\"FINISH\"}"));

        var result = await time.Drive(() => session.DeleteAsync(syncContext: true));

        Assert.True(result.Success, result.ErrorMessage);
        Assert.Contains("sync broke", result.ContextSyncError);
        Assert.DoesNotContain(stub.Requests, r => r.Action == "GetContextInfo"); // nothing to wait for
    }

    [Fact]
    public async Task A_failed_upload_task_is_reported_on_the_delete_result_and_the_session_is_deleted()
    {
        var (stub, session, time) = Create();
        stub.Reply("SyncContext", StubService.Ok())
            .Reply("GetContextInfo", StubService.Ok(Tasks("Failed", "disk full")))
            .Reply("DeleteSessionAsync", StubService.Ok()).Reply("GetSessionDetail", StubService.Ok("{\"Status\":\"FINISH\"}"));

        var result = session.Delete(syncContext: true);

        Assert.True(result.Success, result.ErrorMessage);
        Assert.Equal("status 'Failed': disk full", result.ContextSyncError);
        Assert.Contains(stub.Requests, r => r.Action == "DeleteSessionAsync");
        await Task.CompletedTask;
    }

    /// <summary>GetContextInfo's Data: ContextStatus is a JSON string of [{type, data}] whose data is a JSON string of tasks.</summary>
    private static string Tasks(string status, string error)
    {
        var inner = System.Text.Json.JsonSerializer.Serialize(new[] { new { contextId = "ctx-1", path = "/home/user/work", status, taskType = "upload", errorMessage = error } });
        var outer = System.Text.Json.JsonSerializer.Serialize(new[] { new { type = "data", data = inner } });
        return System.Text.Json.JsonSerializer.Serialize(new { ContextStatus = outer });
    }

    [Fact]
    public async Task Disposing_deletes_the_session_once_and_further_disposal_is_a_no_op()
    {
        var (stub, session, time) = Create();
        stub.Reply("DeleteSessionAsync", StubService.Ok()).Reply("GetSessionDetail", StubService.Ok("{\"Status\":\"FINISH\"}"));

        await time.Drive(async () => { await session.DisposeAsync(); await session.DisposeAsync(); session.Dispose(); return true; });

        Assert.Single(stub.Requests, r => r.Action == "DeleteSessionAsync");
    }

    [Fact]
    public async Task Disposing_after_a_successful_delete_sends_nothing()
    {
        var (stub, session, time) = Create();
        stub.Reply("DeleteSessionAsync", StubService.Ok()).Reply("GetSessionDetail", StubService.Ok("{\"Status\":\"FINISH\"}"));

        await time.Drive(() => session.DeleteAsync());
        await session.DisposeAsync();

        Assert.Single(stub.Requests, r => r.Action == "DeleteSessionAsync");
    }

    [Fact]
    public async Task Client_delete_forwards_to_the_session()
    {
        var stub = new StubService();
        var time = new FakeTime();
        var client = stub.CreateClient(time);
        stub.Reply("DeleteSessionAsync", StubService.Ok()).Reply("GetSessionDetail", StubService.Ok("{\"Status\":\"FINISH\"}"));

        var result = await time.Drive(() => client.DeleteAsync(new Session(client.Transport, "s-7"), syncContext: false));

        Assert.True(result.Success);
        Assert.Equal("s-7", stub.Last("DeleteSessionAsync").Form["SessionId"]);
    }

    [Fact]
    public async Task Cancellation_stops_a_poll()
    {
        var (stub, session, time) = Create();
        stub.Reply("PauseSessionAsync", StubService.Ok()).Reply("GetSession", Status("PAUSING"));
        using var cancellation = new CancellationTokenSource();

        // The stub answers at once, so the call returns once it waits for its next poll on the fake clock, which never
        // moves: only the token can end it (cancelled then, not after a real delay that might fall before the wait).
        var pause = session.PauseAsync(cancellationToken: cancellation.Token);
        Assert.Equal(new[] { "PauseSessionAsync", "GetSession" }, stub.Requests.Select(r => r.Action));
        Assert.False(pause.IsCompleted);
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pause.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public void A_missing_api_key_is_a_clear_exception()
    {
        var error = Assert.Throws<AuthenticationException>(() => new AgentBayClient(new AgentBayOptions { ApiKey = null, Endpoint = "http://x" }));
        Assert.Contains("AGENTBAY_API_KEY", error.Message);
    }

    [Fact]
    public void The_api_key_never_appears_in_options_or_requests_text()
    {
        var options = new AgentBayOptions { ApiKey = StubService.ApiKey, Endpoint = "http://x" };
        var request = new AgentBayRequest("GetSession");
        request.Add("SessionId", "s-1");

        Assert.DoesNotContain(StubService.ApiKey, options.ToString());
        Assert.DoesNotContain(StubService.ApiKey, request.ToString());
    }
}
