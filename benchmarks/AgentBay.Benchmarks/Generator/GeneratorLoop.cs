using System;
using System.Diagnostics;
using Microsoft.CodeAnalysis;

namespace AgentBay.Benchmarks.Generator;

/// <summary><c>--loop</c>: runs one generator scenario back to back for a while, so a sampling profiler sees only it.</summary>
internal static class GeneratorLoop
{
    public static int Run(string scenario, string specName, TimeSpan duration, bool allocations)
    {
        using var sampler = allocations ? new AllocationSampler() : null;
        var compilation = GeneratorInputs.SmallCompilation();
        var (path, text) = GeneratorInputs.Spec(specName);
        var spec = new InMemoryAdditionalText(path, text);
        var edited = new InMemoryAdditionalText(path, specName == "standard" ? text.Replace("Creates a directory", "Makes a directory", StringComparison.Ordinal) : SyntheticSpecs.Create(int.Parse(specName, System.Globalization.CultureInfo.InvariantCulture), 1));
        var driver = GeneratorInputs.CreateDriver(spec).RunGenerators(compilation);
        var runs = 0;
        var clock = Stopwatch.StartNew();
        AdditionalText current = spec;
        while (clock.Elapsed < duration && runs < 100_000)
        {
            if (scenario == "tool-edit")
            {
                var next = ReferenceEquals(current, spec) ? (AdditionalText)edited : spec;
                driver = driver.ReplaceAdditionalText(current, next).RunGenerators(compilation);
                current = next;
            }
            else
            {
                GeneratorInputs.CreateDriver(spec).RunGenerators(compilation);
            }

            runs++;
        }

        Console.WriteLine($"{scenario} on spec {specName}: {runs} runs in {clock.Elapsed.TotalSeconds:F1} s, {clock.Elapsed.TotalMilliseconds / runs:F2} ms per run");
        sampler?.Print(runs);
        GC.KeepAlive(driver);
        return 0;
    }
}
