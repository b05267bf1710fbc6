using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace AgentBay.Runtime.Tests;

public class TransportResponseTests
{
    [Fact]
    public async Task Success_envelope_is_parsed()
    {
        var handler = new StubHandler().RespondJson(
            """{"RequestId":"557DCB66","Success":true,"Code":"ok","Message":"","HttpStatusCode":200,"Data":{"SessionId":"s-1"}}""");
        using var transport = TestSupport.Transport(handler);

        AgentBayResponse response = await transport.SendAsync(new AgentBayRequest("GetSession"), async: true, default);

        Assert.True(response.Success);
        Assert.Equal(200, response.HttpStatusCode);
        Assert.Equal("557DCB66", response.RequestId);
        Assert.Equal("ok", response.Code);
        Assert.Equal("", response.Message);
        Assert.Equal(200, response.ReportedHttpStatusCode);
        Assert.Equal("s-1", WireReader.ReadString(WireReader.Select(response.Body, "Data.SessionId")));
        Assert.False(response.IsNotFound);
    }

    [Fact]
    public async Task Missing_success_counts_as_success_and_missing_request_id_as_empty()
    {
        var handler = new StubHandler().RespondJson("""{"Data":null}""");
        using var transport = TestSupport.Transport(handler);

        AgentBayResponse response = await transport.SendAsync(new AgentBayRequest("ReleaseMcpSession"), async: true, default);

        Assert.True(response.Success);
        Assert.Equal("", response.RequestId);
        Assert.Null(response.Code);
    }

    [Fact]
    public async Task Http_200_with_success_false_is_returned_not_thrown()
    {
        var handler = new StubHandler().RespondJson(TestSupport.Envelope(false, "InvalidParameter", "bad image", "r-9", httpStatusCode: 400));
        using var transport = TestSupport.Transport(handler);

        AgentBayResponse response = await transport.SendAsync(new AgentBayRequest("CreateMcpSession"), async: true, default);

        Assert.False(response.Success);
        Assert.Equal("[InvalidParameter] bad image", response.ErrorText);
        Assert.Equal(200, response.HttpStatusCode);
        Assert.Equal(400, response.ReportedHttpStatusCode);
    }

    [Fact]
    public void ErrorText_fills_in_missing_parts()
    {
        var body = System.Text.Json.JsonDocument.Parse("""{"Success":false}""").RootElement;
        Assert.Equal("[Unknown] Unknown error", new AgentBayResponse(200, body).ErrorText);
    }

    [Theory]
    [InlineData("InvalidMcpSession.NotFound", "whatever", true)]
    [InlineData("InvalidAction.NotFound", null, true)]
    [InlineData("Failed", "Session s-1 Not Found", true)]
    [InlineData("Failed", "session not found", true)]
    [InlineData("Throttling", "slow down", false)]
    [InlineData(null, null, false)]
    public void IsNotFound_matches_like_the_sdks(string? code, string? message, bool expected)
    {
        string json = System.Text.Json.JsonSerializer.Serialize(new System.Collections.Generic.Dictionary<string, string?>
        {
            ["Code"] = code,
            ["Message"] = message,
        }, TestJson.Default.DictionaryStringString);
        var body = System.Text.Json.JsonDocument.Parse(json).RootElement;
        Assert.Equal(expected, new AgentBayResponse(400, body).IsNotFound);
    }

    [Theory]
    [InlineData(400, "InvalidMcpSession.NotFound", "session s-1 not found")]
    [InlineData(500, "InternalError", "The request processing has failed due to some unknown error.")]
    [InlineData(429, "Throttling", "Request was denied due to request throttling.")]
    public async Task Http_errors_throw_ApiException_with_the_runtime_wording(int status, string code, string message)
    {
        var handler = new StubHandler().Respond(status, $$"""{"RequestId":"r-err","Code":"{{code}}","Message":"{{message}}","HostId":"h"}""");
        using var transport = TestSupport.Transport(handler);

        var error = await Assert.ThrowsAsync<ApiException>(
            async () => await transport.SendAsync(new AgentBayRequest("GetSession"), async: true, default));

        Assert.Equal($"code: {status}, {message} request id: r-err", error.Message);
        Assert.Equal(code, error.Code);
        Assert.Equal("r-err", error.RequestId);
        Assert.Equal(status, error.HttpStatusCode);
    }

