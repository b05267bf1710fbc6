using System;
using System.Collections.Generic;
using System.Linq;
using AgentBay.Generators;
using AgentBay.Generators.Emit;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AgentBay.Benchmarks.Generator;

/// <summary>
/// A cold generator run: a new CSharpGeneratorDriver over one spec, run once (what a command-line build does for a
/// project whose generator is already loaded in the compiler server). Tool counts 10, 100, 1000 show the growth.
/// </summary>
[MemoryDiagnoser]
public class GeneratorColdBenchmarks
{
    private AdditionalText _spec = null!;
    private Compilation _compilation = null!;

    [Params("standard", "10", "100", "1000")]
    public string Spec { get; set; } = "standard";

    [GlobalSetup]
    public void Setup()
    {
        var (path, text) = GeneratorInputs.Spec(Spec);
        _spec = new InMemoryAdditionalText(path, text);
        _compilation = GeneratorInputs.SmallCompilation();
        GeneratorChecks.AssertCleanRun(_spec, _compilation, Spec);
    }

    [Benchmark(Description = "cold run")]
    public GeneratorDriver ColdRun() => GeneratorInputs.CreateDriver(_spec).RunGenerators(_compilation);
}

/// <summary>
/// Re-runs of a driver that has already run: an unrelated C# edit in a 200-file project (the IDE's keystroke), and
/// one tool's doc changed in the 1000-tool spec. Setup asserts from the tracked steps that the C# edit leaves every
/// generator step cached and that the tool edit re-emits exactly one file.
/// </summary>
[MemoryDiagnoser]
public class GeneratorIncrementalBenchmarks
{
    public const int ConsumerFiles = 200;
    public const int EditedFile = 100;
    public const int SpecTools = 1000;
    public const int ChangedTool = 500;

    private GeneratorDriver _driver = null!;
    private Compilation[] _compilations = null!;
    private AdditionalText[] _specs = null!;
    private Compilation _compilation = null!;
    private int _turn;

    [GlobalSetup(Target = nameof(UnrelatedCSharpEdit))]
    public void SetupCSharpEdit()
    {
        var spec = new InMemoryAdditionalText(GeneratorInputs.StandardSpecPath, GeneratorInputs.StandardSpec);
        _compilations = GeneratorChecks.EditedCompilations(ConsumerFiles, EditedFile);
        GeneratorChecks.AssertCSharpEditIsCached(spec, _compilations);
        _driver = GeneratorInputs.CreateDriver(spec).RunGenerators(_compilations[0]);
        _turn = 0;
    }

    /// <summary>One keystroke: the driver runs on the compilation with one method body of one of 200 files changed.</summary>
    [Benchmark(Description = "unrelated C# edit, 200 files")]
    public GeneratorDriver UnrelatedCSharpEdit()
    {
        _turn ^= 1;
        return _driver = _driver.RunGenerators(_compilations[_turn]);
    }

    [GlobalSetup(Target = nameof(OneToolChanged))]
    public void SetupToolEdit()
    {
        _compilation = GeneratorInputs.SmallCompilation();
        _specs = new AdditionalText[]
        {
            new InMemoryAdditionalText("/bench/synthetic1000.agentbay.yaml", SyntheticSpecs.Create(SpecTools)),
            new InMemoryAdditionalText("/bench/synthetic1000.agentbay.yaml", SyntheticSpecs.Create(SpecTools, ChangedTool)),
        };
        GeneratorChecks.AssertOneToolReEmitted(_specs, _compilation);
        _driver = GeneratorInputs.CreateDriver(_specs[0]).RunGenerators(_compilation);
        _turn = 0;
    }

    /// <summary>The 1000-tool spec with one tool's doc edited (alternating between the two versions).</summary>
    [Benchmark(Description = "one tool changed, 1000-tool spec")]
    public GeneratorDriver OneToolChanged()
    {
        var current = _specs[_turn];
        _turn ^= 1;
        return _driver = _driver.ReplaceAdditionalText(current, _specs[_turn]).RunGenerators(_compilation);
    }
}

