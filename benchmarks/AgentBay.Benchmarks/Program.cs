using System;
using System.Globalization;
using System.Linq;
using AgentBay.Benchmarks.Emulator;
using AgentBay.Benchmarks.Generator;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace AgentBay.Benchmarks;

/// <summary>
/// Entry point. Without a mode switch the arguments go to BenchmarkDotNet (e.g. <c>--filter '*' --job Dry</c>);
/// <c>--emulator [--seconds S] [--concurrency 1,10,50] [--compare-sandbox]</c> runs the emulator harness;
/// <c>--stages [--quick]</c> prints the generator's per-stage breakdown; <c>--loop cold|tool-edit [--spec N] [--seconds S] [--allocations]</c>
/// repeats one generator scenario for a profiler; <c>--analyzers [--seconds S]</c> times the AgentBay analyzers on the
/// 200-file consumer; <c>--client-profile [--iterations N]</c> breaks one typed call down; <c>--client-loop labels|shell
/// [--hand] [--seconds S]</c> repeats one in-memory call for a CPU profiler.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Contains("--emulator"))
        {
            var seconds = double.Parse(Option(args, "--seconds") ?? "10", CultureInfo.InvariantCulture);
            var concurrency = (Option(args, "--concurrency") ?? "1,10,50").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();
            return EmulatorHarness.RunAsync(TimeSpan.FromSeconds(seconds), concurrency, args.Contains("--compare-sandbox")).GetAwaiter().GetResult();
        }

        if (args.Contains("--context-transfer"))
        {
            return ContextTransferHarness.RunAsync(int.Parse(Option(args, "--megabytes") ?? "100", CultureInfo.InvariantCulture)).GetAwaiter().GetResult();
        }

        if (args.Contains("--loop"))
        {
            // A steady loop of one generator scenario, for a profiler to attach to (dotnet-trace collect -- ...).
            var seconds = double.Parse(Option(args, "--seconds") ?? "10", CultureInfo.InvariantCulture);
            return GeneratorLoop.Run(Option(args, "--loop") ?? "cold", Option(args, "--spec") ?? "1000", TimeSpan.FromSeconds(seconds), args.Contains("--allocations"));
        }

        if (args.Contains("--client-profile"))
        {
            return Client.ClientProfile.Run(int.Parse(Option(args, "--iterations") ?? "50000", CultureInfo.InvariantCulture));
        }

        if (args.Contains("--client-loop"))
        {
            return Client.ClientLoop.Run(Option(args, "--client-loop") ?? "shell", args.Contains("--hand"),
                TimeSpan.FromSeconds(double.Parse(Option(args, "--seconds") ?? "10", CultureInfo.InvariantCulture)));
        }

        if (args.Contains("--analyzers"))
        {
            return Analyzers.AnalyzerProfile.Run(TimeSpan.FromSeconds(double.Parse(Option(args, "--seconds") ?? "20", CultureInfo.InvariantCulture)));
        }

        if (args.Contains("--stages"))
        {
            return StageBreakdown.Run(quick: args.Contains("--quick"));
        }

        var config = DefaultConfig.Instance.WithOptions(ConfigOptions.JoinSummary | ConfigOptions.DisableLogFile);
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        // A benchmark whose setup assertion threw (e.g. a step that was not cached) must fail the run.
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
