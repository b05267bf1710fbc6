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
/// <c>--client-profile</c>: where the typed client's time and allocations go on one in-memory sync GetLabels call,
/// measured piece by piece through the runtime's public API (each piece in a steady loop, bytes from
/// GC.GetAllocatedBytesForCurrentThread), next to the hand-written code's equivalent pieces.
/// </summary>
internal static class ClientProfile
{
    public static int Run(int iterations)
    {
        using var http = new HttpClient(new InMemoryService(CannedReplies.Labels));
        var hand = new HandWrittenClient(http, "http://agentbay.invalid", CannedReplies.ApiKey);
        using var typedClient = new AgentBayClient(new AgentBayOptions { ApiKey = CannedReplies.ApiKey, Endpoint = "http://agentbay.invalid" }, http);
        using var plainClient = new AgentBayClient(new AgentBayOptions { ApiKey = CannedReplies.ApiKey, Endpoint = "http://agentbay.invalid", Retry = new AgentBayRetryOptions { Enabled = false } }, http);
        var typed = new Session(typedClient.Transport, CannedReplies.SessionId);
        var plain = new Session(plainClient.Transport, CannedReplies.SessionId);
        var body = CannedReplies.Labels;

        var rows = new List<(string Piece, double Ns, double Bytes)>
        {
            Measure("whole call: hand-written GetLabels (sync, in-memory)", iterations, () => hand.GetLabels(CannedReplies.SessionId)),
            Measure("whole call: typed GetLabels (sync, in-memory)", iterations, () => typed.GetLabels()),
            Measure("whole call: typed GetLabels, retries off", iterations, () => plain.GetLabels()),
            Measure("typed piece: AgentBayRequest (2 SortedDictionary) + FormParameters/QueryParameters snapshots", iterations, () =>
            {
                var request = new AgentBayRequest("GetLabel");
                request.Add("SessionId", CannedReplies.SessionId);
                return (request.FormParameters, request.QueryParameters);
            }),
            Measure("typed piece: per-request timeout CTS (TimeProvider timer) + linked CTS", iterations, () =>
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60), TimeProvider.System);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(CancellationToken.None, timeout.Token);
                return linked.Token.CanBeCanceled;
            }),
            Measure("typed piece: ReadAsByteArrayAsync copy of the body (transport)", iterations, () =>
            {
                using var content = new ByteArrayContent(body);
                return content.ReadAsByteArrayAsync().GetAwaiter().GetResult().Length;
            }),
            Measure("hand piece: ReadAsStream of the body", iterations, () =>
            {
                using var content = new ByteArrayContent(body);
                using var stream = content.ReadAsStream();
                return stream.Length;
            }),
            Measure("typed piece: JsonDocument.Parse + Clone (transport) + Clone again (AgentBayResponse ctor)", iterations, () =>
            {
                JsonElement root;
                using (var document = JsonDocument.Parse(body))
                {
                    root = document.RootElement.Clone();
                }

                return new AgentBayResponse(200, root).RequestId;
            }),
            Measure("typed piece: the same with one Clone (AgentBayResponse taking ownership)", iterations, () =>
            {
                using var document = JsonDocument.Parse(body);
                var root = document.RootElement.Clone();
                return root.GetProperty("RequestId").GetString();
            }),
            Measure("hand piece: JsonDocument.Parse, read, dispose (no clone)", iterations, () =>
            {
                using var document = JsonDocument.Parse(new MemoryStream(body, writable: false));
                return document.RootElement.GetProperty("RequestId").GetString();
            }),
            Measure("typed piece: Data.Labels map (embedded JSON parsed + cloned) via WireReader", iterations, () =>
            {
                using var document = JsonDocument.Parse(body);
                return WireReader.ReadMap(WireReader.Select(document.RootElement, "Data.Labels"), static e => WireReader.ReadString(e) ?? "")!.Count;
            }),
            Measure("typed piece: FormUrlEncodedContent of the same fields (what the hand-written code uses)", iterations, () =>
                new FormUrlEncodedContent(new[] { KeyValuePair.Create("Authorization", "Bearer " + CannedReplies.ApiKey), KeyValuePair.Create("SessionId", CannedReplies.SessionId) }).Headers.ContentLength),
        };

        Console.WriteLine($"Client profile: sync GetLabels over the in-memory handler, {iterations} iterations per row, {Environment.ProcessorCount} cores");
        Console.WriteLine();
        Console.WriteLine("| piece | time per op | allocated per op |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var (piece, ns, bytes) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {piece} | {ns / 1000:F2} µs | {bytes:F0} B |"));
        }

        return 0;
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