    [Theory]
    [InlineData(401, "Unauthorized")]
    [InlineData(403, "Forbidden")]
    [InlineData(400, "InvalidApiKey")]
    public async Task Refused_keys_throw_AuthenticationException(int status, string code)
    {
        var handler = new StubHandler().Respond(status, $$"""{"RequestId":"r-a","Code":"{{code}}","Message":"denied"}""");
        using var transport = TestSupport.Transport(handler);

        var error = await Assert.ThrowsAsync<AuthenticationException>(
            async () => await transport.SendAsync(new AgentBayRequest("GetSession"), async: true, default));

        Assert.Equal($"code: {status}, denied request id: r-a", error.Message);
        Assert.Equal(code, error.Code);
        Assert.Equal(status, error.HttpStatusCode);
    }

    [Fact]
    public async Task Non_json_error_body_names_the_status()
    {
        var handler = new StubHandler().Respond(502, "<html><body>Bad Gateway</body></html>", "text/html");
        using var transport = TestSupport.Transport(handler);

        var error = await Assert.ThrowsAsync<ApiException>(
            async () => await transport.SendAsync(new AgentBayRequest("GetSession"), async: true, default));

        Assert.StartsWith("code: 502, the body of the reply to GetSession is not JSON", error.Message);
        Assert.Contains("<html><body>Bad Gateway", error.Message);
        Assert.Equal(502, error.HttpStatusCode);
        Assert.Null(error.Code);
    }

    [Fact]
    public async Task Non_json_success_body_is_an_AgentBayException()
    {
        var handler = new StubHandler().Respond(200, "", "text/plain");
        using var transport = TestSupport.Transport(handler);

        var error = await Assert.ThrowsAsync<AgentBayException>(
            async () => await transport.SendAsync(new AgentBayRequest("GetSession"), async: true, default));

        Assert.IsNotType<ApiException>(error);
        Assert.Contains("code: 200", error.Message);
        Assert.Contains("not JSON (0 bytes)", error.Message);
        Assert.Equal(200, error.HttpStatusCode);
    }