/// <summary>Assertions the benchmarks run in their setup, so a figure never comes from a broken or uncached run.</summary>
internal static class GeneratorChecks
{
    public static readonly string[] AllSteps =
    {
        TrackingNames.SpecFiles, TrackingNames.Compile, TrackingNames.Diagnostics, TrackingNames.Declarations, TrackingNames.DuplicateTypes,
        TrackingNames.Units, TrackingNames.Unit, TrackingNames.Emit, TrackingNames.GeneratedFiles,
    };

    public static void AssertCleanRun(AdditionalText spec, Compilation compilation, string name)
    {
        var run = GeneratorInputs.CreateDriver(spec).RunGenerators(compilation).GetRunResult();
        if (!run.Diagnostics.IsEmpty)
        {
            throw new InvalidOperationException($"Spec '{name}' gave diagnostics: " + string.Join("\n", run.Diagnostics));
        }

        var tools = name == "standard" ? 10 : int.Parse(name, System.Globalization.CultureInfo.InvariantCulture);
        if (run.GeneratedTrees.Length < tools)
        {
            throw new InvalidOperationException($"Spec '{name}' generated {run.GeneratedTrees.Length} files for {tools} tools.");
        }
    }

    /// <summary>Two versions of a <paramref name="files"/>-file compilation that differ in one method body of one file.</summary>
    public static Compilation[] EditedCompilations(int files, int editedFile)
    {
        var first = GeneratorInputs.LargeCompilation(files);
        var old = first.SyntaxTrees.Single(t => t.FilePath == $"Feature{editedFile:D3}.cs");
        var edited = CSharpSyntaxTree.ParseText(GeneratorInputs.ConsumerSource(editedFile, 1), GeneratorInputs.ParseOptions, path: old.FilePath);
        return new Compilation[] { first, first.ReplaceSyntaxTree(old, edited) };
    }

    public static void AssertCSharpEditIsCached(AdditionalText spec, Compilation[] compilations)
    {
        var driver = GeneratorInputs.CreateDriver(spec, track: true).RunGenerators(compilations[0]);
        driver = driver.RunGenerators(compilations[1]);
        var outputs = Outputs(driver).ToList();
        var notCached = outputs.Where(o => o.Reason != IncrementalStepRunReason.Cached).ToList();
        if (outputs.Count == 0 || notCached.Count > 0)
        {
            throw new InvalidOperationException("An unrelated C# edit re-ran generator steps: "
                + string.Join(", ", notCached.Select(o => o.Step + "=" + o.Reason)));
        }
    }

    public static void AssertOneToolReEmitted(AdditionalText[] specs, Compilation compilation)
    {
        var driver = GeneratorInputs.CreateDriver(specs[0], track: true).RunGenerators(compilation);
        driver = driver.ReplaceAdditionalText(specs[0], specs[1]).RunGenerators(compilation);
        var emits = Outputs(driver).Where(o => o.Step == TrackingNames.Emit).ToList();
        var reEmitted = emits.Where(o => o.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))
            .Select(o => ((GeneratedFile)o.Value).HintName).ToList();
        if (reEmitted.Count != 1 || emits.Count < GeneratorIncrementalBenchmarks.SpecTools)
        {
            throw new InvalidOperationException($"Changing one tool re-emitted {reEmitted.Count} of {emits.Count} files: " + string.Join(", ", reEmitted.Take(5)));
        }
    }

    /// <summary>Every tracked output of the last run: (step, reason, value).</summary>
    public static IEnumerable<(string Step, IncrementalStepRunReason Reason, object Value)> Outputs(GeneratorDriver driver)
    {
        var result = driver.GetRunResult().Results.Single();
        foreach (var step in AllSteps)
        {
            if (result.TrackedSteps.TryGetValue(step, out var steps))
            {
                foreach (var run in steps)
                {
                    foreach (var output in run.Outputs)
                    {
                        yield return (step, output.Reason, output.Value);
                    }
                }
            }
        }
    }

    /// <summary>How many tracked outputs of the last run had each reason, e.g. "Cached=42".</summary>
    public static string Summary(GeneratorDriver driver) => string.Join(", ",
        Outputs(driver).GroupBy(o => o.Reason).OrderBy(g => g.Key).Select(g => $"{g.Key}={g.Count()}"));
}
