using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using AgentBay.Generators;
using AgentBay.Generators.Binding;
using AgentBay.Generators.Emit;
using AgentBay.Generators.Model;
using AgentBay.Generators.Spec.Syntax;
using AgentBay.Generators.Validation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AgentBay.Benchmarks.Generator;

/// <summary>
/// <c>--stages</c>: a stopwatch breakdown of one cold generator run per stage (read → bind → validate → lower →
/// declare → emit, and what the Roslyn driver adds: AddSource, parsing the generated files, caching), median of
/// repeated runs, with the bytes each stage allocates. Also the first run in a fresh process (JIT included).
/// </summary>
internal static class StageBreakdown
{
    public static int Run(bool quick)
    {
        // The very first run in this process: JIT and type loading included, as in a build where the compiler server
        // has just loaded the generator.
        var standard = GeneratorInputs.Spec("standard");
        var small = GeneratorInputs.SmallCompilation();
        small.GetTypeByMetadataName("System.Object"); // bind the references outside the measured run
        var first = Stopwatch.StartNew();
        GeneratorInputs.CreateDriver(new InMemoryAdditionalText(standard.Path, standard.Text)).RunGenerators(small);
        first.Stop();
        Console.WriteLine($"First cold run in a fresh process (JIT included), standard spec: {first.Elapsed.TotalMilliseconds:F1} ms");
        Console.WriteLine();

        var budget = TimeSpan.FromSeconds(quick ? 0.2 : 1.5);
        Console.WriteLine("Time, median of each stage run on its own (SpecCompiler.Compile = read + bind + validate + lower + declare, where declare reads and binds the spec again):");
        Console.WriteLine("| spec | files | read | bind | validate | lower | SpecCompiler.Compile | emit (all files) | cold driver run | allocated by the driver run |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var name in new[] { "standard", "10", "100", "1000" })
        {
            var (path, text) = GeneratorInputs.Spec(name);
            var row = Measure(path, text, small, budget);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {row.Files} | {Ms(row.Read)} | {Ms(row.Bind)} | {Ms(row.Validate)} | {Ms(row.Lower)} | {Ms(row.Compile)} | {Ms(row.Emit)} | **{Ms(row.Total)}** | {row.Allocated / 1024.0 / 1024.0:F2} MB |"));
        }

        Console.WriteLine();
        Console.WriteLine("Allocated per stage (MB; exact, allocation counts do not depend on load). declare = Compile - read - bind - validate - lower; Roslyn driver = driver run - Compile - emit:");
        Console.WriteLine("| spec | read | bind | validate | lower | declare | emit | Roslyn driver |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, row) in LastRows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {Mb(row.ReadBytes)} | {Mb(row.BindBytes)} | {Mb(row.ValidateBytes)} | {Mb(row.LowerBytes)} | {Mb(row.DeclareBytes)} | {Mb(row.EmitBytes)} | {Mb(row.DriverBytes)} |"));
        }

