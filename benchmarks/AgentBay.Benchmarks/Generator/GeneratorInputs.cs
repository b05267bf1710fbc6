using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using AgentBay.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace AgentBay.Benchmarks.Generator;

/// <summary>An additional file held in memory, as an IDE or the compiler hands it to the generator.</summary>
internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text, Encoding.UTF8);

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

/// <summary>Specs, compilations and drivers shared by the generator benchmarks and the stage breakdown.</summary>
internal static class GeneratorInputs
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(LoadReferences);

    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    public static string StandardSpecPath => Path.Combine(RepoPaths.Root, "specs", "session.agentbay.yaml");

    public static string StandardSpec => File.ReadAllText(StandardSpecPath);

    /// <summary>The spec a benchmark parameter names: "standard" or a tool count of a synthetic spec.</summary>
    public static (string Path, string Text) Spec(string name) => name == "standard"
        ? (StandardSpecPath, StandardSpec)
        : ($"/bench/synthetic{name}.agentbay.yaml", SyntheticSpecs.Create(int.Parse(name, System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>A driver as the compiler creates it (no step tracking unless asked for: the compiler does not track).</summary>
    public static GeneratorDriver CreateDriver(AdditionalText spec, bool track = false) => CSharpGeneratorDriver.Create(
        new[] { new AgentBaySpecGenerator().AsSourceGenerator() },
        new[] { spec },
        ParseOptions,
        optionsProvider: null,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: track));

    public static CSharpCompilation CreateCompilation(IEnumerable<SyntaxTree> trees) => CSharpCompilation.Create(
        "Consumer",
        trees,
        References,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static CSharpCompilation SmallCompilation() =>
        CreateCompilation(new[] { CSharpSyntaxTree.ParseText("namespace Consumer; public sealed class Program { }", ParseOptions, path: "Program.cs") });

    /// <summary>A consumer project of <paramref name="files"/> ordinary C# files (classes, records, LINQ, async).</summary>
    public static CSharpCompilation LargeCompilation(int files) =>
        CreateCompilation(Enumerable.Range(0, files).Select(i => CSharpSyntaxTree.ParseText(ConsumerSource(i, 0), ParseOptions, path: $"Feature{i:D3}.cs")));

    /// <summary>One consumer file; <paramref name="revision"/> changes a method body (the "keystroke").</summary>
    public static string ConsumerSource(int index, int revision) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading.Tasks;

        namespace Consumer.Features;

        /// <summary>Feature {{index}}.</summary>
        public sealed record Item{{index:D3}}(string Name, int Count, DateTimeOffset At);

        public sealed class Feature{{index:D3}}
        {
            private readonly List<Item{{index:D3}}> _items = new();

            public int Revision => {{revision}};

            public void Add(string name, int count) => _items.Add(new Item{{index:D3}}(name, count, DateTimeOffset.UnixEpoch.AddSeconds(count)));

            public IReadOnlyList<string> Names(int minimum) => _items.Where(i => i.Count >= minimum).OrderBy(i => i.Name, StringComparer.Ordinal).Select(i => i.Name).ToList();

            public async Task<int> TotalAsync()
            {
                await Task.Yield();
                var total = 0;
                foreach (var item in _items)
                {
                    total += item.Count * {{revision + 1}};
                }

                return total;
            }

            public string Describe(int i) => i switch
            {
                < 0 => "negative",
                0 => "zero",
                _ when i % 2 == 0 => $"even {i}",
                _ => $"odd {i}",
            };
        }
        """;

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyAllReferences = new(() => LoadReferences(all: true));

    /// <summary>Every framework assembly plus the runtime and its dependencies (Polly, Microsoft.Extensions.*): what a consumer project compiles against.</summary>
    public static ImmutableArray<MetadataReference> AllReferences => LazyAllReferences.Value;

    private static ImmutableArray<MetadataReference> LoadReferences() => LoadReferences(all: false);

    private static ImmutableArray<MetadataReference> LoadReferences(bool all)
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(System.IO.Path.PathSeparator);
        var references = trusted
            .Where(path => all
                ? path.Contains("Microsoft.NETCore.App", StringComparison.Ordinal)
                    || System.IO.Path.GetFileName(path).StartsWith("Microsoft.Extensions.", StringComparison.Ordinal)
                    || System.IO.Path.GetFileName(path).StartsWith("Polly.", StringComparison.Ordinal)
                : System.IO.Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || System.IO.Path.GetFileName(path) is "netstandard.dll" or "mscorlib.dll")
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToList();
        references.Add(MetadataReference.CreateFromFile(typeof(global::AgentBay.Runtime.AgentBayTransport).Assembly.Location));
        return references.ToImmutableArray();
    }
}

/// <summary>Finds the repository root (the folder holding AgentBay.Generated.sln) above the running assembly or the current folder.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(Find);

    public static string Root => LazyRoot.Value;

    private static string Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            var directory = new DirectoryInfo(start);
            while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "AgentBay.Generated.sln")))
            {
                directory = directory.Parent;
            }

            if (directory is not null)
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("AgentBay.Generated.sln not found above " + AppContext.BaseDirectory + " or " + Environment.CurrentDirectory);
    }
}
