using System;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net.Http;
using System.Threading.Tasks;
using AgentBay.Runtime;
using BenchmarkDotNet.Attributes;

namespace AgentBay.Benchmarks.Client;

/// <summary>
/// What telemetry costs a typed tool call (the shell tool over the in-memory service, pure CPU): nobody listening (the
/// baseline: the path every user who wires no OpenTelemetry takes), a listener on the <c>AgentBay</c> meter only, and
/// listeners on both the meter and the activity source (every activity sampled and recorded, as an exporter does).
/// The listeners are the System.Diagnostics ones an OpenTelemetry SDK installs; their callbacks do nothing, so the
/// figures are the runtime's own cost, not an exporter's. Each benchmark installs its listeners in its own setup and
/// removes them in its cleanup, so in-process runs (CI's Dry job) do not leak them into the next benchmark.
/// </summary>
[MemoryDiagnoser]
public class TelemetryBenchmarks
{
    private HttpMessageHandler _handler = null!;
    private AgentBayClient _client = null!;
    private Session _session = null!;
    private MeterListener? _meters;
    private ActivityListener? _activities;

    private void CreateClient()
    {
        _handler = new InMemoryService(CannedReplies.Shell);
        var options = new AgentBayOptions { ApiKey = CannedReplies.ApiKey, Endpoint = "http://agentbay.invalid" };
        _client = new AgentBayClient(options, new HttpMessageInvoker(_handler, disposeHandler: false));
        _session = new Session(_client.Transport, CannedReplies.SessionId);
    }

    [GlobalSetup(Target = nameof(Shell_NobodyListens))]
    public void SetupNobodyListens() => CreateClient();

    [GlobalSetup(Target = nameof(Shell_MetricsListened))]
    public void SetupMetrics()
    {
        CreateClient();
        _meters = ListenToMeters();
        Verify(expectActivity: false);
    }

    [GlobalSetup(Target = nameof(Shell_TracesAndMetricsListened))]
    public void SetupTracesAndMetrics()
    {
        CreateClient();
        _meters = ListenToMeters();
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == AgentBayTelemetry.SourceName,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_activities);
        Verify(expectActivity: true);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _activities?.Dispose();
        _activities = null;
        _meters?.Dispose();
        _meters = null;
        _client.Dispose();
        _handler.Dispose();
    }

    [Benchmark(Baseline = true, Description = "shell, nobody listens")]
    public Task<ShellResult> Shell_NobodyListens() => _session.Tools.ShellAsync("echo hi");

    [Benchmark(Description = "shell, meter listened")]
    public Task<ShellResult> Shell_MetricsListened() => _session.Tools.ShellAsync("echo hi");

    [Benchmark(Description = "shell, meter and activities listened")]
    public Task<ShellResult> Shell_TracesAndMetricsListened() => _session.Tools.ShellAsync("echo hi");

    /// <summary>A started listener on every instrument of the AgentBay meter; <paramref name="measured"/> sees each measurement.</summary>
    private static MeterListener ListenToMeters(Action? measured = null)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == AgentBayTelemetry.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>(measured is null ? static (_, _, _, _) => { } : (_, _, _, _) => measured());
        listener.SetMeasurementEventCallback<long>(measured is null ? static (_, _, _, _) => { } : (_, _, _, _) => measured());
        listener.Start();
        return listener;
    }

    /// <summary>Proves the listened benchmarks really record: one call must produce measurements (and an activity).</summary>
    private void Verify(bool expectActivity)
    {
        int measurements = 0;
        Activity? seen = null;
        using var counting = ListenToMeters(() => measurements++);
        using var watching = new ActivityListener
        {
            ShouldListenTo = source => expectActivity && source.Name == AgentBayTelemetry.SourceName,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => seen = activity,
        };
        ActivitySource.AddActivityListener(watching);
        ShellResult result = _session.Tools.ShellAsync("echo hi").GetAwaiter().GetResult();
        if (!result.Success || measurements < 2 || (expectActivity && seen?.GetTagItem(AgentBayTelemetry.ToolTag) is not "shell"))
        {
            throw new InvalidOperationException(
                $"the telemetry benchmark does not measure what it says: success {result.Success}, {measurements} measurements, activity {seen?.DisplayName ?? "none"}");
        }
    }
}
