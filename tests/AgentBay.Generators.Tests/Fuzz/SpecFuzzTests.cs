using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using AgentBay.Generators.Diagnostics;
using AgentBay.Generators.Emit;
using AgentBay.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Xunit.Abstractions;

namespace AgentBay.Generators.Tests.Fuzz;

/// <summary>
/// Whole-generator fuzzing: thousands of mutated standard specs (see <see cref="SpecMutator"/>) go through the real
/// pipeline. No exception may escape, no spec may cause an internal failure (AGB1000), every rejected spec must carry a
/// located AGB1xxx diagnostic, every accepted spec's code must compile, and no spec may take more than a second.
/// <para>
/// Every case runs through <see cref="SpecCompiler"/> + <see cref="Emitter"/> (what the generator's steps call); every
/// <see cref="DriverEvery"/>th case also runs through <see cref="CSharpGeneratorDriver"/>, and the distinct outputs of the
/// accepted cases are compiled against AgentBay.Runtime (up to <see cref="CompileBudget"/> of them).
/// </para>
/// <para>
/// The default of 10,000 cases runs in well under a minute on two cores in Debug. For a longer run:
/// <c>AGENTBAY_FUZZ_COUNT=200000 dotnet test tests/AgentBay.Generators.Tests --filter "FullyQualifiedName~Fuzz"</c>;
/// <c>AGENTBAY_FUZZ_SEED</c> picks another seed and <c>AGENTBAY_FUZZ_COMPILE</c> raises the compile budget. A failure
/// names the seed and the case index: <see cref="SpecMutator.Create"/>(seed, index) rebuilds that spec alone, and
/// <c>AGENTBAY_FUZZ_DUMP=dir</c> writes the failing specs there.
/// </para>
/// </summary>
[Collection("Fuzz")]
public class SpecFuzzTests
{
    private const int DefaultCount = 10_000;
    private const int DefaultSeed = 20251124;
    private const int DriverEvery = 20;
    private const int DefaultCompileBudget = 100;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(1);

    private static int CompileBudget => EnvInt("AGENTBAY_FUZZ_COMPILE", DefaultCompileBudget);

    private readonly ITestOutputHelper _output;

