using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentBay.Emulator;
using AgentBay.Reliability.Tests.Infrastructure;
using AgentBay.Runtime;
using Xunit;
using Xunit.Abstractions;

namespace AgentBay.Reliability.Tests;

/// <summary>
/// 50 clients, each with its own AgentBayClient, cycle through create, shell, file write and read, labels and delete
/// against one in-process emulator for AGENTBAY_SOAK_SECONDS (default 10; the full run is
/// <c>AGENTBAY_SOAK_SECONDS=60 dotnet test tests/AgentBay.Reliability.Tests --filter Soak</c>). No operation may fail,
/// and the resident memory after a full GC at the end is within 20% of the figure taken after a warm-up.
/// </summary>
public sealed class SoakTests(ITestOutputHelper output)
{
    private const int Clients = 50;
    private const string Key = "akm-soak-6f7a8b9c0d";

    private static int Seconds =>
        int.TryParse(Environment.GetEnvironmentVariable("AGENTBAY_SOAK_SECONDS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? seconds
            : 10;

    [Fact]
    public async Task Soak_fifty_concurrent_clients_without_errors_or_memory_growth()
    {
        var duration = TimeSpan.FromSeconds(Seconds);
        var warmUp = TimeSpan.FromSeconds(Math.Max(3, Seconds / 5.0));
        await using var emulator = await AgentBayEmulator.StartAsync(new EmulatorOptions
        {
            ApiKeys = [Key],
            DeleteDelay = TimeSpan.FromMilliseconds(20),
        });
        var clients = Enumerable.Range(0, Clients)
            .Select(_ => new AgentBayClient(new AgentBayOptions { ApiKey = Key, Endpoint = emulator.Endpoint, Timeout = TimeSpan.FromSeconds(30) }))
            .ToList();
        var errors = new ConcurrentQueue<string>();
        try
        {
            // Warm up by work done, not only by time: on a loaded machine a few seconds may be a few dozen operations,
            // and the baseline would then be taken before pools, JIT and the thread pool reach their steady size.
            var warm = 0;
            var warmClock = Stopwatch.StartNew();
            do
            {
                warm += await RunAsync(clients, warmUp, errors);
            }
            while (warm < Clients * 10 && warmClock.Elapsed < TimeSpan.FromSeconds(60));

            await Deadline.UntilAsync(() => emulator.SessionCount == 0, "warm-up sessions deleted", timeoutSeconds: 60);
            var start = ResidentBytesAfterFullGc();

            var clock = Stopwatch.StartNew();
            var operations = await RunAsync(clients, duration, errors);
            var elapsed = clock.Elapsed;
            await Deadline.UntilAsync(() => emulator.SessionCount == 0, "soak sessions deleted", timeoutSeconds: 60);
            var end = ResidentBytesAfterFullGc();

            var change = (end - start) / (double)start;
            output.WriteLine($"{Clients} clients, warm-up {warmClock.Elapsed.TotalSeconds:0} s ({warm} operations), soak {elapsed.TotalSeconds:0.0} s: "
                + $"{operations} operations, {operations / elapsed.TotalSeconds:0} ops/s, {errors.Count} errors (sandbox: {emulator.SandboxName})");
            output.WriteLine($"resident memory after full GC: start {start / 1048576.0:0.0} MiB, end {end / 1048576.0:0.0} MiB ({change:+0.0%;-0.0%})");
            foreach (var error in errors.Take(10))
            {
                output.WriteLine("error: " + error);
            }

            Assert.Empty(errors);
            // Throughput depends on the machine and its load; every client must have worked, the figure is printed above.
            Assert.True(operations >= Clients, $"only {operations} operations in {elapsed}");
            Assert.InRange(change, -0.20, 0.20);
            Assert.Equal(0, emulator.SessionCount);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    /// <summary>Every client cycles until <paramref name="duration"/> has passed; returns the operations done.</summary>
    private static async Task<int> RunAsync(IReadOnlyList<AgentBayClient> clients, TimeSpan duration, ConcurrentQueue<string> errors)
    {
        var operations = 0;
        using var stop = new CancellationTokenSource(duration);
        await Task.WhenAll(clients.Select((client, index) => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                Interlocked.Add(ref operations, await CycleAsync(client, index, errors));
            }
        })));
        return operations;
    }

    /// <summary>One session's life: 7 operations, each result checked.</summary>
    private static async Task<int> CycleAsync(AgentBayClient client, int index, ConcurrentQueue<string> errors)
    {
        void Expect(bool condition, string what)
        {
            if (!condition)
            {
                errors.Enqueue($"client {index}: {what}");
            }
        }

        var created = await client.CreateAsync(new CreateSessionParams { Labels = new Dictionary<string, string> { ["soak"] = index.ToString(CultureInfo.InvariantCulture) } });
        if (!created.Success)
        {
            Expect(false, "create: " + created.ErrorMessage);
            return 1;
        }

        var session = created.Session;
        var nonce = Guid.NewGuid().ToString("N");
        var shell = await session.Tools.ShellAsync("echo " + nonce);
        Expect(shell.Success && shell.Stdout == nonce + "\n", $"shell: {shell.ErrorMessage} {shell.Stdout}");
        var write = await session.Tools.WriteFileAsync("/home/user/soak.txt", nonce);
        Expect(write.Success, "write: " + write.ErrorMessage);
        var read = await session.Tools.ReadFileAsync("/home/user/soak.txt");
        Expect(read.Success && read.Data == nonce, $"read: {read.ErrorMessage} {read.Data}");
        var set = await session.SetLabelsAsync(new Dictionary<string, string> { ["soak"] = nonce });
        Expect(set.Success && set.Data, "set labels: " + set.ErrorMessage);
        var labels = await session.GetLabelsAsync();
        Expect(labels.Success && labels.Data?.GetValueOrDefault("soak") == nonce, "get labels: " + labels.ErrorMessage);
        var deleted = await session.DeleteAsync(pollInterval: TimeSpan.FromMilliseconds(25));
        Expect(deleted.Success, "delete: " + deleted.ErrorMessage);
        return 7;
    }

    private static long ResidentBytesAfterFullGc()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64;
    }
}
