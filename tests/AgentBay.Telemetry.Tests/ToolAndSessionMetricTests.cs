using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using AgentBay.Runtime;
using Xunit;

namespace AgentBay.Telemetry.Tests;

/// <summary>agentbay.tool.duration by tool and outcome, agentbay.sessions.active and agentbay.session.duration by image.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class ToolAndSessionMetricTests
{
    private static string ShellText(string stdout) => "{\"stdout\":\"" + stdout + "\",\"stderr\":\"\",\"exit_code\":0}";

    [Fact]
    public async Task Tool_calls_are_timed_on_the_transport_clock_by_tool_and_outcome()
    {
        using var capture = new TelemetryCapture();
        var time = new FakeTime();
        var stub = new StubService()
            .Reply("CallMcpTool", StubService.Tool(ShellText("hi")))
            .Reply("CallMcpTool", StubService.Tool("no such file", isError: true));
        // The service takes 1.5 s (of the fake clock) to run each tool.
        stub.OnRequest = _ => time.Provider.Advance(TimeSpan.FromSeconds(1.5));
        using var client = stub.CreateClient(time.Provider);
        var session = new Session(client.Transport, "s-tools");

        var ran = await session.Tools.ShellAsync("echo hi");
        var failed = await session.Tools.ReadFileAsync("/missing");

        Assert.True(ran.Success, ran.ErrorMessage);
        Assert.False(failed.Success);
        var shell = capture.Point("agentbay.tool.duration", ("agentbay.tool", "shell"), ("agentbay.outcome", "success"));
        Assert.Equal(1, shell.GetHistogramCount());
        Assert.Equal(1.5, shell.GetHistogramSum(), precision: 6);
        var read = capture.Point("agentbay.tool.duration", ("agentbay.tool", "read_file"), ("agentbay.outcome", "tool_error"));
        Assert.Equal(1, read.GetHistogramCount());
        Assert.Equal("tool_error", TelemetryCapture.Tag(read, "error.type"));

        // The request activities name the tool too (its name, never its arguments).
        var activities = capture.Activities(stub.Host);
        Assert.Equal(new[] { "shell", "read_file" }, activities.Select(a => a.GetTagItem("agentbay.tool")));
        Assert.All(activities, a => Assert.Equal("CallMcpTool", a.DisplayName));
        // The CallMcpTool request itself succeeded both times: the tool's own error is the tool metric's business.
        Assert.All(activities, a => Assert.Equal("success", a.GetTagItem("agentbay.outcome")));
    }

    [Fact]
    public async Task A_tool_call_that_times_out_is_recorded_with_outcome_timeout()
    {
        using var capture = new TelemetryCapture();
        var time = new FakeTime();
        var stub = new StubService().Hang("CallMcpTool");
        stub.OnRequest = _ => time.Provider.Advance(TimeSpan.FromSeconds(3));
        using var client = stub.CreateClient(time.Provider, timeout: TimeSpan.FromSeconds(3));
        var session = new Session(client.Transport, "s-slow");

        var result = await time.Drive(() => session.CallMcpToolAsync("slow_tool", new Dictionary<string, object?>()));

        Assert.False(result.Success);
        var point = capture.Point("agentbay.tool.duration", ("agentbay.tool", "slow_tool"), ("agentbay.outcome", "timeout"));
        Assert.Equal(3.0, point.GetHistogramSum(), precision: 6);
    }

    [Fact]
    public async Task Active_sessions_go_up_on_create_and_down_on_delete_by_image_and_the_lifetime_is_recorded()
    {
        using var capture = new TelemetryCapture();
        var time = new FakeTime();
        var image = "img-" + Guid.NewGuid().ToString("N")[..8];
        var stub = new StubService()
            .Reply("CreateMcpSession", StubService.Ok("{\"SessionId\":\"s-live\",\"ResourceUrl\":\"https://example.test\"}"))
            .Reply("DeleteSessionAsync", StubService.Ok())
            .Reply("GetSessionDetail", StubService.Ok("{\"Status\":\"FINISH\"}"));
        using var client = stub.CreateClient(time.Provider);

        var created = await client.CreateAsync(new CreateSessionParams { ImageId = image });

        Assert.True(created.Success, created.ErrorMessage);
        Assert.Equal(1, capture.Point("agentbay.sessions.active", ("agentbay.image", image)).GetSumLong());
        Assert.Single(capture.Activities(stub.Host), a => a.DisplayName == "CreateMcpSession");

        time.Provider.Advance(TimeSpan.FromSeconds(90));
        var deleted = await time.Drive(() => created.Session.DeleteAsync());

        Assert.True(deleted.Success, deleted.ErrorMessage);
        Assert.Equal(0, capture.Point("agentbay.sessions.active", ("agentbay.image", image)).GetSumLong());
        var lifetime = capture.Point("agentbay.session.duration", ("agentbay.image", image));
        Assert.Equal(1, lifetime.GetHistogramCount());
        Assert.True(lifetime.GetHistogramSum() >= 90, $"lived {lifetime.GetHistogramSum()} s");

        // Disposing after the delete sends nothing and counts nothing twice.
        await created.Session.DisposeAsync();
        Assert.Equal(0, capture.Point("agentbay.sessions.active", ("agentbay.image", image)).GetSumLong());
    }

    [Fact]
    public async Task Session_time_counts_the_seconds_live_sessions_have_lived_so_far_and_stops_at_their_delete()
    {
        using var capture = new TelemetryCapture();
        var time = new FakeTime();
        var image = "img-" + Guid.NewGuid().ToString("N")[..8];
        var stub = new StubService()
            .Reply("CreateMcpSession", StubService.Ok("{\"SessionId\":\"s-a\"}"))
            .Reply("CreateMcpSession", StubService.Ok("{\"SessionId\":\"s-b\"}"))
            .Reply("DeleteSessionAsync", StubService.Ok())
            .Reply("GetSessionDetail", StubService.Ok("{\"Status\":\"FINISH\"}"));
        using var client = stub.CreateClient(time.Provider);
        double SessionSeconds() => capture.Point("agentbay.session.time", ("agentbay.image", image)).GetSumDouble();

        var first = await client.CreateAsync(new CreateSessionParams { ImageId = image });
        time.Provider.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(30, SessionSeconds(), precision: 6);

        var second = await client.CreateAsync(new CreateSessionParams { ImageId = image });
        time.Provider.Advance(TimeSpan.FromSeconds(10));
        // Both live: 40 s of the first, 10 s of the second.
        Assert.Equal(50, SessionSeconds(), precision: 6);

        var deleted = await time.Drive(() => first.Session.DeleteAsync(pollInterval: TimeSpan.FromSeconds(1)));
        Assert.True(deleted.Success, deleted.ErrorMessage);
        double atDelete = SessionSeconds();
        time.Provider.Advance(TimeSpan.FromSeconds(100));
        // The deleted session counts no more; the live one goes on.
        Assert.Equal(atDelete + 100, SessionSeconds(), precision: 6);
        Assert.True(atDelete >= 50, $"{atDelete} s at the delete");

        // A disposed transport can delete nothing more: its live sessions keep their time so far and stop counting.
        client.Dispose();
        double atDispose = SessionSeconds();
        time.Provider.Advance(TimeSpan.FromSeconds(1000));
        Assert.Equal(atDispose, SessionSeconds(), precision: 6);
        Assert.Equal("s-b", second.Session.SessionId);
    }

    [Fact]
    public async Task A_session_created_without_an_image_counts_under_default_and_disposal_ends_it()
    {
        using var capture = new TelemetryCapture();
        var stub = new StubService()
            .Reply("CreateMcpSession", StubService.Ok("{\"SessionId\":\"s-default\"}"))
            .Reply("DeleteSessionAsync", StubService.Ok())
            .Reply("GetSessionDetail", StubService.Ok("{\"Status\":\"FINISH\"}"));
        using var client = stub.CreateClient();

        var created = await client.CreateAsync();
        Assert.True(created.Success, created.ErrorMessage);
        var before = capture.Point("agentbay.sessions.active", ("agentbay.image", AgentBayTelemetry.DefaultImage)).GetSumLong();

        created.Session.Dispose();

        Assert.Equal(before - 1, capture.Point("agentbay.sessions.active", ("agentbay.image", AgentBayTelemetry.DefaultImage)).GetSumLong());
    }

    [Fact]
    public async Task A_failed_create_and_a_session_attached_by_id_count_nothing()
    {
        using var capture = new TelemetryCapture();
        var image = "img-" + Guid.NewGuid().ToString("N")[..8];
        var stub = new StubService()
            .Reply("CreateMcpSession", StubService.Refused("QuotaExceeded", "too many sessions"))
            .Reply("DeleteSessionAsync", StubService.Ok())
            .Reply("GetSessionDetail", StubService.Ok("{\"Status\":\"FINISH\"}"));
        using var client = stub.CreateClient();

        var created = await client.CreateAsync(new CreateSessionParams { ImageId = image });
        Assert.False(created.Success);
        var attached = new Session(client.Transport, "s-elsewhere");
        var deleted = await attached.DeleteAsync(pollInterval: TimeSpan.FromMilliseconds(1));

        Assert.True(deleted.Success, deleted.ErrorMessage);
        Assert.DoesNotContain(capture.Points("agentbay.sessions.active"), p => Equals(TelemetryCapture.Tag(p, "agentbay.image"), image));
        Assert.DoesNotContain(capture.Points("agentbay.session.duration"), p => Equals(TelemetryCapture.Tag(p, "agentbay.image"), image));
    }

    [Fact]
    public void Instruments_have_their_units()
    {
        using var capture = new TelemetryCapture();
        var stub = new StubService()
            .Reply("CreateMcpSession", StubService.Ok("{\"SessionId\":\"s-units\"}"))
            .Reply("CallMcpTool", StubService.Tool(ShellText("x")))
            .Reply("DeleteSessionAsync", StubService.Ok())
            .Reply("GetSessionDetail", StubService.Ok("{\"Status\":\"FINISH\"}"));
        using var client = stub.CreateClient();
        var created = client.Create(new CreateSessionParams { ImageId = "units" });
        created.Session.Tools.Shell("echo x");
        created.Session.Delete(pollInterval: TimeSpan.FromMilliseconds(1));

        var units = capture.AllMetrics().GroupBy(m => m.Name).ToDictionary(g => g.Key, g => g.First().Unit);
        Assert.Equal("s", units["agentbay.request.duration"]);
        Assert.Equal("s", units["agentbay.tool.duration"]);
        Assert.Equal("s", units["agentbay.session.duration"]);
        Assert.Equal("s", units["agentbay.session.time"]);
        Assert.Equal("{session}", units["agentbay.sessions.active"]);
    }
}