    [Fact]
    public async Task Network_failure_names_the_action_and_keeps_the_cause()
    {
        var cause = new HttpRequestException("Connection refused (127.0.0.1:8080)");
        var handler = new StubHandler().Throw(cause);
        using var transport = TestSupport.Transport(handler);

        var error = await Assert.ThrowsAsync<AgentBayException>(
            async () => await transport.SendAsync(new AgentBayRequest("CreateMcpSession"), async: true, default));

        Assert.Equal("Request CreateMcpSession failed: Connection refused (127.0.0.1:8080)", error.Message);
        Assert.Same(cause, error.InnerException);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Request_timeout_on_the_clock_is_reported_as_a_timeout(bool async)
    {
        var clock = TestSupport.NewClock();
        var handler = new StubHandler().Then((request, token) =>
        {
            // The server hangs past the request timeout: let the fake clock pass it, then behave like a real handler.
            clock.Advance(TimeSpan.FromMilliseconds(1501));
            token.ThrowIfCancellationRequested();
            return StubHandler.Response(200, TestSupport.Envelope());
        });
        using var transport = TestSupport.Transport(handler, clock, timeout: TimeSpan.FromMilliseconds(1500));

        var error = await Assert.ThrowsAsync<AgentBayException>(
            async () => await transport.SendAsync(new AgentBayRequest("GetSession"), async, default));

        Assert.Equal("Request GetSession timed out after 1500 ms", error.Message);
        Assert.IsType<TimeoutException>(error.InnerException);
    }

    [Fact]
    public async Task Per_request_timeout_overrides_the_options()
    {
        var clock = TestSupport.NewClock();
        var handler = new StubHandler().Then((request, token) =>
        {
            clock.Advance(TimeSpan.FromSeconds(5));
            token.ThrowIfCancellationRequested();
            return StubHandler.Response(200, TestSupport.Envelope());
        });
        using var transport = TestSupport.Transport(handler, clock);

        // 5 s passes: within the 60 s default, beyond a 2 s per-request timeout.
        await transport.SendAsync(new AgentBayRequest("GetSession"), async: true, default);
        var error = await Assert.ThrowsAsync<AgentBayException>(async () =>
            await transport.SendAsync(new AgentBayRequest("GetSession") { Timeout = TimeSpan.FromSeconds(2) }, async: true, default));
        Assert.Equal("Request GetSession timed out after 2000 ms", error.Message);
    }

    [Fact]
    public async Task Real_clock_timeout_cancels_a_hanging_async_request()
    {
        var handler = new StubHandler().Then(async (request, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return StubHandler.Response(200, "{}");
        });
        using var transport = TestSupport.Transport(handler, timeout: TimeSpan.FromMilliseconds(50));

        var error = await Assert.ThrowsAsync<AgentBayException>(
            async () => await transport.SendAsync(new AgentBayRequest("GetSession"), async: true, default));
        Assert.Equal("Request GetSession timed out after 50 ms", error.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Caller_cancellation_is_not_a_timeout(bool async)
    {
        using var cancellation = new CancellationTokenSource();
        var handler = new StubHandler().Then((request, token) =>
        {
            cancellation.Cancel();
            token.ThrowIfCancellationRequested();
            return StubHandler.Response(200, TestSupport.Envelope());
        });
        using var transport = TestSupport.Transport(handler, TestSupport.NewClock());

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await transport.SendAsync(new AgentBayRequest("GetSession"), async, cancellation.Token));
        Assert.Equal(cancellation.Token, error.CancellationToken);
    }

    [Fact]
    public async Task Already_cancelled_token_sends_nothing()
    {
        var handler = new StubHandler().RespondJson(TestSupport.Envelope());
        using var transport = TestSupport.Transport(handler);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await transport.SendAsync(new AgentBayRequest("GetSession"), async: true, new CancellationToken(true)));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public void Sync_path_uses_HttpClient_Send_and_returns_a_completed_task()
    {
        var handler = new StubHandler().RespondJson(TestSupport.Envelope(requestId: "sync-1"));
        using var transport = TestSupport.Transport(handler, TestSupport.NewClock());

        ValueTask<AgentBayResponse> pending = transport.SendAsync(new AgentBayRequest("GetSession"), async: false, default);

        Assert.True(pending.IsCompletedSuccessfully);
        Assert.Equal("sync-1", pending.EnsureCompleted().RequestId);
        Assert.Equal(1, handler.SyncSends);
        Assert.Equal(0, handler.AsyncSends);
        Assert.True(handler.LastRequest.ViaSyncSend);
    }

    [Fact]
    public void Sync_path_failures_complete_the_task_faulted()
    {
        var handler = new StubHandler().Respond(500, """{"RequestId":"r","Code":"InternalError","Message":"boom"}""");
        using var transport = TestSupport.Transport(handler, TestSupport.NewClock());

        ValueTask<AgentBayResponse> pending = transport.SendAsync(new AgentBayRequest("GetSession"), async: false, default);

        Assert.True(pending.IsCompleted);
        var error = Assert.Throws<ApiException>(() => pending.EnsureCompleted());
        Assert.Equal("code: 500, boom request id: r", error.Message);
        Assert.Equal(0, handler.AsyncSends);
    }

    [Fact]
    public async Task Async_path_uses_SendAsync()
    {
        var handler = new StubHandler().RespondJson(TestSupport.Envelope());
        using var transport = TestSupport.Transport(handler, TestSupport.NewClock());

        await transport.SendAsync(new AgentBayRequest("GetSession"), async: true, default);

        Assert.Equal(0, handler.SyncSends);
        Assert.Equal(1, handler.AsyncSends);
    }

    [Fact]
    public void EnsureCompleted_refuses_a_pending_task()
    {
        var source = new TaskCompletionSource<int>();
        var pending = new ValueTask<int>(source.Task);

        Assert.Throws<InvalidOperationException>(() => pending.EnsureCompleted());
        source.SetResult(7);
        Assert.Equal(7, new ValueTask<int>(source.Task).EnsureCompleted());
    }
}
