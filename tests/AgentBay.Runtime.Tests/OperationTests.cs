using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace AgentBay.Runtime.Tests;

public class OperationTests
{
    private const string SessionId = "session-04bdwfj84pts8knif";

    private static readonly OperationBehavior GetSession = new()
    {
        FailureMessage = "Failed to get session {sessionId}: {error}",
        NotFoundMessage = "Session {sessionId} not found",
        DataPath = "Data",
    };

    private static async Task<OperationOutcome> Invoke(StubHandler handler, OperationBehavior behavior, bool async = true)
    {
        using var transport = TestSupport.Transport(handler, TestSupport.NewClock());
        var request = new AgentBayRequest("GetSession");
        request.Add("SessionId", SessionId);
        ValueTask<OperationOutcome> pending = AgentBayOperation.InvokeAsync(transport, request, behavior, SessionId, null, null, async, default);
        if (!async)
        {
            Assert.True(pending.IsCompleted);
            return pending.EnsureCompleted();
        }
        return await pending;
    }

    private static OperationBehavior With(FailureMode mode, string? failureMessage = "Failed for {sessionId}: {error}",
        string? notFoundMessage = null)
        => new() { Failure = mode, FailureMessage = failureMessage, NotFoundMessage = notFoundMessage };

    private static StubHandler EnvelopeFailure()
        => new StubHandler().RespondJson(TestSupport.Envelope(false, "InvalidParameter", "bad value", "r-env", httpStatusCode: 400));

    private static StubHandler HttpFailure()
        => new StubHandler().Respond(500, """{"RequestId":"r-http","Code":"InternalError","Message":"boom"}""");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Success_copies_the_envelope_and_selects_data(bool async)
    {
        var handler = new StubHandler().RespondData("""{"SessionId":"s-1","ResourceUrl":"https://r"}""", "req-42");

        OperationOutcome outcome = await Invoke(handler, GetSession, async);

        Assert.True(outcome.Success);
        Assert.Equal("req-42", outcome.RequestId);
        Assert.Null(outcome.ErrorMessage);
        Assert.Equal("ok", outcome.Code);
        Assert.Equal(200, outcome.HttpStatusCode);
        Assert.Equal("https://r", WireReader.ReadString(WireReader.Select(outcome.Data, "ResourceUrl")));
        Assert.Equal("s-1", WireReader.ReadString(WireReader.Select(outcome.Body, "Data.SessionId")));
        Assert.Equal(async ? 0 : 1, handler.SyncSends);
        Assert.Equal(async ? 1 : 0, handler.AsyncSends);
    }

    [Fact]
    public async Task Data_path_parses_json_strings_on_the_way()
    {
        var handler = new StubHandler().RespondData("\"{\\\"Url\\\":\\\"wss://gateway/x\\\"}\"");

        OperationOutcome outcome = await Invoke(handler, new OperationBehavior { DataPath = "Data.Url" });

        Assert.Equal("wss://gateway/x", WireReader.ReadString(outcome.Data));
    }

    [Fact]
    public async Task Fire_and_return_status_is_reported()
    {
        var handler = new StubHandler().RespondJson(TestSupport.Envelope());
        OperationOutcome outcome = await Invoke(handler, new OperationBehavior { Status = "PAUSING" });
        Assert.True(outcome.Success);
        Assert.Equal("PAUSING", outcome.Status);
    }

    [Theory]
    [InlineData("""{"SessionId":""}""")]
    [InlineData("""{"SessionId":null}""")]
    [InlineData("""{}""")]
    public async Task Required_value_missing_fails_with_its_message(string data)
    {
        var handler = new StubHandler().RespondData(data, "r-req");
        var behavior = new OperationBehavior { RequirePath = "Data.SessionId", RequireMessage = "SessionId not found in response" };

        OperationOutcome outcome = await Invoke(handler, behavior);

        Assert.False(outcome.Success);
        Assert.Equal("SessionId not found in response", outcome.ErrorMessage);
        Assert.Equal("r-req", outcome.RequestId);
    }