    public SpecFuzzTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Mutated_specs_never_break_the_generator()
    {
        var count = EnvInt("AGENTBAY_FUZZ_COUNT", DefaultCount);
        var seed = EnvInt("AGENTBAY_FUZZ_SEED", DefaultSeed);
        _output.WriteLine($"seed {seed}, {count} cases (AGENTBAY_FUZZ_SEED / AGENTBAY_FUZZ_COUNT)");

        var mutator = new SpecMutator(
            File.ReadAllText(GeneratorHarness.StandardSpecPath),
            File.ReadAllText(GeneratorHarness.StandardSpecJsonPath),
            GeneratorHarness.StandardSpecPath,
            GeneratorHarness.StandardSpecJsonPath);

        // Warm up the JIT on both formats so the first case's time is the spec's, not the runtime's.
        foreach (var path in new[] { GeneratorHarness.StandardSpecPath, GeneratorHarness.StandardSpecJsonPath })
        {
            var warm = Generate(path, File.ReadAllText(path));
            Assert.True(warm.Files.Count > 0, "the standard spec must be accepted: " + string.Join("; ", warm.Diagnostics.Select(d => d.FormatMessage())));
            GeneratorHarness.Run(path, File.ReadAllText(path));
        }

        var total = Stopwatch.StartNew();

        // AGENTBAY_FUZZ_CASES=153,374 runs only those cases (and, with AGENTBAY_FUZZ_DUMP, writes them and their output).
        var only = (Environment.GetEnvironmentVariable("AGENTBAY_FUZZ_CASES") ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList();
        var indices = only.Count > 0 ? only : Enumerable.Range(0, count).ToList();

        // Two workers (the machine has two cores); each case is timed on its own thread, and the outcomes are tallied in
        // case order afterwards, so the figures do not depend on scheduling.
        var outcomes = new CaseOutcome[indices.Count];
        var accepted = new ConcurrentDictionary<string, (MutatedSpec Spec, IReadOnlyList<GeneratedFile> Files, string Code)>(StringComparer.Ordinal);
        Parallel.For(0, indices.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            var spec = mutator.Create(seed, indices[i]);
            outcomes[i] = RunCase(spec, accepted, dump: only.Count > 0);
        });

        var failures = new List<string>();
        var kinds = new SortedDictionary<string, (int Accepted, int Rejected)>(StringComparer.Ordinal);
        var diagnosticIds = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int tried = 0, rejected = 0, acceptedCount = 0, driverRuns = 0;
        var slowest = outcomes.MaxBy(o => o.Elapsed)!;
        var slowestDriver = outcomes.Max(o => o.DriverElapsed);
        foreach (var outcome in outcomes)
        {
            tried++;
            driverRuns += outcome.DriverElapsed > TimeSpan.Zero ? 1 : 0;
            if (outcome.Accepted)
            {
                acceptedCount++;
            }
            else
            {
                rejected++;
            }

            var kind = outcome.Kind.Split('+')[0].Split(':')[1];
            kinds.TryGetValue(kind, out var tally);
            kinds[kind] = outcome.Accepted ? (tally.Accepted + 1, tally.Rejected) : (tally.Accepted, tally.Rejected + 1);
            foreach (var id in outcome.DiagnosticIds)
            {
                diagnosticIds[id] = diagnosticIds.GetValueOrDefault(id) + 1;
            }

            if (outcome.Problems.Count > 0)
            {
                failures.Add($"seed {seed} case #{outcome.Index} [{outcome.Kind}]: {string.Join(" | ", outcome.Problems)}");
            }
        }

        var generation = total.Elapsed;
        // Outputs whose code (not just documentation) differs come first: one per distinct code, then the rest.
        var byIndex = accepted.Values.OrderBy(a => a.Spec.Index).ToList();
        var firstPerCode = byIndex.GroupBy(a => a.Code, StringComparer.Ordinal).Select(g => g.First()).ToList();
        var toCompile = firstPerCode.Concat(byIndex.Except(firstPerCode)).Take(CompileBudget).ToList();
        var (compiled, compileFailures, warnings) = CompileAccepted(toCompile.Select(a => (a.Spec, a.Files)).ToList());
        // Every accepted spec must give code that compiles (docs with U+0085/U+2028/U+2029 included: CodeWriter escapes them).
        failures.AddRange(compileFailures.Select(failure => $"seed {seed} {failure}"));

        _output.WriteLine($"tried {tried}, rejected {rejected}, accepted {acceptedCount} ({accepted.Count} distinct outputs, {firstPerCode.Count} with distinct code), "
            + $"compiled {compiled} distinct outputs ({warnings} warnings), driver runs {driverRuns}");
        var slowestWall = outcomes.MaxBy(o => o.Wall)!;
        _output.WriteLine($"max time per spec (compile + emit, thread CPU) {slowest.Elapsed.TotalMilliseconds:F0} ms: #{slowest.Index} {slowest.Kind} ({slowest.Length:N0} chars); "
            + $"max wall {slowestWall.Wall.TotalMilliseconds:F0} ms: #{slowestWall.Index} {slowestWall.Kind}; max driver run (wall) {slowestDriver.TotalMilliseconds:F0} ms; "
            + $"mean wall {outcomes.Average(o => o.Wall.TotalMilliseconds):F2} ms");
        _output.WriteLine($"generation {generation.TotalSeconds:F1} s, total with compilation {total.Elapsed.TotalSeconds:F1} s");
        _output.WriteLine("by first mutation (accepted/rejected): " + string.Join(", ", kinds.Select(k => $"{k.Key} {k.Value.Accepted}/{k.Value.Rejected}")));
        _output.WriteLine("specs per diagnostic: " + string.Join(", ", diagnosticIds.Select(d => $"{d.Key} {d.Value}")));
        foreach (var failure in failures.Take(20))
        {
            _output.WriteLine("FAIL " + failure);
        }

        Assert.True(failures.Count == 0, $"{failures.Count} failing cases (seed {seed}):\n" + string.Join("\n", failures.Take(10)));
        Assert.True(only.Count > 0 || (acceptedCount > count / 50 && rejected > count / 2), $"mutations should give both outcomes: {acceptedCount} accepted, {rejected} rejected");
        Assert.True(compiled >= Math.Min(accepted.Count, CompileBudget), $"only {compiled} outputs compiled");
    }

    private sealed record CaseOutcome(int Index, string Kind, int Length, bool Accepted, TimeSpan Elapsed, TimeSpan Wall, TimeSpan DriverElapsed, IReadOnlyList<string> DiagnosticIds, IReadOnlyList<string> Problems);

