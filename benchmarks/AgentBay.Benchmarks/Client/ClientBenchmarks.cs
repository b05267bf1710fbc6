using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading.Tasks;
using AgentBay.Runtime;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace AgentBay.Benchmarks.Client;

/// <summary>
/// One typed call of the generated client (GetLabels; the shell tool) against the hand-written HttpClient code doing
/// the same request, sync and async, over an in-memory handler (pure CPU) and a Kestrel stub on 127.0.0.1. The
/// hand-written code is the baseline of each category, so BenchmarkDotNet prints the ratios of one run.
/// "typed, no retry" is the same client with <see cref="AgentBayRetryOptions.Enabled"/> false: it isolates what the
/// retry pipeline (on by default) costs on a call that succeeds.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
public class ClientBenchmarks
{
    private LoopbackStubServer? _server;
    private HttpClient _labelsHttp = null!;
    private HttpClient _shellHttp = null!;
    private HandWrittenClient _handLabels = null!;
    private HandWrittenClient _handShell = null!;
    private Session _typedLabels = null!;
    private Session _typedShell = null!;
    private Session _plainLabels = null!;
    private Session _plainShell = null!;
    private AgentBayClient[] _clients = Array.Empty<AgentBayClient>();

    /// <summary>
    /// Both transports by default; <c>AGENTBAY_CLIENT_TRANSPORTS=in-memory</c> (or <c>loopback</c>) runs one of them, e.g.
    /// for a quick pure-CPU comparison.
    /// </summary>
    public static IEnumerable<string> Transports
        => Environment.GetEnvironmentVariable("AGENTBAY_CLIENT_TRANSPORTS")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
           ?? ["in-memory", "loopback"];

    [ParamsSource(nameof(Transports))]
    public string Transport { get; set; } = "in-memory";

