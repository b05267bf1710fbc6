using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using AgentBay.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace AgentBay.Generators.Tests;

/// <summary>The AgentBayNamespace knob (project property or per-spec item metadata) moves the generated code.</summary>
public sealed class ProjectOptionsTests
{
    private static GeneratorDriverRunResult Run(Dictionary<string, string> global, Dictionary<string, string> perFile, out Compilation output)
    {
        var spec = new InMemoryAdditionalText(GeneratorHarness.StandardSpecPath, GeneratorHarness.StandardSpec);
        var driver = CSharpGeneratorDriver.Create(
            new[] { new AgentBaySpecGenerator().AsSourceGenerator() },
            new AdditionalText[] { spec },
            new CSharpParseOptions(LanguageVersion.Latest),
            new OptionsProvider(global, perFile));
        driver.RunGeneratorsAndUpdateCompilation(GeneratorHarness.CreateCompilation(), out output, out _);
        return driver.RunGenerators(GeneratorHarness.CreateCompilation()).GetRunResult();
    }

    [Fact]
    public void The_project_property_overrides_the_spec_namespace()
    {
        var run = Run(new() { ["build_property.AgentBayNamespace"] = "Contoso.Sandbox" }, new(), out var output);

        GeneratorHarness.AssertNoDiagnostics(run.Diagnostics);
        GeneratorHarness.AssertNoProblems(output);
        Assert.NotNull(output.GetTypeByMetadataName("Contoso.Sandbox.AgentBayClient"));
        Assert.Null(output.GetTypeByMetadataName("AgentBay.AgentBayClient"));
    }

    [Fact]
    public void Item_metadata_wins_over_the_project_property()
    {
        var run = Run(new() { ["build_property.AgentBayNamespace"] = "Contoso.Sandbox" }, new() { ["build_metadata.AdditionalFiles.AgentBayNamespace"] = "Fabrikam.Agents" }, out var output);

        GeneratorHarness.AssertNoDiagnostics(run.Diagnostics);
        Assert.NotNull(output.GetTypeByMetadataName("Fabrikam.Agents.Session"));
    }

    [Fact]
    public void An_invalid_namespace_is_a_located_AGB1009()
    {
        var run = Run(new() { ["build_property.AgentBayNamespace"] = "Contoso.class" }, new(), out _);

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("AGB1009", diagnostic.Id);
        Assert.Contains("Contoso.class", diagnostic.GetMessage());
    }

    private sealed class OptionsProvider(Dictionary<string, string> global, Dictionary<string, string> perFile) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(global);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(new());

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(perFile);
    }

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