    [Fact]
    public async Task Required_value_present_succeeds()
    {
        var handler = new StubHandler().RespondData("""{"SessionId":"s-9"}""");
        var behavior = new OperationBehavior { RequirePath = "Data.SessionId", RequireMessage = "missing" };
        Assert.True((await Invoke(handler, behavior)).Success);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Envelope_failure_in_result_mode_is_a_failed_outcome(bool async)
    {
        OperationOutcome outcome = await Invoke(EnvelopeFailure(), With(FailureMode.Result), async);

        Assert.False(outcome.Success);
        Assert.Equal($"Failed for {SessionId}: [InvalidParameter] bad value", outcome.ErrorMessage);
        Assert.Equal("InvalidParameter", outcome.Code);
        Assert.Equal("bad value", outcome.Message);
        Assert.Equal(400, outcome.HttpStatusCode);
        Assert.Equal("r-env", outcome.RequestId);
    }

    [Fact]
    public async Task Envelope_failure_without_template_uses_the_error_text()
    {
        OperationOutcome outcome = await Invoke(EnvelopeFailure(), With(FailureMode.Result, failureMessage: null));
        Assert.Equal("[InvalidParameter] bad value", outcome.ErrorMessage);
    }

    [Fact]
    public async Task Envelope_failure_is_ignored_when_success_is_not_checked()
    {
        var behavior = new OperationBehavior { CheckSuccess = false, DataPath = "Success" };
        OperationOutcome outcome = await Invoke(EnvelopeFailure(), behavior);

        Assert.True(outcome.Success);
        Assert.False(WireReader.ReadBoolean(outcome.Data));
    }

    [Fact]
    public async Task Envelope_failure_in_throw_mode_throws_SessionException()
    {
        var error = await Assert.ThrowsAsync<SessionException>(() => Invoke(EnvelopeFailure(), With(FailureMode.Throw)));

        Assert.Equal($"Failed for {SessionId}: [InvalidParameter] bad value", error.Message);
        Assert.Equal("InvalidParameter", error.Code);
        Assert.Equal("r-env", error.RequestId);
        Assert.Equal(200, error.HttpStatusCode);
    }

    [Fact]
    public async Task Envelope_failure_in_propagate_mode_throws_ApiException()
    {
        var error = await Assert.ThrowsAsync<ApiException>(() => Invoke(EnvelopeFailure(), With(FailureMode.Propagate, failureMessage: null)));

        Assert.Equal("[InvalidParameter] bad value", error.Message);
        Assert.Equal("InvalidParameter", error.Code);
        Assert.Equal("r-env", error.RequestId);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Http_failure_in_result_mode_is_a_failed_outcome(bool async)
    {
        OperationOutcome outcome = await Invoke(HttpFailure(), With(FailureMode.Result), async);

        Assert.False(outcome.Success);
        Assert.Equal($"Failed for {SessionId}: code: 500, boom request id: r-http", outcome.ErrorMessage);
        Assert.Equal("InternalError", outcome.Code);
        Assert.Equal(500, outcome.HttpStatusCode);
        Assert.Equal("r-http", outcome.RequestId);
    }

    [Fact]
    public async Task Http_failure_in_throw_mode_wraps_the_transport_exception()
    {
        var error = await Assert.ThrowsAsync<SessionException>(() => Invoke(HttpFailure(), With(FailureMode.Throw)));

        Assert.Equal($"Failed for {SessionId}: code: 500, boom request id: r-http", error.Message);
        Assert.IsType<ApiException>(error.InnerException);
        Assert.Equal("InternalError", error.Code);
        Assert.Equal("r-http", error.RequestId);
        Assert.Equal(500, error.HttpStatusCode);
    }

    [Fact]
    public async Task Http_failure_in_propagate_mode_rethrows_the_transport_exception()
    {
        var error = await Assert.ThrowsAsync<ApiException>(() => Invoke(HttpFailure(), With(FailureMode.Propagate)));
        Assert.Equal("code: 500, boom request id: r-http", error.Message);
    }

    [Fact]
    public async Task Network_failure_in_result_mode_has_an_empty_request_id()
    {
        var handler = new StubHandler().Throw(new HttpRequestException("No route to host"));

        OperationOutcome outcome = await Invoke(handler, GetSession);

        Assert.False(outcome.Success);
        Assert.Equal($"Failed to get session {SessionId}: Request GetSession failed: No route to host", outcome.ErrorMessage);
        Assert.Equal("", outcome.RequestId);
        Assert.Null(outcome.HttpStatusCode);
    }

    [Fact]
    public async Task Network_failure_in_propagate_mode_escapes_unchanged()
    {
        var handler = new StubHandler().Throw(new HttpRequestException("No route to host"));
        var error = await Assert.ThrowsAsync<AgentBayException>(() => Invoke(handler, With(FailureMode.Propagate)));
        Assert.Equal("Request GetSession failed: No route to host", error.Message);
    }

    [Theory]
    [InlineData(FailureMode.Result)]
    [InlineData(FailureMode.Throw)]
    [InlineData(FailureMode.Propagate)]
    public async Task Http_not_found_becomes_the_not_found_result_in_every_mode(FailureMode mode)
    {
        var handler = new StubHandler().Respond(400, """{"RequestId":"r-nf","Code":"InvalidMcpSession.NotFound","Message":"session does not exist"}""");

        OperationOutcome outcome = await Invoke(handler, With(mode, notFoundMessage: "Session {sessionId} not found"));

        Assert.False(outcome.Success);
        Assert.Equal($"Session {SessionId} not found", outcome.ErrorMessage);
        Assert.Equal("InvalidMcpSession.NotFound", outcome.Code);
        Assert.Equal(400, outcome.HttpStatusCode);
    }

    [Fact]
    public async Task Envelope_not_found_becomes_the_not_found_result()
    {
        var handler = new StubHandler().RespondJson(TestSupport.Envelope(false, "InvalidMcpSession.NotFound", "gone", "r-nf2"));

        OperationOutcome outcome = await Invoke(handler, With(FailureMode.Throw, notFoundMessage: "Session {sessionId} not found"));

        Assert.False(outcome.Success);
        Assert.Equal($"Session {SessionId} not found", outcome.ErrorMessage);
        Assert.Equal("r-nf2", outcome.RequestId);
    }

    [Fact]
    public async Task Not_found_text_in_the_message_is_recognised()
    {
        var handler = new StubHandler().Respond(400, """{"RequestId":"r","Code":"Failed","Message":"The session was not found"}""");
        OperationOutcome outcome = await Invoke(handler, GetSession);
        Assert.Equal($"Session {SessionId} not found", outcome.ErrorMessage);
    }

    [Fact]
    public async Task Not_found_without_a_message_is_an_ordinary_failure()
    {
        var handler = new StubHandler().Respond(400, """{"RequestId":"r","Code":"InvalidMcpSession.NotFound","Message":"gone"}""");
        await Assert.ThrowsAsync<SessionException>(() => Invoke(handler, With(FailureMode.Throw)));
    }

    [Fact]
    public async Task Cancellation_is_never_converted()
    {
        using var cancellation = new CancellationTokenSource();
        var handler = new StubHandler().Then((request, token) =>
        {
            cancellation.Cancel();
            token.ThrowIfCancellationRequested();
            return StubHandler.Response(200, "{}");
        });
        using var transport = TestSupport.Transport(handler, TestSupport.NewClock());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await AgentBayOperation.InvokeAsync(transport, new AgentBayRequest("GetSession"), With(FailureMode.Result), SessionId,
                null, null, async: true, cancellation.Token));
    }

    [Fact]
    public async Task Request_timeout_is_a_failure_not_a_cancellation()
    {
        var clock = TestSupport.NewClock();
        var handler = new StubHandler().Then((request, token) =>
        {
            clock.Advance(TimeSpan.FromMinutes(2));
            token.ThrowIfCancellationRequested();
            return StubHandler.Response(200, "{}");
        });
        using var transport = TestSupport.Transport(handler, clock);

        OperationOutcome outcome = await AgentBayOperation.InvokeAsync(transport, new AgentBayRequest("GetSession"),
            With(FailureMode.Result, failureMessage: null), SessionId, null, null, async: true, default);

        Assert.False(outcome.Success);
        Assert.Equal("Request GetSession timed out after 60000 ms", outcome.ErrorMessage);
    }
}
