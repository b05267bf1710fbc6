using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using AgentBay.Runtime;

namespace AgentBay.Benchmarks.Client;

/// <summary>
/// <c>--client-profile</c>: where the time and allocations of one in-memory sync call go, layer by layer, through the
/// runtime's public API (each piece in a steady loop after a warm-up; bytes from GC.GetAllocatedBytesForCurrentThread),
/// next to the hand-written code doing the same call. For GetLabels and the shell tool.
/// </summary>
internal static class ClientProfile
{
    public static int Run(int iterations)
    {
        var rows = new List<(string Piece, double Ns, double Bytes)>();
        // As in ClientBenchmarks: the hand-written code over an HttpClient without a timeout, the typed client over an
        // invoker straight over the handler (what it sends through by default).
        using (var labelsHttp = new HttpClient(new InMemoryService(CannedReplies.Labels)) { Timeout = Timeout.InfiniteTimeSpan })
        using (var shellHttp = new HttpClient(new InMemoryService(CannedReplies.Shell)) { Timeout = Timeout.InfiniteTimeSpan })
        using (var labelsInvoker = new HttpMessageInvoker(new InMemoryService(CannedReplies.Labels)))
        using (var shellInvoker = new HttpMessageInvoker(new InMemoryService(CannedReplies.Shell)))
        {
            var handLabels = new HandWrittenClient(labelsHttp, "http://agentbay.invalid", CannedReplies.ApiKey);
            var handShell = new HandWrittenClient(shellHttp, "http://agentbay.invalid", CannedReplies.ApiKey);
            using var labelsClient = new AgentBayClient(new AgentBayOptions { ApiKey = CannedReplies.ApiKey, Endpoint = "http://agentbay.invalid" }, labelsInvoker);
            using var shellClient = new AgentBayClient(new AgentBayOptions { ApiKey = CannedReplies.ApiKey, Endpoint = "http://agentbay.invalid" }, shellInvoker);
            using var plainClient = new AgentBayClient(new AgentBayOptions
            {
                ApiKey = CannedReplies.ApiKey,
                Endpoint = "http://agentbay.invalid",
                Retry = new AgentBayRetryOptions { Enabled = false },
            }, labelsInvoker);
            var labels = new Session(labelsClient.Transport, CannedReplies.SessionId);
            var plain = new Session(plainClient.Transport, CannedReplies.SessionId);
            var shell = new Session(shellClient.Transport, CannedReplies.SessionId);
            var labelsRequest = LabelsRequest();
            var shellRequest = ShellRequest();

            rows.Add(Measure("GetLabels, hand-written: whole call", iterations, () => handLabels.GetLabels(CannedReplies.SessionId)));
            rows.Add(Measure("GetLabels, typed: whole call", iterations, () => labels.GetLabels()));
            rows.Add(Measure("GetLabels, typed, retries off: whole call", iterations, () => plain.GetLabels()));
            rows.Add(Measure("GetLabels, typed: build the request", iterations, LabelsRequest));
            rows.Add(Measure("GetLabels, typed: send + parse the envelope (request built)", iterations, () =>
            {
                using var response = labelsClient.Transport.SendAsync(labelsRequest, false, default).EnsureCompleted();
                return response.RequestId;
            }));
            rows.Add(Measure("shell, hand-written: whole call", iterations, () => handShell.Shell(CannedReplies.SessionId, "echo hi")));
            rows.Add(Measure("shell, typed: whole call", iterations, () => shell.Tools.Shell("echo hi")));
            rows.Add(Measure("shell, typed: build the request (arguments written as JSON)", iterations, ShellRequest));
            rows.Add(Measure("shell, typed: send + parse the envelope (request built)", iterations, () =>
            {
                using var response = shellClient.Transport.SendAsync(shellRequest, false, default).EnsureCompleted();
                return response.RequestId;
            }));
            rows.Add(Measure("shell, typed: send + tool result (text parsed as JSON)", iterations, () =>
            {
                using var outcome = AgentBayOperation.CallToolAsync(shellClient.Transport, shellRequest, true, false, default).EnsureCompleted();
                return outcome.Success;
            }));
            rows.Add(Measure("shell, typed: send + tool result + ShellResult.FromOutcome (request built)", iterations, () =>
            {
                using var outcome = AgentBayOperation.CallToolAsync(shellClient.Transport, shellRequest, true, false, default).EnsureCompleted();
                return ShellResult.FromOutcome(outcome);
            }));
        }

        Console.WriteLine($"Client profile: sync calls over the in-memory handler, {iterations} iterations per row, {Environment.ProcessorCount} cores");
        Console.WriteLine();
        Console.WriteLine("| piece | time per op | allocated per op |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var (piece, ns, bytes) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {piece} | {ns / 1000:F2} µs | {bytes:F0} B |"));
        }

        return 0;
    }

    // The requests the generated client builds for the two calls.
    private static AgentBayRequest LabelsRequest()
    {
        var request = new AgentBayRequest("GetLabel", 1);
        request.Add("SessionId", CannedReplies.SessionId);
        return request;
    }

    private static AgentBayRequest ShellRequest()
    {
        var request = new AgentBayRequest("CallMcpTool", 5);
        request.Add("SessionId", CannedReplies.SessionId);
        request.Add("Name", "shell");
        request.AddJson("Args", ("echo hi", 50000), static (writer, arguments) =>
        {
            writer.WriteStartObject();
            writer.WriteString("command", arguments.Item1);
            writer.WriteNumber("timeout_ms", arguments.Item2);
            writer.WriteEndObject();
        });
        request.Add("Server", "wuying_shell");
        request.Add("AutoGenSession", (bool?)false);
        return request;
    }

    private static (string, double, double) Measure<T>(string name, int iterations, Func<T> action)
    {
        // Long enough for tiered compilation to reach its optimized code (the first ~100 ms run tier-0 code).
        var warm = Stopwatch.StartNew();
        for (var i = 0; i < iterations || warm.ElapsedMilliseconds < 1000; i++)
        {
            action();
        }

        GC.Collect();

        var times = new List<double>();
        long bytes = 0;
        for (var round = 0; round < 5; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < iterations / 5; i++)
            {
                action();
            }

            watch.Stop();
            bytes += GC.GetAllocatedBytesForCurrentThread() - before;
            times.Add(watch.Elapsed.TotalMilliseconds * 1_000_000 / (iterations / 5));
        }

        times.Sort();
        return (name, times[times.Count / 2], bytes / (double)(iterations / 5 * 5));
    }
}
