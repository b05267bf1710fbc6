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
using Xunit;

namespace AgentBay.Cli.Tests.Infrastructure;

/// <summary>An additional file held in memory (as in tests/AgentBay.Generators.Tests).</summary>
internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text);

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

/// <summary>Runs the AgentBay generator in memory on spec texts and compiles its output against the runtime.</summary>
internal static class Generator
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var references = trusted.Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)).ToList();
        references.Add(MetadataReference.CreateFromFile(typeof(global::AgentBay.Runtime.AgentBayTransport).Assembly.Location));
        return references.ToImmutableArray();
    });

    public static string StandardSpec => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "specs", "session.agentbay.yaml"));

    /// <summary>The standard spec without its <c>tools</c> section (the last one): the session a pulled spec adds tools to.</summary>
    public static string StandardSpecWithoutTools
    {
        get
        {
            var text = StandardSpec.Replace("\r\n", "\n", StringComparison.Ordinal);
            var cut = text.IndexOf("\ntools:\n", StringComparison.Ordinal);
            Assert.True(cut > 0, "the standard spec has a top-level tools section");
            return text[..(cut + 1)];
        }
    }

    /// <summary>Runs the generator over the specs; asserts no generator diagnostic and no compile error or warning.</summary>
    public static Compilation Compile(params (string Path, string Text)[] specs)
    {
        var compilation = CSharpCompilation.Create(
            "Consumer",
            [CSharpSyntaxTree.ParseText("namespace Consumer { internal static class Empty { } }", new CSharpParseOptions(LanguageVersion.Latest))],
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new AgentBaySpecGenerator().AsSourceGenerator()],
            specs.Select(s => (AdditionalText)new InMemoryAdditionalText(s.Path, s.Text)),
            new CSharpParseOptions(LanguageVersion.Latest));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var problems = generatorDiagnostics.Concat(driver.GetRunResult().Diagnostics)
            .Concat(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning))
            .Select(d => d.ToString())
            .Distinct()
            .ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        return output;
    }

    /// <summary>
    /// The typed tool methods (<c>XAsync</c> of the tools class) by MCP tool name: return type and parameters with
    /// their types and defaults, as C# shows them.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ToolSignatures(Compilation compilation, string toolsClass = "AgentBay.SessionTools")
    {
        var type = compilation.GetTypeByMetadataName(toolsClass);
        Assert.NotNull(type);
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var method in type!.GetMembers().OfType<IMethodSymbol>().Where(m => m.Name.EndsWith("Async", StringComparison.Ordinal)))
        {
            var tool = method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.Name == "AgentBayToolAttribute");
            if (tool is null)
            {
                continue;
            }

            var parameters = method.Parameters.Select(p =>
                p.Type.ToDisplayString() + " " + p.Name + (p.HasExplicitDefaultValue ? " = " + (p.ExplicitDefaultValue switch
                {
                    null => "null",
                    bool b => b ? "true" : "false",
                    string s => "\"" + s + "\"",
                    var v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture),
                }) : ""));
            result[(string)tool.ConstructorArguments[0].Value!] = method.ReturnType.ToDisplayString() + " " + method.Name + "(" + string.Join(", ", parameters) + ")";
        }

        return result;
    }
}
