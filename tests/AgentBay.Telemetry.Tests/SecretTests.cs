using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using AgentBay.Runtime;
using OpenTelemetry.Metrics;
using Xunit;

namespace AgentBay.Telemetry.Tests;

/// <summary>The API key, tool arguments and form values appear in no activity, event, baggage or metric.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class SecretTests
{
    private const string ArgumentValue = "tool-argument-value-7f3a91";
    private const string LabelValue = "form-label-value-c2d8e4";

    [Fact]
    public async Task Neither_the_key_nor_a_tool_argument_nor_a_form_value_is_recorded()
    {
        using var capture = new TelemetryCapture();
        var time = new FakeTime();
        // The service echoes what it was sent, in messages and bodies: none of it may reach telemetry.
        var stub = new StubService()
            .Reply("CreateMcpSession", StubService.Ok("{\"SessionId\":\"s-secret\",\"Echo\":\"" + LabelValue + "\"}"))
            .Reply("CallMcpTool", StubService.Tool("ran " + ArgumentValue + " with " + StubService.ApiKey))
            .Reply("CallMcpTool", "{\"RequestId\":\"REQ-E\",\"Code\":\"Bad." + ArgumentValue + "\",\"Message\":\"bad " + ArgumentValue + " " + StubService.ApiKey + "\"}",
                HttpStatusCode.InternalServerError)
            .Reply("SetLabel", StubService.Refused("InvalidLabel", "label " + LabelValue + " refused"))
            .Reply("DeleteSessionAsync", StubService.Ok())
            .Reply("GetSessionDetail", StubService.Ok("{\"Status\":\"FINISH\"}"));
        using var client = stub.CreateClient(time.Provider);

        var created = await client.CreateAsync(new CreateSessionParams { ImageId = "secret-image", Labels = new Dictionary<string, string> { ["owner"] = LabelValue } });
        Assert.True(created.Success, created.ErrorMessage);
        var session = created.Session;
        await session.Tools.ShellAsync("echo " + ArgumentValue);
        await time.Drive(() => session.CallMcpToolAsync("write_file", new Dictionary<string, object?> { ["path"] = "/tmp/x", ["content"] = ArgumentValue }));
        // Refused (Success:false with the value in the message): a service error.
        await session.SetLabelsAsync(new Dictionary<string, string> { ["k"] = LabelValue });
        await time.Drive(() => session.DeleteAsync());

        var activities = capture.Activities(stub.Host);
        Assert.True(activities.Count >= 5, string.Join(", ", activities.Select(a => a.DisplayName)));
        Assert.Contains(activities, a => a.Status == ActivityStatusCode.Error);
        foreach (var text in Texts(activities).Concat(Texts(capture.AllMetrics())))
        {
            Assert.DoesNotContain(StubService.ApiKey, text);
            Assert.DoesNotContain(ArgumentValue, text);
            Assert.DoesNotContain(LabelValue, text);
        }
    }

    /// <summary>Every string an exporter could send of these activities.</summary>
    private static IEnumerable<string> Texts(IEnumerable<Activity> activities)
    {
        foreach (var activity in activities)
        {
            yield return activity.DisplayName;
            yield return activity.OperationName;
            yield return activity.StatusDescription ?? "";
            yield return activity.TraceStateString ?? "";
            foreach (var tag in activity.TagObjects)
            {
                yield return tag.Key + "=" + tag.Value;
            }
            foreach (var item in activity.Baggage)
            {
                yield return item.Key + "=" + item.Value;
            }
            foreach (var activityEvent in activity.Events)
            {
                yield return activityEvent.Name;
                foreach (var tag in activityEvent.Tags)
                {
                    yield return tag.Key + "=" + tag.Value;
                }
            }
            foreach (var link in activity.Links)
            {
                foreach (var tag in link.Tags ?? [])
                {
                    yield return tag.Key + "=" + tag.Value;
                }
            }
        }
    }

    private static IEnumerable<string> Texts(IEnumerable<MetricSnapshot> metrics)
    {
        foreach (var metric in metrics)
        {
            yield return metric.Name + " " + metric.Description + " " + metric.Unit;
            foreach (var point in metric.MetricPoints)
            {
                yield return TelemetryCapture.Describe(point);
            }
        }
    }
}
