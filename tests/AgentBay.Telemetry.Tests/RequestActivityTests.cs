using System;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using AgentBay.Runtime;
using Xunit;

namespace AgentBay.Telemetry.Tests;

/// <summary>One Client activity per logical request, with the transport's outcome, retries and status; the request histogram.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class RequestActivityTests
{
    private static string Session(string id = "s-1") => "{\"SessionId\":\"" + id + "\",\"Status\":\"RUNNING\"}";

    [Fact]
    public async Task A_successful_request_is_one_client_activity_with_its_action_request_id_and_status()
    {
        using var capture = new TelemetryCapture();
        var stub = new StubService().Reply("GetSession", StubService.Ok(Session(), requestId: "REQ-OK-7"));
        using var client = stub.CreateClient();

        var result = await client.GetAsync("s-1");

        Assert.True(result.Success, result.ErrorMessage);
        var activity = Assert.Single(capture.Activities(stub.Host));
        Assert.Equal(AgentBayTelemetry.SourceName, activity.Source.Name);
        Assert.False(string.IsNullOrEmpty(activity.Source.Version));
        Assert.Equal("GetSession", activity.DisplayName);
        Assert.Equal(ActivityKind.Client, activity.Kind);
        Assert.Equal("GetSession", activity.GetTagItem("agentbay.action"));
        Assert.Equal("REQ-OK-7", activity.GetTagItem("agentbay.request_id"));
        Assert.Equal("success", activity.GetTagItem("agentbay.outcome"));
        Assert.Equal(0, activity.GetTagItem("agentbay.retries"));
        Assert.Equal(200, activity.GetTagItem("http.response.status_code"));
        Assert.Equal(80, activity.GetTagItem("server.port"));
        Assert.Null(activity.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Unset, activity.Status);

        var point = capture.Point("agentbay.request.duration", ("agentbay.action", "GetSession"), ("agentbay.outcome", "success"));
        Assert.Equal(1, point.GetHistogramCount());
    }

    [Fact]
    public void A_synchronous_request_is_observed_the_same_way()
    {
        using var capture = new TelemetryCapture();
        var stub = new StubService().Reply("GetSession", StubService.Ok(Session()));
        using var client = stub.CreateClient();

        var result = client.Get("s-1");

        Assert.True(result.Success, result.ErrorMessage);
        var activity = Assert.Single(capture.Activities(stub.Host));
        Assert.Equal("success", activity.GetTagItem("agentbay.outcome"));
        Assert.Equal(ActivityStatusCode.Unset, activity.Status);
    }

    [Fact]
    public async Task Success_false_is_a_service_error_with_the_service_code_as_error_type()
    {
        using var capture = new TelemetryCapture();
        var stub = new StubService().Reply("GetSession", StubService.Refused("InvalidParameter.Session", "no such thing", requestId: "REQ-NO-1"));
        using var client = stub.CreateClient();

        var result = await client.GetAsync("s-1");

        Assert.False(result.Success);
        var activity = Assert.Single(capture.Activities(stub.Host));
        Assert.Equal("service_error", activity.GetTagItem("agentbay.outcome"));
        Assert.Equal("InvalidParameter.Session", activity.GetTagItem("error.type"));
        Assert.Equal("REQ-NO-1", activity.GetTagItem("agentbay.request_id"));
        Assert.Equal(200, activity.GetTagItem("http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Error, activity.Status);
        // The status says what kind of error, never the service's message (it may echo what was sent).
        Assert.DoesNotContain("no such thing", activity.StatusDescription ?? "");

        capture.Point("agentbay.request.duration", ("agentbay.action", "GetSession"), ("agentbay.outcome", "service_error"),
            ("error.type", "InvalidParameter.Session"));
    }

    [Fact]
    public async Task Http_5xx_retried_until_success_is_one_activity_that_counts_its_retries()
    {
        using var capture = new TelemetryCapture();
        var time = new FakeTime();
        var unavailable = "{\"RequestId\":\"REQ-503\",\"Code\":\"ServiceUnavailable\",\"Message\":\"busy\"}";
        var stub = new StubService()
            .Reply("GetSession", unavailable, HttpStatusCode.ServiceUnavailable)
            .Reply("GetSession", unavailable, HttpStatusCode.ServiceUnavailable)
            .Reply("GetSession", StubService.Ok(Session(), requestId: "REQ-3RD"));
        using var client = stub.CreateClient(time.Provider);

        var result = await time.Drive(() => client.GetAsync("s-1"));

        Assert.True(result.Success, result.ErrorMessage);
        Assert.Equal(3, stub.Actions.Count);
        var activity = Assert.Single(capture.Activities(stub.Host));
        Assert.Equal("success", activity.GetTagItem("agentbay.outcome"));
        Assert.Equal(2, activity.GetTagItem("agentbay.retries"));
        Assert.Equal("REQ-3RD", activity.GetTagItem("agentbay.request_id"));
        Assert.Equal(200, activity.GetTagItem("http.response.status_code"));
        var retries = activity.Events.Where(e => e.Name == "agentbay.retry").ToList();
        Assert.Equal(2, retries.Count);
        Assert.Equal(new object?[] { 1, 2 }, retries.Select(e => e.Tags.First(t => t.Key == "agentbay.attempt").Value));
        Assert.All(retries, e => Assert.Equal("503", e.Tags.First(t => t.Key == "error.type").Value));
        Assert.Equal(ActivityStatusCode.Unset, activity.Status);
    }

    [Fact]
    public async Task Http_5xx_that_outlasts_the_retries_is_an_http_error_with_the_status_as_error_type()
    {
        using var capture = new TelemetryCapture();
        var time = new FakeTime();
        var stub = new StubService().Reply("GetSession", "{\"RequestId\":\"REQ-502\",\"Code\":\"BadGateway\",\"Message\":\"down\"}", HttpStatusCode.BadGateway);
        using var client = stub.CreateClient(time.Provider);

        var result = await time.Drive(() => client.GetAsync("s-1"));

        Assert.False(result.Success);
        Assert.Equal(AgentBayRetryOptions.DefaultMaxAttempts, stub.Actions.Count);
        var activity = Assert.Single(capture.Activities(stub.Host));
        Assert.Equal("http_error", activity.GetTagItem("agentbay.outcome"));
        Assert.Equal("502", activity.GetTagItem("error.type"));
        Assert.Equal(502, activity.GetTagItem("http.response.status_code"));
        Assert.Equal(AgentBayRetryOptions.DefaultMaxAttempts - 1, activity.GetTagItem("agentbay.retries"));
        Assert.Equal("REQ-502", activity.GetTagItem("agentbay.request_id"));
        Assert.Equal(ActivityStatusCode.Error, activity.Status);

        var point = capture.Point("agentbay.request.duration", ("agentbay.action", "GetSession"), ("agentbay.outcome", "http_error"));
        Assert.Equal(1, point.GetHistogramCount());
    }

    [Fact]
    public async Task A_request_without_a_reply_is_a_timeout_and_its_duration_is_the_timeout_on_the_fake_clock()
    {
        using var capture = new TelemetryCapture();
        var time = new FakeTime();
        var stub = new StubService().Hang("GetSession");
        stub.OnRequest = _ => time.Provider.Advance(TimeSpan.FromSeconds(2));
        using var client = stub.CreateClient(time.Provider, timeout: TimeSpan.FromSeconds(2), retries: false);

        var result = await time.Drive(() => client.GetAsync("s-1"));

        Assert.False(result.Success);
        Assert.Contains("timed out", result.ErrorMessage);
        var activity = Assert.Single(capture.Activities(stub.Host));
        Assert.Equal("timeout", activity.GetTagItem("agentbay.outcome"));
        Assert.Equal("timeout", activity.GetTagItem("error.type"));
        Assert.Null(activity.GetTagItem("http.response.status_code"));
        Assert.Null(activity.GetTagItem("agentbay.request_id"));
        Assert.Equal(0, activity.GetTagItem("agentbay.retries"));
        Assert.Equal(ActivityStatusCode.Error, activity.Status);

        // The service "takes" exactly the timeout on the fake clock: the duration is exactly 2 s.
        var point = capture.Point("agentbay.request.duration", ("agentbay.action", "GetSession"), ("agentbay.outcome", "timeout"));
        Assert.Equal(1, point.GetHistogramCount());
        Assert.Equal(2.0, point.GetHistogramSum(), precision: 6);
    }

    [Fact]
    public async Task Timeouts_retried_for_an_idempotent_request_are_counted()
    {
        using var capture = new TelemetryCapture();
        var time = new FakeTime();
        var stub = new StubService().Hang("GetSession");
        stub.OnRequest = _ => time.Provider.Advance(TimeSpan.FromSeconds(1));
        // No backoff: each attempt times out inside the stub (which moves the fake clock), so the whole request runs
        // on this thread and its duration is exactly three timeouts.
        using var client = stub.CreateClient(time.Provider, timeout: TimeSpan.FromSeconds(1), retryDelay: TimeSpan.Zero);

        var result = await client.GetAsync("s-1");

        Assert.False(result.Success);
        var activity = Assert.Single(capture.Activities(stub.Host));
        Assert.Equal("timeout", activity.GetTagItem("agentbay.outcome"));
        Assert.Equal(2, activity.GetTagItem("agentbay.retries"));
        Assert.All(activity.Events, e => Assert.Equal("timeout", e.Tags.First(t => t.Key == "error.type").Value));
        var point = capture.Point("agentbay.request.duration", ("agentbay.action", "GetSession"), ("agentbay.outcome", "timeout"));
        Assert.Equal(3.0, point.GetHistogramSum(), precision: 6);
    }

    [Fact]
    public async Task A_cancelled_request_is_cancelled()
    {
        using var capture = new TelemetryCapture();
        var stub = new StubService().Hang("GetSession");
        using var client = stub.CreateClient();
        using var cancellation = new CancellationTokenSource();
        stub.OnRequest = _ => cancellation.CancelAfter(TimeSpan.FromMilliseconds(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAsync("s-1", cancellation.Token));

        var activity = Assert.Single(capture.Activities(stub.Host));
        Assert.Equal("cancelled", activity.GetTagItem("agentbay.outcome"));
        Assert.Equal("cancelled", activity.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, activity.Status);
    }

    [Fact]
    public async Task A_refused_connection_is_a_network_error()
    {
        using var capture = new TelemetryCapture();
        // Nothing listens on port 9 of the loopback address: the connection is refused at once.
        using var client = new AgentBayClient(new AgentBayOptions { ApiKey = StubService.ApiKey, Endpoint = "http://127.0.0.1:9", Retry = new AgentBayRetryOptions { Enabled = false } });

        var result = await client.GetAsync("s-1");

        Assert.False(result.Success);
        var activity = Assert.Single(capture.AllActivities(), a => (a.GetTagItem("server.port") as int?) == 9);
        Assert.Equal("network_error", activity.GetTagItem("agentbay.outcome"));
        Assert.Equal("connection_error", activity.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, activity.Status);
    }

    [Fact]
    public async Task Nothing_is_recorded_once_the_listeners_are_gone()
    {
        var stub = new StubService().Reply("GetSession", StubService.Ok(Session()));
        using var client = stub.CreateClient();
        var capture = new TelemetryCapture();
        capture.Dispose();

        var result = await client.GetAsync("s-1");

        Assert.True(result.Success);
        Assert.Empty(capture.Activities(stub.Host));
    }
}
