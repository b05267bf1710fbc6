using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentBay.Emulator;
using AgentBay.Runtime;

namespace AgentBay.Benchmarks.Emulator;

/// <summary>
/// <c>--emulator</c>: throughput and latency percentiles of the in-process emulator over real loopback HTTP with the
/// generated client (BenchmarkDotNet measures means of one operation, not percentiles under concurrency).
/// Every loop is bounded in time (the budget) and in count.
/// </summary>
internal static class EmulatorHarness
{
    private const int MaxOperationsPerScenario = 200_000;

    public static async Task<int> RunAsync(TimeSpan budget, int[] concurrencies, bool compareSandbox)
    {
        var rows = new List<Row>();
        // The machine's best mode gets every scenario; with --compare-sandbox every other mode that works here gets the
        // shell scenarios too, so the cost of each isolation is read side by side in one run.
        var best = new[] { SandboxMode.Bubblewrap, SandboxMode.Namespaces, SandboxMode.None }.First(m => AgentBayEmulator.ProbeSandbox(m).IsAvailable);
        var sandboxes = compareSandbox
            ? new[] { SandboxMode.Bubblewrap, SandboxMode.Namespaces, SandboxMode.None }.Where(m => AgentBayEmulator.ProbeSandbox(m).IsAvailable).OrderBy(m => m != best).ToArray()
            : [best];
        foreach (var sandbox in sandboxes)
        {
            await using var emulator = await AgentBayEmulator.StartAsync(new EmulatorOptions
            {
                ApiKeys = new[] { "akm-bench-emulator-0123456789" },
                Sandbox = sandbox switch
                {
                    SandboxMode.Bubblewrap => SandboxPreference.Bubblewrap,
                    SandboxMode.Namespaces => SandboxPreference.Namespaces,
                    _ => SandboxPreference.None,
                },
                // Lifecycle delays are simulated waits, not work: zero them so the figures are the emulator's own cost.
                DeleteDelay = TimeSpan.Zero,
                PauseDelay = TimeSpan.Zero,
                ResumeDelay = TimeSpan.Zero,
                MaxSessions = 10_000,
            }).ConfigureAwait(false);
            var mode = emulator.SandboxName;
            using var client = new AgentBayClient(new AgentBayOptions { ApiKey = emulator.ApiKey, Endpoint = emulator.Endpoint });

            // Warm up the JIT, the connection pool and the process launcher outside the measured windows.
            await RunSessionCyclesAsync(client, 1, TimeSpan.FromMilliseconds(300), 20).ConfigureAwait(false);
            await RunToolCallsAsync(client, 2, TimeSpan.FromMilliseconds(300), 20, ShellTool).ConfigureAwait(false);

            if (sandbox == best)
            {
                foreach (var c in new[] { 1, 10 })
                {
                    rows.Add(await RunSessionCyclesAsync(client, c, budget, MaxOperationsPerScenario).ConfigureAwait(false) with { Mode = mode });
                }
            }

            foreach (var c in concurrencies)
            {
                rows.Add(await RunToolCallsAsync(client, c, budget, MaxOperationsPerScenario, ShellTool).ConfigureAwait(false) with { Mode = mode });
            }

            if (sandbox == best)
            {
                // A tool that starts no process: what HTTP, routing and the client cost without the fork/exec.
                rows.Add(await RunToolCallsAsync(client, 10, budget, MaxOperationsPerScenario, FileInfoTool).ConfigureAwait(false) with { Mode = mode });
            }
        }

        Console.WriteLine($"Emulator, {budget.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s per scenario, {Environment.ProcessorCount} cores, modes measured: {string.Join(", ", sandboxes.Select(SandboxModes.Name))}");
        Console.WriteLine();
        Console.WriteLine("| scenario | sandbox | concurrency | operations | per second | p50 | p99 | max | failures |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Scenario} | {row.Mode} | {row.Concurrency} | {row.Count} | {row.PerSecond:F1} | {row.P50:F2} ms | {row.P99:F2} ms | {row.Max:F2} ms | {row.Failures} |"));
        }

        return rows.Any(r => r.Count == 0 || r.Failures > 0) ? 1 : 0;
    }

    private sealed record Row(string Scenario, string Mode, int Concurrency, int Count, double PerSecond, double P50, double P99, double Max, int Failures);

    private static readonly (string, Func<Session, Task<bool>>) ShellTool = ("shell call (echo hi)", Shell);
    private static readonly (string, Func<Session, Task<bool>>) FileInfoTool = ("get_file_info call (no process)", FileInfo);

    private static async Task<bool> Shell(Session session)
    {
        var result = await session.Tools.ShellAsync("echo hi", timeoutMs: 10_000).ConfigureAwait(false);
        return result.Success && result.Stdout == "hi\n";
    }

    private static async Task<bool> FileInfo(Session session)
    {
        var result = await session.Tools.GetFileInfoAsync("/tmp").ConfigureAwait(false);
        return result.Success;
    }

    /// <summary>Create a session, delete it (DeleteSessionAsync, then GetSessionDetail until FINISH), repeat; one cycle is one operation.</summary>
    private static Task<Row> RunSessionCyclesAsync(AgentBayClient client, int concurrency, TimeSpan budget, int maxOperations) =>
        RunWorkersAsync("session create + delete", concurrency, budget, maxOperations, async _ =>
        {
            var created = await client.CreateAsync(new CreateSessionParams { ImageId = "linux_latest" }).ConfigureAwait(false);
            var ok = created.Success;
            if (ok)
            {
                var deleted = await created.Session.DeleteAsync(pollInterval: TimeSpan.FromMilliseconds(5)).ConfigureAwait(false);
                ok = deleted.Success;
            }

            return ok;
        });

    /// <summary><paramref name="concurrency"/> sessions, one worker each, calling a tool back to back.</summary>
    private static async Task<Row> RunToolCallsAsync(AgentBayClient client, int concurrency, TimeSpan budget, int maxOperations, (string Name, Func<Session, Task<bool>> Call) tool)
    {
        var sessions = new List<Session>();
        for (var i = 0; i < concurrency; i++)
        {
            var created = await client.CreateAsync(new CreateSessionParams { ImageId = "linux_latest" }).ConfigureAwait(false);
            sessions.Add(created.Success ? created.Session : throw new InvalidOperationException("Could not create a session: " + created.ErrorMessage));
        }

        try
        {
            return await RunWorkersAsync(tool.Name, concurrency, budget, maxOperations, w => tool.Call(sessions[w])).ConfigureAwait(false);
        }
        finally
        {
            foreach (var session in sessions)
            {
                await session.DeleteAsync(pollInterval: TimeSpan.FromMilliseconds(5)).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// <paramref name="concurrency"/> workers running <paramref name="operation"/> (given the worker's index) back to
    /// back until the budget is spent or <paramref name="maxOperations"/> have started; each operation is one sample,
    /// a false result a failure.
    /// </summary>
    private static async Task<Row> RunWorkersAsync(string scenario, int concurrency, TimeSpan budget, int maxOperations, Func<int, Task<bool>> operation)
    {
        var samples = new List<double>[concurrency];
        var failures = 0;
        var started = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var mine = samples[w] = new List<double>();
            while (clock.Elapsed < budget && Interlocked.Increment(ref started) <= maxOperations)
            {
                var begin = Stopwatch.GetTimestamp();
                var ok = await operation(w).ConfigureAwait(false);
                mine.Add(Stopwatch.GetElapsedTime(begin).TotalMilliseconds);
                if (!ok)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        return Summarize(scenario, concurrency, samples, clock.Elapsed, failures);
    }

    private static Row Summarize(string scenario, int concurrency, List<double>[] samples, TimeSpan elapsed, int failures)
    {
        var all = samples.Where(s => s is not null).SelectMany(s => s).OrderBy(x => x).ToArray();
        if (all.Length == 0)
        {
            return new Row(scenario, "", concurrency, 0, 0, 0, 0, 0, failures);
        }

        return new Row(scenario, "", concurrency, all.Length, all.Length / elapsed.TotalSeconds, Percentile(all, 0.50), Percentile(all, 0.99), all[^1], failures);
    }

    private static double Percentile(double[] sorted, double p)
    {
        var index = (int)Math.Ceiling(p * sorted.Length) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Length - 1)];
    }
}
