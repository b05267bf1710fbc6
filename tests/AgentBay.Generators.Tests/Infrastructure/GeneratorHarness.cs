using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using AgentBay.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace AgentBay.Generators.Tests.Infrastructure;

/// <summary>An additional file held in memory, as an IDE or the compiler hands it to the generator.</summary>
internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text);

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

/// <summary>Runs the generator through CSharpGeneratorDriver and compiles its output against the runtime library.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() => LoadReferences(withAI: false));

    private static readonly Lazy<ImmutableArray<MetadataReference>> ReferencesWithAI = new(() => LoadReferences(withAI: true));

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string StandardSpecPath => Path.Combine(RepoRoot, "specs", "session.agentbay.yaml");

    public static string StandardSpecJsonPath => Path.Combine(RepoRoot, "specs", "session.agentbay.json");

    public static string StandardSpec => File.ReadAllText(StandardSpecPath);

    public static CSharpCompilation CreateCompilation(params string[] sources) => CreateCompilation(withAI: false, sources);

    /// <summary>
    /// A consumer compilation; <paramref name="withAI"/> adds AgentBay.Generated.AI and Microsoft.Extensions.AI.Abstractions,
    /// which switches the generator's AsAIFunctions on. Without it they are left out, although this test project references them.
    /// </summary>
    public static CSharpCompilation CreateCompilation(bool withAI, params string[] sources) => CSharpCompilation.Create(
        "Consumer",
        sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: $"Source{i}.cs")),
        withAI ? ReferencesWithAI.Value : References.Value,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(params AdditionalText[] specs) => CSharpGeneratorDriver.Create(
        new[] { new AgentBaySpecGenerator().AsSourceGenerator() },
        specs,
        new CSharpParseOptions(LanguageVersion.Latest),
        optionsProvider: null,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator once over <paramref name="specs"/> (path, text) and returns the run and the output compilation.</summary>
    public static (GeneratorDriverRunResult Run, Compilation Output) Run(IEnumerable<(string Path, string Text)> specs, params string[] sources) =>
        Run(withAI: false, specs, sources);

    /// <summary>Runs the generator once; <paramref name="withAI"/> as in <see cref="CreateCompilation(bool, string[])"/>.</summary>
    public static (GeneratorDriverRunResult Run, Compilation Output) Run(bool withAI, IEnumerable<(string Path, string Text)> specs, params string[] sources)
    {
        var driver = CreateDriver(specs.Select(s => (AdditionalText)new InMemoryAdditionalText(s.Path, s.Text)).ToArray());
        driver = driver.RunGeneratorsAndUpdateCompilation(CreateCompilation(withAI, sources), out var output, out _);
        return (driver.GetRunResult(), output);
    }

    public static (GeneratorDriverRunResult Run, Compilation Output) Run(string path, string text, params string[] sources) =>
        Run(new[] { (path, text) }, sources);

    /// <summary>Errors and warnings of the compiled output, formatted for assertion messages.</summary>
    public static IReadOnlyList<string> Problems(Compilation output) => output.GetDiagnostics()
        .Where(d => d.Severity >= DiagnosticSeverity.Warning)
        .Select(d => d.ToString())
        .ToList();

    public static void AssertNoProblems(Compilation output)
    {
        var problems = Problems(output);
        Xunit.Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    public static void AssertNoDiagnostics(IEnumerable<Diagnostic> diagnostics)
    {
        var list = diagnostics.Select(d => d.ToString()).ToList();
        Xunit.Assert.True(list.Count == 0, string.Join("\n", list));
    }

    private static ImmutableArray<MetadataReference> LoadReferences(bool withAI)
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var references = trusted
            .Where(path => withAI || !IsAIAssembly(path))
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)).ToList();
        references.Add(MetadataReference.CreateFromFile(typeof(global::AgentBay.Runtime.AgentBayTransport).Assembly.Location));
        if (withAI)
        {
            references.Add(MetadataReference.CreateFromFile(typeof(global::AgentBay.Runtime.AI.AgentBayToolFunction).Assembly.Location));
            references.Add(MetadataReference.CreateFromFile(typeof(global::Microsoft.Extensions.AI.AIFunction).Assembly.Location));
        }

        return references.ToImmutableArray();
    }

    private static bool IsAIAssembly(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        return name == "AgentBay.Runtime.AI" || name.StartsWith("Microsoft.Extensions.AI", StringComparison.Ordinal);
    }

    private static string FindRepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "AgentBay.Generated.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("AgentBay.Generated.sln not found above " + AppContext.BaseDirectory);
    }
}
