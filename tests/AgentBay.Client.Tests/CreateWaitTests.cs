using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using AgentBay;
using Xunit;

namespace AgentBay.Client.Tests;

/// <summary>
/// Create with context syncs waits, as the SDKs do, until the new session's context downloads are finished (every task
/// Success or Failed) before it returns the session; without syncs it sends nothing more. A wait that fails or times
/// out does not fail the create.
/// </summary>
public sealed class CreateWaitTests
{
    private const string Created = """{"SessionId":"s-new","ResourceUrl":"https://r"}""";

    private static readonly CreateSessionParams WithSync = new()
    {
        ImageId = "linux_latest",
        ContextSync = [new ContextSync { ContextId = "ctx-1", Path = "/home/user/work" }],
    };

    private static string Tasks(params string[] statuses)
    {
        var inner = JsonSerializer.Serialize(statuses.Select((status, i) => new { contextId = "ctx-1", path = "/home/user/work" + i, status, taskType = "download", errorMessage = "" }));
        var outer = JsonSerializer.Serialize(new[] { new { type = "data", data = inner } });
        return StubService.Ok(JsonSerializer.Serialize(new { ContextStatus = outer }));
    }

    [Fact]
    public async Task With_context_syncs_create_polls_GetContextInfo_for_the_new_session_until_every_task_is_final()
    {
        var stub = new StubService();
        var time = new FakeTime();
        var client = stub.CreateClient(time);
        stub.Reply("CreateMcpSession", StubService.Ok(Created))
            .Reply("GetContextInfo", Tasks("Running", "Success"))
            .Reply("GetContextInfo", Tasks("Success", "Failed"));

        var result = await time.Drive(() => client.CreateAsync(WithSync));

        Assert.True(result.Success, result.ErrorMessage);
        Assert.Equal("s-new", result.Session.SessionId);
        Assert.Equal(["CreateMcpSession", "GetContextInfo", "GetContextInfo"], stub.Requests.Select(r => r.Action));
        var poll = stub.Last("GetContextInfo");
        // Only the session: every task of every context it was created with.
        Assert.Equal("s-new", poll.Form["SessionId"]);
        Assert.False(poll.Form.ContainsKey("ContextId"));
        Assert.False(poll.Form.ContainsKey("Path"));
    }

    [Fact]
    public void The_sync_create_waits_the_same_way()
    {
        var stub = new StubService();
        var time = new FakeTime();
        var client = stub.CreateClient(time);
        stub.Reply("CreateMcpSession", StubService.Ok(Created))
            .Reply("GetContextInfo", Tasks("Running"))
            .Reply("GetContextInfo", Tasks("Success"));

        var result = time.RunBlocking(() => client.Create(WithSync));

        Assert.True(result.Success, result.ErrorMessage);
        Assert.Equal(["CreateMcpSession", "GetContextInfo", "GetContextInfo"], stub.Requests.Select(r => r.Action));
        Assert.All(stub.Requests, r => Assert.True(r.Synchronous));
    }

    [Fact]
    public async Task Without_context_syncs_create_sends_nothing_more()
    {
        var stub = new StubService();
        var client = stub.CreateClient();
        stub.Reply("CreateMcpSession", StubService.Ok(Created));

        var result = await client.CreateAsync(new CreateSessionParams { ImageId = "linux_latest" });

        Assert.True(result.Success, result.ErrorMessage);
        Assert.Equal(["CreateMcpSession"], stub.Requests.Select(r => r.Action));
    }

    [Fact]
    public async Task A_wait_that_never_finishes_ends_at_its_timeout_and_the_session_is_returned_all_the_same()
    {
        var stub = new StubService();
        var time = new FakeTime();
        var client = stub.CreateClient(time);
        stub.Reply("CreateMcpSession", StubService.Ok(Created))
            // A failure the service reports in the envelope (not an HTTP error, which the retry pipeline would take first).
            .Reply("GetContextInfo", "{\"RequestId\":\"R\",\"Success\":false,\"Code\":\"ServiceUnavailable\",\"Message\":\"busy\"}");
        var started = time.Provider.GetUtcNow();

        var result = await time.Drive(() => client.CreateAsync(WithSync));

        Assert.True(result.Success, result.ErrorMessage);
        Assert.Equal("s-new", result.Session.SessionId);
        // Errors do not end the wait (errors: continue); its 180 s timeout does.
        var waited = time.Provider.GetUtcNow() - started;
        Assert.InRange(waited, TimeSpan.FromSeconds(180), TimeSpan.FromSeconds(200));
        Assert.True(stub.Requests.Count(r => r.Action == "GetContextInfo") > 10);
    }

    [Fact]
    public async Task A_failed_create_does_not_wait()
    {
        var stub = new StubService();
        var client = stub.CreateClient();
        stub.Reply("CreateMcpSession", "{\"RequestId\":\"R\",\"Success\":false,\"Code\":\"QuotaExceeded.Session\",\"Message\":\"too many\"}");

        var result = await client.CreateAsync(WithSync);

        Assert.False(result.Success);
        Assert.DoesNotContain(stub.Requests, r => r.Action == "GetContextInfo");
    }
}
