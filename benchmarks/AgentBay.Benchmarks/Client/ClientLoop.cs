using System;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
using AgentBay.Runtime;

namespace AgentBay.Benchmarks.Client;

/// <summary>
/// <c>--client-loop labels|shell [--hand] [--seconds S]</c>: one in-memory sync call (typed, or hand-written with
/// <c>--hand</c>) in a steady loop, for a CPU profiler to attach to:
/// <c>dotnet-trace collect --profile dotnet-sampled-thread-time -o client.nettrace -- bench --client-loop shell --seconds 20</c>.
/// </summary>
internal static class ClientLoop
{
    public static int Run(string call, bool handWritten, TimeSpan duration)
    {

        bool shell = call == "shell";
        using var http = new HttpClient(new InMemoryService(shell ? CannedReplies.Shell : CannedReplies.Labels)) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        var hand = new HandWrittenClient(http, "http://agentbay.invalid", CannedReplies.ApiKey);
        // As in ClientBenchmarks: the typed client sends through an invoker over the handler, as it does by default.
        using var client = new AgentBayClient(new AgentBayOptions { ApiKey = CannedReplies.ApiKey, Endpoint = "http://agentbay.invalid" },
            new HttpMessageInvoker(new InMemoryService(shell ? CannedReplies.Shell : CannedReplies.Labels)));
        var session = new Session(client.Transport, CannedReplies.SessionId);
        Action once = (shell, handWritten) switch
        {
            (true, true) => () => hand.Shell(CannedReplies.SessionId, "echo hi"),
            (true, false) => () => session.Tools.Shell("echo hi"),
            (false, true) => () => hand.GetLabels(CannedReplies.SessionId),
            (false, false) => () => session.GetLabels(),
        };

        var clock = Stopwatch.StartNew();
        long calls = 0;
        while (clock.Elapsed < duration)
        {
            for (int i = 0; i < 1000; i++)
            {
                once();
            }
            calls += 1000;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(handWritten ? "hand-written" : "typed")} {call}: {calls} calls in {clock.Elapsed.TotalSeconds:F1} s = {clock.Elapsed.TotalMilliseconds * 1000 / calls:F2} µs per call"));
        return 0;
    }
}