    [GlobalSetup]
    public void Setup()
    {
        string endpoint;
        if (Transport == "loopback")
        {
            _server = LoopbackStubServer.StartAsync().GetAwaiter().GetResult();
            endpoint = _server.Endpoint;
            // One connection pool shared by both codes: same keep-alive connection, same handler.
            _labelsHttp = _shellHttp = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        }
        else
        {
            endpoint = "http://agentbay.invalid";
            _labelsHttp = new HttpClient(new InMemoryService(CannedReplies.Labels));
            _shellHttp = new HttpClient(new InMemoryService(CannedReplies.Shell));
        }

        _handLabels = new HandWrittenClient(_labelsHttp, endpoint, CannedReplies.ApiKey);
        _handShell = new HandWrittenClient(_shellHttp, endpoint, CannedReplies.ApiKey);
        var labels = new AgentBayClient(new AgentBayOptions { ApiKey = CannedReplies.ApiKey, Endpoint = endpoint }, _labelsHttp);
        var shell = new AgentBayClient(new AgentBayOptions { ApiKey = CannedReplies.ApiKey, Endpoint = endpoint }, _shellHttp);
        var noRetry = new AgentBayRetryOptions { Enabled = false };
        var plainLabels = new AgentBayClient(new AgentBayOptions { ApiKey = CannedReplies.ApiKey, Endpoint = endpoint, Retry = noRetry }, _labelsHttp);
        var plainShell = new AgentBayClient(new AgentBayOptions { ApiKey = CannedReplies.ApiKey, Endpoint = endpoint, Retry = noRetry }, _shellHttp);
        _clients = new[] { labels, shell, plainLabels, plainShell };
        _typedLabels = new Session(labels.Transport, CannedReplies.SessionId);
        _typedShell = new Session(shell.Transport, CannedReplies.SessionId);
        _plainLabels = new Session(plainLabels.Transport, CannedReplies.SessionId);
        _plainShell = new Session(plainShell.Transport, CannedReplies.SessionId);
        Verify();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        // The sessions are views over the stub's canned session: disposing them would send DeleteSessionAsync.
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        _labelsHttp.Dispose();
        if (!ReferenceEquals(_labelsHttp, _shellHttp))
        {
            _shellHttp.Dispose();
        }

        _server?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [BenchmarkCategory("GetLabels async"), Benchmark(Baseline = true, Description = "hand-written")]
    public Task<HandWrittenLabels> GetLabelsAsync_HandWritten() => _handLabels.GetLabelsAsync(CannedReplies.SessionId);

    [BenchmarkCategory("GetLabels async"), Benchmark(Description = "typed")]
    public Task<OperationResult<System.Collections.Generic.IReadOnlyDictionary<string, string>>> GetLabelsAsync_Typed() => _typedLabels.GetLabelsAsync();

    [BenchmarkCategory("GetLabels async"), Benchmark(Description = "typed, no retry")]
    public Task<OperationResult<System.Collections.Generic.IReadOnlyDictionary<string, string>>> GetLabelsAsync_TypedNoRetry() => _plainLabels.GetLabelsAsync();

    [BenchmarkCategory("GetLabels sync"), Benchmark(Baseline = true, Description = "hand-written")]
    public HandWrittenLabels GetLabels_HandWritten() => _handLabels.GetLabels(CannedReplies.SessionId);

    [BenchmarkCategory("GetLabels sync"), Benchmark(Description = "typed")]
    public OperationResult<System.Collections.Generic.IReadOnlyDictionary<string, string>> GetLabels_Typed() => _typedLabels.GetLabels();

    [BenchmarkCategory("GetLabels sync"), Benchmark(Description = "typed, no retry")]
    public OperationResult<System.Collections.Generic.IReadOnlyDictionary<string, string>> GetLabels_TypedNoRetry() => _plainLabels.GetLabels();

    [BenchmarkCategory("Shell async"), Benchmark(Baseline = true, Description = "hand-written")]
    public Task<HandWrittenShell> ShellAsync_HandWritten() => _handShell.ShellAsync(CannedReplies.SessionId, "echo hi");

    [BenchmarkCategory("Shell async"), Benchmark(Description = "typed")]
    public Task<ShellResult> ShellAsync_Typed() => _typedShell.Tools.ShellAsync("echo hi");

    [BenchmarkCategory("Shell async"), Benchmark(Description = "typed, no retry")]
    public Task<ShellResult> ShellAsync_TypedNoRetry() => _plainShell.Tools.ShellAsync("echo hi");

    [BenchmarkCategory("Shell sync"), Benchmark(Baseline = true, Description = "hand-written")]
    public HandWrittenShell Shell_HandWritten() => _handShell.Shell(CannedReplies.SessionId, "echo hi");

    [BenchmarkCategory("Shell sync"), Benchmark(Description = "typed")]
    public ShellResult Shell_Typed() => _typedShell.Tools.Shell("echo hi");

    [BenchmarkCategory("Shell sync"), Benchmark(Description = "typed, no retry")]
    public ShellResult Shell_TypedNoRetry() => _plainShell.Tools.Shell("echo hi");

    /// <summary>Both codes must read the same values, or the comparison means nothing.</summary>
    private void Verify()
    {
        var hand = _handLabels.GetLabels(CannedReplies.SessionId);
        var typed = _typedLabels.GetLabelsAsync().GetAwaiter().GetResult();
        Check(hand.Success && typed.Success && hand.Data.Count == 3 && typed.Data?.Count == 3 && typed.Data["stage"] == "demo" && hand.RequestId == typed.RequestId, "GetLabels");
        var handShell = _handShell.ShellAsync(CannedReplies.SessionId, "echo hi").GetAwaiter().GetResult();
        var typedShell = _typedShell.Tools.Shell("echo hi");
        Check(handShell.Success && typedShell.Success && handShell.Stdout == "hi\n" && typedShell.Stdout == "hi\n" && typedShell.ExitCode == 0 && handShell.ExitCode == 0, "shell");
    }

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"The typed and hand-written {what} calls do not read the same reply.");
        }
    }
}