    private static CaseOutcome RunCase(MutatedSpec spec, ConcurrentDictionary<string, (MutatedSpec Spec, IReadOnlyList<GeneratedFile> Files, string Code)> accepted, bool dump)
    {
        var (elapsed, result, exception, wall) = Timed(spec);
        if (elapsed > Limit)
        {
            // A slow outlier on a shared machine is usually GC or another build: a slow input is slow every time.
            elapsed = new[] { elapsed, Timed(spec).Elapsed, Timed(spec).Elapsed }.Min();
        }

        var problems = new List<string>();
        if (elapsed > Limit)
        {
            problems.Add($"took {elapsed.TotalMilliseconds:F0} ms");
        }

        if (exception is not null)
        {
            problems.Add("exception escaped: " + exception);
        }
        else
        {
            Check(spec, result!, problems);
            if (result!.Files.Count > 0)
            {
                var fingerprint = Fingerprint(result.Files, withDocs: true);
                accepted.AddOrUpdate(fingerprint, _ => (spec, result.Files, Fingerprint(result.Files, withDocs: false)),
                    (_, existing) => existing.Spec.Index <= spec.Index ? existing : (spec, result.Files, existing.Code));
            }
        }

        var driverElapsed = TimeSpan.Zero;
        if (spec.Index % DriverEvery == 0)
        {
            var watch = Stopwatch.StartNew();
            CheckDriver(spec, result, problems);
            driverElapsed = watch.Elapsed;
        }

        if (dump && result is not null)
        {
            Dump(spec);
            DumpOutput(spec, result.Files);
        }

        if (problems.Count > 0)
        {
            Dump(spec);
        }

        return new CaseOutcome(spec.Index, spec.Kind, spec.Text.Length, result?.Files.Count > 0, elapsed, wall, driverElapsed,
            result?.Diagnostics.Select(d => d.Id).Distinct().ToList() ?? new List<string>(), problems);
    }

    internal sealed record Generated(IReadOnlyList<DiagnosticInfo> Diagnostics, IReadOnlyList<GeneratedFile> Files);

    /// <summary>What the generator's pipeline steps do for one file: compile the spec, emit every unit.</summary>
    internal static Generated Generate(string path, string text)
    {
        var compilation = SpecCompiler.Compile(path, text);
        var files = compilation.Units.Select(Emitter.Emit).ToList();
        return new Generated(compilation.Diagnostics.ToList(), files);
    }

    /// <summary>Runs one spec; Elapsed is the thread's CPU time where the OS reports it (see <see cref="ThreadCpuTime"/>), else wall time.</summary>
    private static (TimeSpan Elapsed, Generated? Result, Exception? Exception, TimeSpan Wall) Timed(MutatedSpec spec)
    {
        var cpu = ThreadCpuTime.Now();
        var watch = Stopwatch.StartNew();
        Generated? result = null;
        Exception? failure = null;
        try
        {
            result = Generate(spec.Path, spec.Text);
        }
        catch (Exception exception)
        {
            failure = exception;
        }

        var wall = watch.Elapsed;
        var elapsed = cpu is { } start && ThreadCpuTime.Now() is { } end ? end - start : wall;
        return (elapsed, result, failure, wall);
    }

    private static void Check(MutatedSpec spec, Generated result, List<string> problems)
    {
        var lineCount = LineCount(spec.Text);
        foreach (var diagnostic in result.Diagnostics)
        {
            if (diagnostic.Id == SpecDiagnostics.GeneratorFailure.Id)
            {
                problems.Add("internal failure " + diagnostic.Id + ": " + diagnostic.FormatMessage());
            }
        }

        if (result.Files.Count > 0)
        {
            if (result.Diagnostics.Count > 0)
            {
                problems.Add("accepted with diagnostics: " + string.Join("; ", result.Diagnostics.Select(d => d.Id)));
            }

            foreach (var file in result.Files.Where(f => f.Error is not null || string.IsNullOrEmpty(f.Text)))
            {
                problems.Add($"emitted nothing for {file.HintName}: {file.Error}");
            }

            return;
        }

        if (result.Diagnostics.Count == 0)
        {
            problems.Add("rejected without a diagnostic");
            return;
        }

        var located = result.Diagnostics.Where(d => d.Id.StartsWith("AGB1", StringComparison.Ordinal)
            && d.Id.Length == 7
            && d.Location.FilePath == spec.Path
            && d.Location.StartLine >= 0 && d.Location.StartLine < lineCount
            && d.Location.EndLine >= d.Location.StartLine && d.Location.EndLine < lineCount
            && d.Location.Start >= 0 && d.Location.Length >= 0 && d.Location.Start + d.Location.Length <= spec.Text.Length).ToList();
        if (located.Count == 0)
        {
            problems.Add("no located AGB1xxx diagnostic: " + string.Join("; ", result.Diagnostics.Select(d =>
                $"{d.Id} {d.Location.FilePath}({d.Location.StartLine + 1},{d.Location.StartColumn + 1})-({d.Location.EndLine + 1}) [{d.Location.Start}+{d.Location.Length} of {spec.Text.Length}]")));
        }

        // Every message must format (a wrong argument count would throw in the compiler, not here).
        foreach (var diagnostic in result.Diagnostics)
        {
            try
            {
                diagnostic.FormatMessage();
            }
            catch (FormatException exception)
            {
                problems.Add($"{diagnostic.Id} message does not format: {exception.Message}");
            }
        }
    }

