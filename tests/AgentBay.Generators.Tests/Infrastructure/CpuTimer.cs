using System;
using System.Diagnostics;
using AgentBay.Generators.Tests.Fuzz;

namespace AgentBay.Generators.Tests.Infrastructure;

/// <summary>
/// Measures the CPU time of the calling thread (10 ms resolution on Linux): what a piece of work costs, unaffected by
/// other processes loading the machine, unlike wall time. Where the OS does not report it, wall time stands in.
/// Used to guard against pathological growth (seconds where milliseconds are expected), never as a speed target;
/// speed is measured by the benchmarks.
/// </summary>
internal sealed class CpuTimer
{
    private readonly TimeSpan? _cpuStart = ThreadCpuTime.Now();
    private readonly Stopwatch _wall = Stopwatch.StartNew();

    public static CpuTimer StartNew() => new();

    /// <summary>CPU time of this thread since the start (wall time where it is not reported).</summary>
    public TimeSpan Elapsed => _cpuStart is { } start && ThreadCpuTime.Now() is { } now ? now - start : _wall.Elapsed;
}
