using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using AgentBay.Benchmarks.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AgentBay.Benchmarks.Analyzers;

/// <summary>
/// <c>--analyzers [--seconds S]</c>: the AgentBay analyzers (loaded from src/AgentBay.Analyzers' Release or Debug output,
/// as the compiler loads them) over the same 200-file consumer project as benchmarks/build-overhead.sh, with the
/// generated client. Prints the compile time (diagnostics + emit) and each analyzer's execution time from Roslyn's
/// analyzer telemetry — the in-process equivalent of -p:ReportAnalyzer=true — and loops for a profiler.
/// </summary>
internal static class AnalyzerProfile
{
    public static int Run(TimeSpan duration)
    {
        var path = FindAnalyzerAssembly();
        if (path is null)
        {
            Console.WriteLine("src/AgentBay.Analyzers is not built (or not present): nothing to profile.");
            return 0;
        }

        var analyzers = new AnalyzerFileReference(path, new Loader()).GetAnalyzers(LanguageNames.CSharp);
        var (trees, references) = ConsumerProject(200);
        Console.WriteLine($"Analyzers from {path}: {string.Join(", ", analyzers.Select(a => a.GetType().Name))}");

        var compileTimes = new List<double>();
        var compileCpu = new List<double>();
        var analyzerCpu = new List<double>();
        var analyzerTimes = new Dictionary<string, List<double>>();
        var wall = new List<double>();
        var clock = Stopwatch.StartNew();
        var rounds = 0;
        while (rounds < 3 || (clock.Elapsed < duration && rounds < 1000))
        {
            // A new compilation each round: nothing bound is reused, as in a full build.
            var compilation = CSharpCompilation.Create("Consumer", trees, references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var emitted = compilation.Emit(Stream.Null);
            compileTimes.Add(watch.Elapsed.TotalMilliseconds);
            compileCpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
            if (!emitted.Success)
            {
                throw new InvalidOperationException("The consumer project does not compile: " + string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(5)));
            }

            // Analyzers on top of the already-bound compilation, as csc runs them next to compiling.
            var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: false,
                logAnalyzerExecutionTime: true, reportSuppressedDiagnostics: false));
            cpu = Process.GetCurrentProcess().TotalProcessorTime;
            watch.Restart();
            var diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
            wall.Add(watch.Elapsed.TotalMilliseconds);
            analyzerCpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
            if (diagnostics.Any(d => d.Severity >= DiagnosticSeverity.Warning))
            {
                throw new InvalidOperationException("The analyzers report on clean code: " + diagnostics.First());
            }

            foreach (var analyzer in analyzers)
            {
                var telemetry = withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).GetAwaiter().GetResult();
                var name = analyzer.GetType().Name;
                if (!analyzerTimes.TryGetValue(name, out var list))
                {
                    analyzerTimes[name] = list = new List<double>();
                }

                list.Add(telemetry.ExecutionTime.TotalMilliseconds);
            }

            rounds++;
        }

        var compile = Median(compileTimes);
        Console.WriteLine();
        Console.WriteLine($"200-file consumer + generated client, {rounds} rounds, medians:");
        Console.WriteLine("| what | time | share of compile (diagnostics + emit) |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| compile: Emit (binds everything; process CPU {Median(compileCpu):F0} ms) | {compile:F1} ms | 100% |"));
        foreach (var (name, times) in analyzerTimes.OrderByDescending(p => Median(p.Value)))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} (telemetry execution time) | {Median(times):F1} ms | {Median(times) * 100 / compile:F2}% |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| all AgentBay analyzers alone, GetAnalyzerDiagnosticsAsync (also builds the semantic models and IOperation trees that csc shares with the SDK's analyzers; process CPU {Median(analyzerCpu):F0} ms) | {Median(wall):F1} ms | {Median(wall) * 100 / compile:F2}% |"));
        return 0;
    }

    /// <summary>The build-overhead consumer: 200 files that each run one job in a session, plus the generated client.</summary>
    private static (List<SyntaxTree> Trees, ImmutableArray<MetadataReference> References) ConsumerProject(int files)
    {
        var trees = Enumerable.Range(0, files)
            .Select(i => CSharpSyntaxTree.ParseText(ConsumerSource(i), GeneratorInputs.ParseOptions, path: $"Features/Feature{i:D3}.cs"))
            .ToList();
        var spec = new InMemoryAdditionalText(GeneratorInputs.StandardSpecPath, GeneratorInputs.StandardSpec);
        var run = GeneratorInputs.CreateDriver(spec).RunGenerators(GeneratorInputs.CreateCompilation(trees)).GetRunResult();
        trees.AddRange(run.GeneratedTrees);
        return (trees, GeneratorInputs.AllReferences);
    }

    /// <summary>The same file benchmarks/build-overhead.sh writes.</summary>
    internal static string ConsumerSource(int index)
    {
        var n = index.ToString("D3", CultureInfo.InvariantCulture);
        return $$"""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading.Tasks;
            using AgentBay;

            namespace Consumer.Features;

            /// <summary>Feature {{n}}: ordinary application code, and one job run in an AgentBay session.</summary>
            public sealed record Item{{n}}(string Name, int Count, DateTimeOffset At);

            public sealed class Feature{{n}}
            {
                private readonly List<Item{{n}}> _items = new();

                public void Add(string name, int count) => _items.Add(new Item{{n}}(name, count, DateTimeOffset.UnixEpoch.AddSeconds(count)));

                public IReadOnlyList<string> Names(int minimum) => _items.Where(i => i.Count >= minimum).OrderBy(i => i.Name, StringComparer.Ordinal).Select(i => i.Name).ToList();

                public int Total() => _items.Sum(i => i.Count);

                public string Describe(int i) => i switch
                {
                    < 0 => "negative",
                    0 => "zero",
                    _ when i % 2 == 0 => $"even {i}",
                    _ => $"odd {i}",
                };

                /// <summary>Runs the feature's check in a fresh session and returns its output.</summary>
                public static async Task<string> RunInSessionAsync(AgentBayClient client)
                {
                    var created = await client.CreateAsync(new CreateSessionParams { ImageId = "linux_latest" });
                    if (!created.Success)
                    {
                        return created.ErrorMessage ?? "";
                    }

                    await using var session = created.Session;
                    ShellResult result = await session.Tools.ShellAsync("echo feature {{n}}", timeoutMs: 5000);
                    var link = await session.GetLinkAsync(port: 30150);
                    await session.Tools.WriteFileAsync("/tmp/feature{{n}}.txt", result.Stdout ?? "");
                    return (result.Stdout ?? "") + (link.Data ?? "");
                }
            }
            """;
    }

    private static string? FindAnalyzerAssembly()
    {
        foreach (var configuration in new[] { "Release", "Debug" })
        {
            var candidate = Path.Combine(RepoPaths.Root, "src", "AgentBay.Analyzers", "bin", configuration, "netstandard2.0", "AgentBay.Analyzers.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(x => x).ToList();
        return sorted[sorted.Count / 2];
    }

    /// <summary>Loads analyzer assemblies into the default context (Roslyn is already loaded there).</summary>
    private sealed class Loader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }
}