    /// <summary>The same spec through the real generator driver: no generator exception, the same outcome, located diagnostics.</summary>
    private static void CheckDriver(MutatedSpec spec, Generated? direct, List<string> problems)
    {
        var driver = GeneratorHarness.CreateDriver(new InMemoryAdditionalText(spec.Path, spec.Text));
        var run = driver.RunGenerators(GeneratorHarness.CreateCompilation()).GetRunResult();
        var generatorResult = run.Results[0];
        if (generatorResult.Exception is not null)
        {
            problems.Add("driver: generator exception " + generatorResult.Exception);
            return;
        }

        if (direct is null)
        {
            return;
        }

        if (generatorResult.GeneratedSources.Length != direct.Files.Count)
        {
            problems.Add($"driver: {generatorResult.GeneratedSources.Length} sources, the pipeline emitted {direct.Files.Count}");
        }

        foreach (var diagnostic in generatorResult.Diagnostics)
        {
            var span = diagnostic.Location.GetLineSpan();
            if (diagnostic.Id == SpecDiagnostics.GeneratorFailure.Id || span.Path != spec.Path)
            {
                problems.Add("driver: " + diagnostic);
            }
        }

        if (direct.Files.Count == 0 && generatorResult.Diagnostics.Length == 0)
        {
            problems.Add("driver: rejected without a diagnostic");
        }
    }

    /// <summary>Compiles distinct accepted outputs against the runtime, two at a time (the machine has two cores).</summary>
    private static (int Compiled, List<string> Failures, int Warnings) CompileAccepted(IReadOnlyList<(MutatedSpec Spec, IReadOnlyList<GeneratedFile> Files)> outputs)
    {
        var failures = new ConcurrentBag<string>();
        var compiled = 0;
        // Adding trees to one base compilation reuses its bound references instead of binding ~200 assemblies again.
        var baseCompilation = GeneratorHarness.CreateCompilation();
        baseCompilation.GetDiagnostics();
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var warnings = 0;
        Parallel.ForEach(outputs, new ParallelOptions { MaxDegreeOfParallelism = 2 }, output =>
        {
            var compilation = baseCompilation.AddSyntaxTrees(output.Files.Select(f => CSharpSyntaxTree.ParseText(f.Text, parseOptions, path: f.HintName)));
            var diagnostics = compilation.GetDiagnostics();
            var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            System.Threading.Interlocked.Add(ref warnings, diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning));
            System.Threading.Interlocked.Increment(ref compiled);
            if (errors.Count > 0)
            {
                failures.Add($"case #{output.Spec.Index} [{output.Spec.Kind}]: generated code does not compile: "
                    + string.Join("; ", errors.Take(3)));
                Dump(output.Spec);
            }
        });
        return (compiled, failures.ToList(), warnings);
    }

    /// <summary>Lines as the spec reader counts them: "\r\n", "\r" and "\n" each end one.</summary>
    internal static int LineCount(string text)
    {
        var lines = 1;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.Length || text[i + 1] != '\n')))
            {
                lines++;
            }
        }

        return lines;
    }

    private static string Fingerprint(IReadOnlyList<GeneratedFile> files, bool withDocs)
    {
        var builder = new StringBuilder();
        foreach (var file in files)
        {
            builder.Append(file.HintName).Append('\0');
            if (withDocs)
            {
                builder.Append(file.Text);
            }
            else
            {
                foreach (var line in file.Text.Split('\n').Where(l => !l.TrimStart().StartsWith("///", StringComparison.Ordinal)))
                {
                    builder.Append(line).Append('\n');
                }
            }

            builder.Append('\0');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())));
    }

    private static void Dump(MutatedSpec spec)
    {
        var directory = Environment.GetEnvironmentVariable("AGENTBAY_FUZZ_DUMP");
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, $"case{spec.Index}{Path.GetExtension(spec.Path)}"), spec.Text, Lossy);
        }
    }

    private static void DumpOutput(MutatedSpec spec, IReadOnlyList<GeneratedFile> files)
    {
        var directory = Environment.GetEnvironmentVariable("AGENTBAY_FUZZ_DUMP");
        if (!string.IsNullOrEmpty(directory))
        {
            var output = Path.Combine(directory, $"case{spec.Index}.out");
            Directory.CreateDirectory(output);
            foreach (var file in files)
            {
                File.WriteAllText(Path.Combine(output, file.HintName), file.Text, Lossy);
            }
        }
    }

    // Mutations insert lone surrogates; a dump replaces them rather than failing.
    private static readonly Encoding Lossy = new UTF8Encoding(false, false);

    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
}
