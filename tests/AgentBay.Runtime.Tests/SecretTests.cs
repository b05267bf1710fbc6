using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading.Tasks;

namespace AgentBay.Runtime.Tests;

/// <summary>The API key must not leak into any message or description, even when the service echoes it.</summary>
public class SecretTests
{
    private const string Key = TestSupport.ApiKey;
    private static readonly string Echo = "Authorization Bearer " + Key + " is invalid";

    private static void AssertClean(string? text)
    {
        Assert.NotNull(text);
        Assert.DoesNotContain(Key, text);
    }

    private static async Task<Exception> Failure(StubHandler handler, bool async = true)
    {
        using var transport = TestSupport.Transport(handler, TestSupport.NewClock());
        return await Assert.ThrowsAnyAsync<AgentBayException>(
            async () => await transport.SendAsync(new AgentBayRequest("GetSession"), async, default));
    }

    [Fact]
    public async Task Transport_exceptions_redact_an_echoed_key()
    {
        var errors = new List<Exception>
        {
            await Failure(new StubHandler().Respond(400, $$"""{"RequestId":"r","Code":"InvalidParameter","Message":"{{Echo}}"}""")),
            await Failure(new StubHandler().Respond(401, $$"""{"RequestId":"r","Code":"{{Key}}","Message":"{{Echo}}"}"""), async: false),
            await Failure(new StubHandler().Respond(502, $"<html>{Echo}</html>", "text/html")),
            await Failure(new StubHandler().Respond(200, $"not json {Echo}", "text/plain")),
            await Failure(new StubHandler().Throw(new HttpRequestException($"proxy said: {Echo}"))),
        };

        foreach (Exception error in errors)
        {
            AssertClean(error.Message);
            Assert.Contains("***", error.Message);
        }
    }

    [Fact]
    public async Task Operation_failures_redact_an_echoed_key()
    {
        var handler = new StubHandler().RespondJson(TestSupport.Envelope(false, "InvalidApiKey", Echo));
        using var transport = TestSupport.Transport(handler, TestSupport.NewClock());

        OperationOutcome outcome = await AgentBayOperation.InvokeAsync(transport, new AgentBayRequest("GetSession"),
            new OperationBehavior { FailureMessage = "Failed: {error}" }, "s-1", null, null, async: true, default);
        AssertClean(outcome.ErrorMessage);
        AssertClean(outcome.Message);
        AssertClean(outcome.ToString());

        var thrown = await Assert.ThrowsAsync<SessionException>(async () => await AgentBayOperation.InvokeAsync(transport,
            new AgentBayRequest("GetSession"), new OperationBehavior { Failure = FailureMode.Throw }, "s-1", null, null, async: true, default));
        AssertClean(thrown.Message);
        AssertClean(thrown.ToString());

        OperationOutcome tool = await AgentBayOperation.CallToolAsync(transport, new AgentBayRequest("CallMcpTool"), false, async: true, default);
        AssertClean(tool.ErrorMessage);
        AssertClean(tool.Message);
    }

    [Fact]
    public async Task Timeout_and_descriptions_never_show_the_key()
    {
        var clock = TestSupport.NewClock();
        var handler = new StubHandler().Then((request, token) =>
        {
            clock.Advance(TimeSpan.FromMinutes(5));
            token.ThrowIfCancellationRequested();
            return StubHandler.Response(200, "{}");
        });
        var options = new AgentBayOptions { ApiKey = Key, TimeProvider = clock };
        using var transport = new AgentBayTransport(options, TestSupport.Service, new HttpClient(handler));
        var request = new AgentBayRequest("SyncContext") { AuthorizationLocation = ParameterLocation.Query };
        request.Add("SessionId", "s-1");

        var error = await Assert.ThrowsAsync<AgentBayException>(async () => await transport.SendAsync(request, async: true, default));

        // The key did travel (in the query, as asked) but appears in no text.
        Assert.Contains(Uri.EscapeDataString("Bearer " + Key), handler.LastRequest.RawQuery);
        AssertClean(error.ToString());
        AssertClean(options.ToString());
        AssertClean(request.ToString());
        AssertClean(transport.ToString());
        AssertClean(new AgentBayResponse(200, System.Text.Json.JsonDocument.Parse("{}").RootElement).ToString());
    }
}
