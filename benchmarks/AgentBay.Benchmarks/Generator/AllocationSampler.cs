using System;
using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Linq;
using System.Threading;

namespace AgentBay.Benchmarks.Generator;

/// <summary>
/// An in-process allocation profile: the runtime's GCAllocationTick events (one per ~100 KB allocated, with the type
/// of the object that crossed the threshold, and whether it went to the large object heap) and the GC counts by
/// generation and reason. Large-object allocations are what trigger gen2 collections in a generator run.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<(string Type, bool Large), long> _bytes = new();
    private readonly ConcurrentDictionary<(int Generation, int Reason), int> _collections = new();
    private int _enabled;

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
            Interlocked.Exchange(ref _enabled, 1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName is null || e.Payload is null || e.PayloadNames is null)
        {
            return;
        }

        if (e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal))
        {
            var kind = Convert.ToInt32(Get(e, "AllocationKind") ?? 0, CultureInfo.InvariantCulture);
            var type = Get(e, "TypeName") as string ?? "?";
            var amount = Convert.ToInt64(Get(e, "AllocationAmount64") ?? Get(e, "AllocationAmount") ?? 0L, CultureInfo.InvariantCulture);
            _bytes.AddOrUpdate((type, kind == 1), amount, (_, total) => total + amount);
        }
        else if (e.EventName.StartsWith("GCStart", StringComparison.Ordinal))
        {
            var generation = Convert.ToInt32(Get(e, "Depth") ?? 0, CultureInfo.InvariantCulture);
            var reason = Convert.ToInt32(Get(e, "Reason") ?? 0, CultureInfo.InvariantCulture);
            _collections.AddOrUpdate((generation, reason), 1, (_, count) => count + 1);
        }
    }

    public void Print(int runs)
    {
        Console.WriteLine($"Allocation profile over {runs} runs (GCAllocationTick samples, ~100 KB each; LOH = large object heap):");
        Console.WriteLine("| type | heap | sampled MB per run |");
        Console.WriteLine("|---|---|---:|");
        foreach (var ((type, large), bytes) in _bytes.OrderByDescending(p => p.Value).Take(15))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {type} | {(large ? "LOH" : "SOH")} | {bytes / 1024.0 / 1024.0 / runs:F2} |"));
        }

        // GC reasons: 0 = small object heap budget, 4 = large object heap budget, 1 = induced.
        Console.WriteLine();
        Console.WriteLine("| GC generation | reason (0 SOH budget, 4 LOH budget, 1 induced) | per run |");
        Console.WriteLine("|---:|---|---:|");
        foreach (var ((generation, reason), count) in _collections.OrderBy(p => p.Key))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {generation} | {reason} | {count / (double)runs:F2} |"));
        }
    }

    private static object? Get(EventWrittenEventArgs e, string name)
    {
        var index = e.PayloadNames!.IndexOf(name);
        return index >= 0 ? e.Payload![index] : null;
    }
}
