using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using AgentBay.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace AgentBay.Analyzers.Tests.Robustness;

/// <summary>
/// Every analyzer of AgentBay.Analyzers runs over the whole repository (each project's .cs files as one compilation,
/// with the offline references, the generated client's sources and whatever compile errors missing references cause)
/// and over the generated code (as generated, and with its auto-generated header removed so the analyzers do not skip
/// it). No analyzer may throw: no AD0001 and no exception reported to <c>onAnalyzerException</c>.
/// </summary>
public class AnalyzerRobustnessTests
{
    private readonly ITestOutputHelper _output;

    public AnalyzerRobustnessTests(ITestOutputHelper output) => _output = output;

    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = typeof(SessionLeakAnalyzer).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    [Fact]
    public async Task Analyzers_never_throw_on_the_repository_sources()
    {
        var root = RepoRoot();
        var projects = new[] { "src", "tests", "samples" }
            .Select(top => Path.Combine(root, top))
            .Where(Directory.Exists)
            .SelectMany(top => Directory.GetFiles(top, "*.csproj", SearchOption.AllDirectories))
            .Select(Path.GetDirectoryName)
            .Distinct()
            .OrderBy(d => d, StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(projects);

        var watch = Stopwatch.StartNew();
        var files = 0;
        var totals = new ConcurrentDictionary<string, int>();
        var failures = new List<string>();
        foreach (var project in projects)
        {
            var sources = Directory.GetFiles(project!, "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                    && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                .Select(f => (Path: f, Text: File.ReadAllText(f)))
                .ToList();
            if (sources.Count == 0)
            {
                continue;
            }

            files += sources.Count;
            var name = Path.GetRelativePath(root, project!);
            failures.AddRange(await AnalyzeAsync(name, sources.Concat(GeneratedSources(stripHeader: false)), totals));
        }

        _output.WriteLine($"{Analyzers.Length} analyzers ({string.Join(", ", Analyzers.Select(a => a.GetType().Name))}) over {files} files in {projects.Count} projects in {watch.Elapsed.TotalSeconds:F1} s");
        _output.WriteLine("analyzer diagnostics: " + (totals.IsEmpty ? "none" : string.Join(", ", totals.OrderBy(t => t.Key).Select(t => $"{t.Key} {t.Value}"))));
        Assert.True(files > 100, $"only {files} files found under {root}");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }

    [Fact]
    public async Task Analyzers_never_throw_on_generated_code()
    {
        var totals = new ConcurrentDictionary<string, int>();
        var failures = new List<string>();
        var consumer = (Path: "/Consumer.cs", Text: TestProjectSetup.Usings + """
            public static class Consumer
            {
                public static async Task UseAsync(AgentBayClient client)
                {
                    var created = await client.CreateAsync();
                    await using var session = created.Session;
                    await session.Tools.ShellAsync("ls", timeoutMs: 0);
                    await session.CallMcpToolAsync("shell", new Dictionary<string, object?> { ["command"] = "ls" });
                }
            }
            """);

        // As generated (the analyzers skip it), then with the header gone and a plain file name so they analyze it.
        failures.AddRange(await AnalyzeAsync("generated", GeneratedSources(stripHeader: false).Append(consumer), totals));
        failures.AddRange(await AnalyzeAsync("generated, analyzed", GeneratedSources(stripHeader: true).Append(consumer), totals));

        _output.WriteLine($"{GeneratedClient.Sources.Length} generated files; analyzer diagnostics: "
            + (totals.IsEmpty ? "none" : string.Join(", ", totals.OrderBy(t => t.Key).Select(t => $"{t.Key} {t.Value}"))));
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }

    [Fact]
    public async Task Analyzers_never_throw_on_broken_code()
    {
        // Half-typed code is what an IDE hands the analyzers most: every prefix of a consumer, cut at each line.
        var totals = new ConcurrentDictionary<string, int>();
        var failures = new List<string>();
        var sample = Directory.GetFiles(Path.Combine(RepoRoot(), "samples"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Select(File.ReadAllText)
            .DefaultIfEmpty(TestProjectSetup.Usings)
            .OrderByDescending(t => t.Length)
            .First();
        var lines = sample.Split('\n');
        var cuts = Enumerable.Range(1, lines.Length).Where(i => i % Math.Max(1, lines.Length / 12) == 0).ToList();
        foreach (var cut in cuts)
        {
            var text = string.Join('\n', lines.Take(cut));
            failures.AddRange(await AnalyzeAsync($"sample cut at line {cut}", GeneratedSources(stripHeader: false).Append(("/Broken.cs", text)), totals));
        }

        _output.WriteLine($"{cuts.Count} truncations; analyzer diagnostics: " + (totals.IsEmpty ? "none" : string.Join(", ", totals.OrderBy(t => t.Key).Select(t => $"{t.Key} {t.Value}"))));
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }

    private static IEnumerable<(string Path, string Text)> GeneratedSources(bool stripHeader) => GeneratedClient.Sources.Select(s =>
    {
        var text = s.Text.ToString();
        if (!stripHeader)
        {
            return (s.Path, text);
        }

        var lines = text.Split('\n').Where(l => !l.Contains("<auto-generated", StringComparison.Ordinal)).ToArray();
        return (s.Path.Replace(".g.cs", ".cs", StringComparison.Ordinal), string.Join('\n', lines));
    });

    private static async Task<List<string>> AnalyzeAsync(string name, IEnumerable<(string Path, string Text)> sources, ConcurrentDictionary<string, int> totals)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var compilation = CSharpCompilation.Create(
            "Robustness",
            sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, parseOptions, path: s.Path)),
            OfflineReferences.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
        var exceptions = new ConcurrentBag<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, analyzer, diagnostic) => exceptions.Add($"{name}: {analyzer.GetType().Name} threw {exception}"),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: false);
        var diagnostics = await compilation.WithAnalyzers(Analyzers, options).GetAnalyzerDiagnosticsAsync();
        foreach (var diagnostic in diagnostics)
        {
            totals.AddOrUpdate(diagnostic.Id, 1, (_, n) => n + 1);
        }

        return exceptions
            .Concat(diagnostics.Where(d => d.Id == "AD0001").Select(d => $"{name}: {d}"))
            .ToList();
    }

    private static string RepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "AgentBay.Generated.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("AgentBay.Generated.sln not found above " + AppContext.BaseDirectory);
    }
}
