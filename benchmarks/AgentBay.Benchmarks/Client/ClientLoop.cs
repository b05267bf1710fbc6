using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
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
        if (call == "split")
        {
            return Split(duration);
        }

        bool shell = call == "shell";
        using var http = new HttpClient(new InMemoryService(shell ? CannedReplies.Shell : CannedReplies.Labels));
        var hand = new HandWrittenClient(http, "http://agentbay.invalid", CannedReplies.ApiKey);
        var options = new AgentBayOptions { ApiKey = CannedReplies.ApiKey, Endpoint = "http://agentbay.invalid" };
        if (Environment.GetEnvironmentVariable("AGENTBAY_LOOP_NO_TIMEOUT") == "1")
        {
            options.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
        }
        using var client = new AgentBayClient(options, http);
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

    /// <summary>The typed shell call's layers, each timed alone in a steady loop (ns per call; for proportions).</summary>
    private static int Split(TimeSpan duration)
    {
        using var http = new HttpClient(new InMemoryService(CannedReplies.Shell));
        var hand = new HandWrittenClient(http, "http://agentbay.invalid", CannedReplies.ApiKey);
        using var client = new AgentBayClient(new AgentBayOptions { ApiKey = CannedReplies.ApiKey, Endpoint = "http://agentbay.invalid" }, http);
        var session = new Session(client.Transport, CannedReplies.SessionId);
        AgentBayRequest Request()
        {
            var request = new AgentBayRequest("CallMcpTool");
            request.Add("SessionId", CannedReplies.SessionId);
            request.Add("Name", "shell");
            request.AddJson("Args", ("echo hi", 50000), static (writer, a) =>
            {
                writer.WriteStartObject();
                writer.WriteString("command", a.Item1);
                writer.WriteNumber("timeout_ms", a.Item2);
                writer.WriteEndObject();
            });
            request.Add("Server", "wuying_shell");
            request.Add("AutoGenSession", (bool?)false);
            return request;
        }
        var prebuilt = Request();
        var pieces = new (string Name, Action Once)[]
        {
            ("hand-written shell, whole call", () => hand.Shell(CannedReplies.SessionId, "echo hi")),
            ("typed shell, whole call", () => session.Tools.Shell("echo hi")),
            ("typed: AgentBayOperation.CallToolAsync (request built)", () => AgentBayOperation.CallToolAsync(client.Transport, prebuilt, true, false, default).EnsureCompleted().Dispose()),
            ("typed: transport.SendAsync (request built)", () => client.Transport.SendAsync(prebuilt, false, default).EnsureCompleted().Dispose()),
            ("typed: build the request (Add x4, AddJson)", () => Request()),
            ("HttpClient.Send of a prepared message, hand-written style", () =>
            {
                using var message = new HttpRequestMessage(HttpMethod.Post, "http://agentbay.invalid/?Action=CallMcpTool") { Content = new ByteArrayContent(new byte[200]) };
                using var response = http.Send(message, HttpCompletionOption.ResponseContentRead, default);
            }),
        };
        // Twice over, so that warm-up and ordering effects show as a difference between the rounds.
        foreach (var (name, once) in pieces.Concat(pieces))
        {
            for (int i = 0; i < 20000; i++)
            {
                once();
            }
            var clock = Stopwatch.StartNew();
            long calls = 0;
            while (clock.Elapsed < duration / pieces.Length)
            {
                for (int i = 0; i < 1000; i++)
                {
                    once();
                }
                calls += 1000;
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalMilliseconds * 1_000_000 / calls,8:F0} ns  {name}"));
        }
        return 0;
    }
}
