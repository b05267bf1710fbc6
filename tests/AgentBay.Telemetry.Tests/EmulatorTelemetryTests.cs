using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using AgentBay.Emulator;
using AgentBay.Runtime;
using Xunit;

namespace AgentBay.Telemetry.Tests;

/// <summary>End to end over real HTTP: the generated client against the in-process emulator, observed through OpenTelemetry.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class EmulatorTelemetryTests
{
    [Fact]
    public async Task A_session_s_life_on_the_emulator_is_traced_and_metered()
    {
        using var capture = new TelemetryCapture();
        await using var emulator = await AgentBayEmulator.StartAsync(new EmulatorOptions { DeleteDelay = TimeSpan.FromMilliseconds(100) });
        var host = new Uri(emulator.Endpoint).Host;
        var port = new Uri(emulator.Endpoint).Port;
        var image = "linux_telemetry_" + Guid.NewGuid().ToString("N")[..8];
        const string content = "file-content-never-recorded-5b0e";
        using var client = new AgentBayClient(new AgentBayOptions { ApiKey = emulator.ApiKey, Endpoint = emulator.Endpoint, Timeout = TimeSpan.FromSeconds(30) });

        var created = await client.CreateAsync(new CreateSessionParams { ImageId = image });
        Assert.True(created.Success, created.ErrorMessage);
        var session = created.Session;
        Assert.Equal(1, capture.Point("agentbay.sessions.active", ("agentbay.image", image)).GetSumLong());

        var written = await session.Tools.WriteFileAsync("/home/user/telemetry.txt", content);
        Assert.True(written.Success, written.ErrorMessage);
        var read = await session.Tools.ReadFileAsync("/home/user/telemetry.txt");
        Assert.Equal(content, read.Data);
        var missing = await session.Tools.ReadFileAsync("/home/user/none.txt");
        Assert.False(missing.Success);

        var deleted = await session.DeleteAsync(pollInterval: TimeSpan.FromMilliseconds(20));
        Assert.True(deleted.Success, deleted.ErrorMessage);

        var activities = capture.AllActivities().Where(a => Equals(a.GetTagItem("server.port"), port) && Equals(a.GetTagItem("server.address"), host)).ToList();
        var create = Assert.Single(activities, a => a.DisplayName == "CreateMcpSession");
        Assert.Equal("success", create.GetTagItem("agentbay.outcome"));
        Assert.False(string.IsNullOrEmpty(create.GetTagItem("agentbay.request_id") as string));
        var tools = activities.Where(a => a.DisplayName == "CallMcpTool").ToList();
        Assert.Equal(new[] { "write_file", "read_file", "read_file" }, tools.Select(a => a.GetTagItem("agentbay.tool")));
        Assert.Single(activities, a => a.DisplayName == "DeleteSessionAsync");
        Assert.Contains(activities, a => a.DisplayName == "GetSessionDetail");
        Assert.All(activities, a => Assert.Equal(ActivityKind.Client, a.Kind));
        Assert.All(activities, a => Assert.Equal(200, a.GetTagItem("http.response.status_code")));
        Assert.All(activities.SelectMany(a => a.TagObjects), tag =>
        {
            Assert.DoesNotContain(emulator.ApiKey, tag.Value?.ToString() ?? "");
            Assert.DoesNotContain(content, tag.Value?.ToString() ?? "");
        });

        Assert.Equal(1, capture.Point("agentbay.tool.duration", ("agentbay.tool", "write_file"), ("agentbay.outcome", "success")).GetHistogramCount());
        Assert.Equal(1, capture.Point("agentbay.tool.duration", ("agentbay.tool", "read_file"), ("agentbay.outcome", "success")).GetHistogramCount());
        Assert.Equal(1, capture.Point("agentbay.tool.duration", ("agentbay.tool", "read_file"), ("agentbay.outcome", "tool_error")).GetHistogramCount());
        Assert.Equal(1, capture.Point("agentbay.request.duration", ("agentbay.action", "CreateMcpSession"), ("agentbay.outcome", "success")).GetHistogramCount());
        Assert.Equal(0, capture.Point("agentbay.sessions.active", ("agentbay.image", image)).GetSumLong());
        Assert.Equal(1, capture.Point("agentbay.session.duration", ("agentbay.image", image)).GetHistogramCount());
    }
}
