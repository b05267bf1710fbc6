using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using AgentBay.Runtime;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Xunit;

namespace AgentBay.Telemetry.Tests;

/// <summary>
/// Listeners on ActivitySource and Meter are process-wide: every test of this assembly runs in this one collection, one
/// after the other, so a capture sees the telemetry of its own test only (its activities are also told apart by the
/// stub's own host).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry";
}

/// <summary>OpenTelemetry's SDK wired as a user wires it (AddSource/AddMeter "AgentBay"), exporting into memory.</summary>
public sealed class TelemetryCapture : IDisposable
{
    private readonly TracerProvider _tracing;
    private readonly MeterProvider _metering;
    private readonly List<Activity> _activities = new();
    private readonly List<MetricSnapshot> _metrics = new();

    public TelemetryCapture()
    {
        _tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(AgentBayTelemetry.SourceName)
            .AddInMemoryExporter(_activities)
            .Build()!;
        _metering = Sdk.CreateMeterProviderBuilder()
            .AddMeter(AgentBayTelemetry.MeterName)
            .AddInMemoryExporter(_metrics)
            .Build()!;
    }

    /// <summary>The finished activities whose <c>server.address</c> is <paramref name="host"/>, in the order they ended.</summary>
    public IReadOnlyList<Activity> Activities(string host)
    {
        lock (_activities)
        {
            return _activities.Where(a => (a.GetTagItem("server.address") as string) == host).ToList();
        }
    }

    /// <summary>Every finished activity.</summary>
    public IReadOnlyList<Activity> AllActivities()
    {
        lock (_activities)
        {
            return _activities.ToList();
        }
    }

    /// <summary>Collects now and returns the points of <paramref name="name"/> (empty when it has none yet).</summary>
    public IReadOnlyList<MetricPoint> Points(string name)
    {
        _metrics.Clear();
        Assert.True(_metering.ForceFlush());
        var points = new List<MetricPoint>();
        foreach (var snapshot in _metrics.Where(m => m.Name == name))
        {
            points.AddRange(snapshot.MetricPoints);
        }
        return points;
    }

    /// <summary>Every metric collected now, with its unit.</summary>
    public IReadOnlyList<MetricSnapshot> AllMetrics()
    {
        _metrics.Clear();
        Assert.True(_metering.ForceFlush());
        return _metrics.ToList();
    }

    /// <summary>The single point of <paramref name="name"/> whose tags include all of <paramref name="tags"/>.</summary>
    public MetricPoint Point(string name, params (string Key, object Value)[] tags)
    {
        var all = Points(name);
        var matching = all.Where(p => tags.All(t => Equals(Tag(p, t.Key), t.Value))).ToList();
        Assert.True(matching.Count == 1, $"{matching.Count} points of {name} with {string.Join(", ", tags)}; all points: "
            + string.Join(" | ", all.Select(Describe)));
        return matching[0];
    }

    public static object? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value;
            }
        }
        return null;
    }

    public static string Describe(MetricPoint point)
    {
        var tags = new List<string>();
        foreach (var tag in point.Tags)
        {
            tags.Add(tag.Key + "=" + tag.Value);
        }
        return string.Join(",", tags);
    }

    public void Dispose()
    {
        _tracing.Dispose();
        _metering.Dispose();
    }
}
