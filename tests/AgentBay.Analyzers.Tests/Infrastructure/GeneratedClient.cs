using System.Collections.Immutable;
using System.Linq;
using AgentBay.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace AgentBay.Analyzers.Tests.Infrastructure;

/// <summary>The client the real generator emits for the standard spec, generated once per test run and added to every
/// test project as ordinary sources (they carry the auto-generated header, so the analyzers skip them, as they skip
/// generator output in a real build). Adding them as sources rather than running the generator inside each test keeps
/// them visible to the code fixes' semantic model and saves a generator run per test.</summary>
internal static class GeneratedClient
{
    public static ImmutableArray<(string Path, SourceText Text)> Sources { get; } = Generate();

    private static ImmutableArray<(string, SourceText)> Generate()
    {
        var compilation = CSharpCompilation.Create(
            "Generated",
            references: OfflineReferences.All,
            options: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var driver = CSharpGeneratorDriver.Create(
            generators: new[] { new AgentBaySpecGenerator().AsSourceGenerator() },
            additionalTexts: new[] { (AdditionalText)new InMemoryAdditionalText(StandardSpec.FileName, StandardSpec.Text) },
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest));
        var result = driver.RunGenerators(compilation).GetRunResult();
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new System.InvalidOperationException("The generator failed on the standard spec: " + string.Join("; ", errors));
        }

        return result.GeneratedTrees
            .Select(tree => ("/Generated/" + System.IO.Path.GetFileName(tree.FilePath), tree.GetText()))
            .ToImmutableArray();
    }

    private sealed class InMemoryAdditionalText : AdditionalText
    {
        private readonly SourceText _text;

        public InMemoryAdditionalText(string path, string text)
        {
            Path = path;
            _text = SourceText.From(text);
        }

        public override string Path { get; }

        public override SourceText GetText(System.Threading.CancellationToken cancellationToken = default) => _text;
    }
}