        Console.WriteLine();
        IncrementalBreakdown(budget);
        Console.WriteLine();
        Scaling(budget);
        return 0;
    }

    /// <summary>Microseconds per tool of each stage at growing tool counts: a flat row is linear growth.</summary>
    private static void Scaling(TimeSpan budget)
    {
        Console.WriteLine("Per tool (µs per tool; flat down a column = linear), medians; GCs per cold driver run (over 10 runs):");
        Console.WriteLine("| tools | read | bind | validate | lower | SpecCompiler.Compile | emit all | cold driver run | gen0/gen1/gen2 GCs per driver run |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var compilation = GeneratorInputs.SmallCompilation();
        foreach (var tools in new[] { 100, 250, 500, 1000, 2000 })
        {
            var path = $"/bench/synthetic{tools}.agentbay.yaml";
            var text = SyntheticSpecs.Create(tools);
            var spec = new InMemoryAdditionalText(path, text);
            GeneratorInputs.CreateDriver(spec).RunGenerators(compilation);
            var readResult = SpecReader.Read(text, path);
            var model = SpecBinder.Bind(readResult.Root!, new BindingContext(path))!;
            var compiled = SpecCompiler.Compile(path, text);
            var stages = LoopStages(path, text, spec, readResult.Root!, model, compiled, compilation, budget);
            const int gcRuns = 10;
            var before = new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) };
            for (var r = 0; r < gcRuns; r++)
            {
                GeneratorInputs.CreateDriver(spec).RunGenerators(compilation);
            }

            var gcs = new int[3];
            for (var g = 0; g < 3; g++)
            {
                gcs[g] = GC.CollectionCount(g) - before[g];
            }

            string PerTool(List<(double Ms, long Bytes)> samples) => (Median(samples) * 1000 / tools).ToString("F1", CultureInfo.InvariantCulture);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {tools} | {PerTool(stages.Read)} | {PerTool(stages.Bind)} | {PerTool(stages.Validate)} | {PerTool(stages.Lower)} | {PerTool(stages.Compile)} | {PerTool(stages.Emit)} | {PerTool(stages.Total)} | {gcs[0] / (double)gcRuns:F1}/{gcs[1] / (double)gcRuns:F1}/{gcs[2] / (double)gcRuns:F1} |"));
        }
    }

    private static readonly List<(string Name, StageRow Row)> LastRows = new();

    private static string Ms(double ms) => ms.ToString(ms < 10 ? "F2" : "F1", CultureInfo.InvariantCulture) + " ms";

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("F2", CultureInfo.InvariantCulture);

    private sealed class StageRow
    {
        public int Files;
        public double Read, Bind, Validate, Lower, Compile, Declare, Emit, Driver, Total;
        public long ReadBytes, BindBytes, ValidateBytes, LowerBytes, DeclareBytes, EmitBytes, DriverBytes, Allocated;
    }

    private static StageRow Measure(string path, string text, Compilation compilation, TimeSpan budget)
    {
        // Inputs of each stage, computed once; then every stage runs in its own loop (LoopStages).
        var spec = new InMemoryAdditionalText(path, text);
        var readResult = SpecReader.Read(text, path);
        var bindContext = new BindingContext(path);
        var model = SpecBinder.Bind(readResult.Root!, bindContext)!;
        SpecValidator.Validate(model, bindContext);
        if (bindContext.HasErrors)
        {
            throw new InvalidOperationException("The spec has errors: " + string.Join("; ", bindContext.Diagnostics.Select(d => d.Id + " " + string.Join(" | ", d.Arguments))));
        }

        var compiled = SpecCompiler.Compile(path, text);
        var (read, bind, validate, lower, compile, emit, total) = LoopStages(path, text, spec, readResult.Root!, model, compiled, compilation, budget);
        var row = new StageRow
        {
            Files = compiled.Units.Count,
            Read = Median(read), ReadBytes = MedianBytes(read),
            Bind = Median(bind), BindBytes = MedianBytes(bind),
            Validate = Median(validate), ValidateBytes = MedianBytes(validate),
            Lower = Median(lower), LowerBytes = MedianBytes(lower),
            Emit = Median(emit), EmitBytes = MedianBytes(emit),
            Total = Median(total), Allocated = MedianBytes(total),
            Compile = Median(compile),
        };

        // SpecCompiler.Compile = read + bind + validate + lower + declare; declare reads and binds the spec again.
        row.Declare = Math.Max(0, Median(compile) - row.Read - row.Bind - row.Validate - row.Lower);
        row.DeclareBytes = Math.Max(0, MedianBytes(compile) - row.ReadBytes - row.BindBytes - row.ValidateBytes - row.LowerBytes);
        row.Driver = Math.Max(0, row.Total - Median(compile) - row.Emit);
        row.DriverBytes = Math.Max(0, row.Allocated - MedianBytes(compile) - row.EmitBytes);
        LastRows.Add((System.IO.Path.GetFileName(path) == "session.agentbay.yaml" ? "standard" : row.Files.ToString(CultureInfo.InvariantCulture) + " files", row));
        return row;
    }

    private sealed record StageSamples(
        List<(double Ms, long Bytes)> Read,
        List<(double Ms, long Bytes)> Bind,
        List<(double Ms, long Bytes)> Validate,
        List<(double Ms, long Bytes)> Lower,
        List<(double Ms, long Bytes)> Compile,
        List<(double Ms, long Bytes)> Emit,
        List<(double Ms, long Bytes)> Total);

    /// <summary>
    /// Every stage in its own <see cref="Loop{T}"/> (warm-up, then timed runs), in pipeline order, on inputs computed
    /// once by the caller, so one stage's garbage is not collected on another stage's clock.
    /// </summary>
    private static StageSamples LoopStages(string path, string text, AdditionalText spec, SpecNode root, SpecModel model, SpecCompilation compiled, Compilation compilation, TimeSpan budget)
    {
        var read = Loop(budget, () => SpecReader.Read(text, path));
        var bind = Loop(budget, () => SpecBinder.Bind(root, new BindingContext(path)));
        var validate = Loop(budget, () => { SpecValidator.Validate(model, new BindingContext(path)); return 0; });
        var lower = Loop(budget, () => SpecLowering.Lower(model));
        var compile = Loop(budget, () => SpecCompiler.Compile(path, text));
        var emit = Loop(budget, () => compiled.Units.Select(Emitter.Emit).ToList());
        var total = Loop(budget, () => GeneratorInputs.CreateDriver(spec).RunGenerators(compilation));
        return new StageSamples(read, bind, validate, lower, compile, emit, total);
    }

    /// <summary>Warm-up (at least 3 runs and 0.3 s), then timed runs for <paramref name="budget"/> (5 to 300 runs).</summary>
    private static List<(double Ms, long Bytes)> Loop<T>(TimeSpan budget, Func<T> action)
    {
        var warm = Stopwatch.StartNew();
        for (var i = 0; i < 3 || warm.Elapsed < TimeSpan.FromMilliseconds(300); i++)
        {
            GC.KeepAlive(action());
        }

        GC.Collect();
        var samples = new List<(double, long)>();
        var clock = Stopwatch.StartNew();
        while (samples.Count < 5 || (clock.Elapsed < budget && samples.Count < 300))
        {
            samples.Add(Time(action).Cost);
        }

        return samples;
    }

    /// <summary>
    /// Where the time of "one tool changed in the 1000-tool spec" goes: the whole-spec compile step re-runs, one file
    /// is re-emitted, and the collected output makes the driver add (and compare) every generated file again.
    /// </summary>
    private static void IncrementalBreakdown(TimeSpan budget)
    {
        var compilation = GeneratorInputs.SmallCompilation();
        var specs = new AdditionalText[]
        {
            new InMemoryAdditionalText("/bench/synthetic1000.agentbay.yaml", SyntheticSpecs.Create(1000)),
            new InMemoryAdditionalText("/bench/synthetic1000.agentbay.yaml", SyntheticSpecs.Create(1000, 500)),
        };
        var driver = GeneratorInputs.CreateDriver(specs[0]).RunGenerators(compilation);
        var rerun = new List<(double, long)>();
        var compile = new List<(double, long)>();
        var turn = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 5 || (clock.Elapsed < budget && i < 500); i++)
        {
            var current = specs[turn];
            turn ^= 1;
            var next = specs[turn];
            var (d, cost) = Time(() => driver.ReplaceAdditionalText(current, next).RunGenerators(compilation));
            driver = d;
            rerun.Add(cost);
            var nextText = next.GetText()!.ToString();
            compile.Add(Time(() => SpecCompiler.Compile(next.Path, nextText)).Item2);
        }

        var tracked = GeneratorInputs.CreateDriver(specs[0], track: true).RunGenerators(compilation);
        tracked = tracked.ReplaceAdditionalText(specs[0], specs[1]).RunGenerators(compilation);
        Console.WriteLine("One tool changed in the 1000-tool spec:");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| re-run total | of which SpecCompiler.Compile (whole spec) | rest (1 emit, equality checks, driver adding every file again) | tracked step outputs |"));
        Console.WriteLine("|---:|---:|---:|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {Ms(Median(rerun))} | {Ms(Median(compile))} | {Ms(Math.Max(0, Median(rerun) - Median(compile)))} | {GeneratorChecks.Summary(tracked)} |"));
    }

    private static (T Value, (double Ms, long Bytes) Cost) Time<T>(Func<T> action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        var value = action();
        watch.Stop();
        return (value, (watch.Elapsed.TotalMilliseconds, GC.GetAllocatedBytesForCurrentThread() - before));
    }

    private static double Median(List<(double Ms, long Bytes)> samples)
    {
        var sorted = samples.Select(s => s.Ms).OrderBy(x => x).ToList();
        return sorted[sorted.Count / 2];
    }

    private static long MedianBytes(List<(double Ms, long Bytes)> samples)
    {
        var sorted = samples.Select(s => s.Bytes).OrderBy(x => x).ToList();
        return sorted[sorted.Count / 2];
    }
}
