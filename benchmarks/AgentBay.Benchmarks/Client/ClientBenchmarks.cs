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
/// Both codes send through the same handler. The hand-written code sends through an HttpClient without a timeout (the
/// cheapest HttpClient: it creates no cancellation source per request). "typed" is the generated client as it sends by
/// default, through an HttpMessageInvoker over its handler; "typed, caller's HttpClient" sends through the hand-written
/// code's HttpClient instead (what IHttpClientFactory gives it), which adds HttpClient's per-request work.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
public class ClientBenchmarks
{
    private LoopbackStubServer? _server;
    private HttpMessageHandler _labelsHandler = null!;
    private HttpMessageHandler _shellHandler = null!;
    private HttpClient _labelsHttp = null!;
    private HttpClient _shellHttp = null!;
    private HandWrittenClient _handLabels = null!;
    private HandWrittenClient _handShell = null!;
    private Session _typedLabels = null!;
    private Session _typedShell = null!;
    private Session _overHttpClientLabels = null!;
    private Session _overHttpClientShell = null!;
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
            _labelsHandler = _shellHandler = new SocketsHttpHandler { AllowAutoRedirect = false };
        }
        else
        {
            endpoint = "http://agentbay.invalid";
            _labelsHandler = new InMemoryService(CannedReplies.Labels);
            _shellHandler = new InMemoryService(CannedReplies.Shell);
        }

        _labelsHttp = new HttpClient(_labelsHandler, disposeHandler: false) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _shellHttp = new HttpClient(_shellHandler, disposeHandler: false) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _handLabels = new HandWrittenClient(_labelsHttp, endpoint, CannedReplies.ApiKey);
        _handShell = new HandWrittenClient(_shellHttp, endpoint, CannedReplies.ApiKey);
        var options = new AgentBayOptions { ApiKey = CannedReplies.ApiKey, Endpoint = endpoint };
        // What the client does when it owns its connections: an invoker straight over the handler.
        var labels = new AgentBayClient(options, new HttpMessageInvoker(_labelsHandler, disposeHandler: false));
        var shell = new AgentBayClient(options, new HttpMessageInvoker(_shellHandler, disposeHandler: false));
        var overHttpClientLabels = new AgentBayClient(options, _labelsHttp);
        var overHttpClientShell = new AgentBayClient(options, _shellHttp);
        _clients = new[] { labels, shell, overHttpClientLabels, overHttpClientShell };
        _typedLabels = new Session(labels.Transport, CannedReplies.SessionId);
        _typedShell = new Session(shell.Transport, CannedReplies.SessionId);
        _overHttpClientLabels = new Session(overHttpClientLabels.Transport, CannedReplies.SessionId);
        _overHttpClientShell = new Session(overHttpClientShell.Transport, CannedReplies.SessionId);
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
        _shellHttp.Dispose();
        _labelsHandler.Dispose();
        if (!ReferenceEquals(_labelsHandler, _shellHandler))
        {
            _shellHandler.Dispose();
        }

        _server?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [BenchmarkCategory("GetLabels async"), Benchmark(Baseline = true, Description = "hand-written")]
    public Task<HandWrittenLabels> GetLabelsAsync_HandWritten() => _handLabels.GetLabelsAsync(CannedReplies.SessionId);

    [BenchmarkCategory("GetLabels async"), Benchmark(Description = "typed")]
    public Task<OperationResult<System.Collections.Generic.IReadOnlyDictionary<string, string>>> GetLabelsAsync_Typed() => _typedLabels.GetLabelsAsync();

    [BenchmarkCategory("GetLabels async"), Benchmark(Description = "typed, caller's HttpClient")]
    public Task<OperationResult<System.Collections.Generic.IReadOnlyDictionary<string, string>>> GetLabelsAsync_TypedOverHttpClient() => _overHttpClientLabels.GetLabelsAsync();

    [BenchmarkCategory("GetLabels sync"), Benchmark(Baseline = true, Description = "hand-written")]
    public HandWrittenLabels GetLabels_HandWritten() => _handLabels.GetLabels(CannedReplies.SessionId);

    [BenchmarkCategory("GetLabels sync"), Benchmark(Description = "typed")]
    public OperationResult<System.Collections.Generic.IReadOnlyDictionary<string, string>> GetLabels_Typed() => _typedLabels.GetLabels();

    [BenchmarkCategory("GetLabels sync"), Benchmark(Description = "typed, caller's HttpClient")]
    public OperationResult<System.Collections.Generic.IReadOnlyDictionary<string, string>> GetLabels_TypedOverHttpClient() => _overHttpClientLabels.GetLabels();

    [BenchmarkCategory("Shell async"), Benchmark(Baseline = true, Description = "hand-written")]
    public Task<HandWrittenShell> ShellAsync_HandWritten() => _handShell.ShellAsync(CannedReplies.SessionId, "echo hi");

    [BenchmarkCategory("Shell async"), Benchmark(Description = "typed")]
    public Task<ShellResult> ShellAsync_Typed() => _typedShell.Tools.ShellAsync("echo hi");

    [BenchmarkCategory("Shell async"), Benchmark(Description = "typed, caller's HttpClient")]
    public Task<ShellResult> ShellAsync_TypedOverHttpClient() => _overHttpClientShell.Tools.ShellAsync("echo hi");

    [BenchmarkCategory("Shell sync"), Benchmark(Baseline = true, Description = "hand-written")]
    public HandWrittenShell Shell_HandWritten() => _handShell.Shell(CannedReplies.SessionId, "echo hi");

    [BenchmarkCategory("Shell sync"), Benchmark(Description = "typed")]
    public ShellResult Shell_Typed() => _typedShell.Tools.Shell("echo hi");

    [BenchmarkCategory("Shell sync"), Benchmark(Description = "typed, caller's HttpClient")]
    public ShellResult Shell_TypedOverHttpClient() => _overHttpClientShell.Tools.Shell("echo hi");

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
