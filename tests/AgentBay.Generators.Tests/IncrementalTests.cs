using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using AgentBay.Generators.Emit;
using AgentBay.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace AgentBay.Generators.Tests;

/// <summary>The pipeline caches: edits that change nothing the output depends on do no generator work.</summary>
public sealed class IncrementalTests
{
    private static readonly string[] AllSteps =
    {
        TrackingNames.SpecFiles, TrackingNames.Compile, TrackingNames.Diagnostics, TrackingNames.Declarations, TrackingNames.DuplicateTypes,
        TrackingNames.Units, TrackingNames.Unit, TrackingNames.Emit, TrackingNames.GeneratedFiles,
    };

    private static readonly InMemoryAdditionalText Standard = new(GeneratorHarness.StandardSpecPath, GeneratorHarness.StandardSpec);

    private static GeneratorDriver RunOnce(GeneratorDriver driver, Compilation compilation) => driver.RunGenerators(compilation);

    private static IEnumerable<(string Step, IncrementalStepRunReason Reason, object Value)> Outputs(GeneratorDriver driver, string step) =>
        driver.GetRunResult().Results.Single().TrackedSteps.TryGetValue(step, out var steps)
            ? steps.SelectMany(s => s.Outputs.Select(o => (step, o.Reason, o.Value)))
            : Enumerable.Empty<(string, IncrementalStepRunReason, object)>();

    private static bool IsCached(IncrementalStepRunReason reason) => reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged;

    [Fact]
    public void An_unrelated_csharp_edit_leaves_every_step_cached()
    {
        var compilation = GeneratorHarness.CreateCompilation("class A { }");
        var driver = RunOnce(GeneratorHarness.CreateDriver(Standard), compilation);

        driver = RunOnce(driver, compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class B { void M() { } }")));

        var outputs = AllSteps.SelectMany(step => Outputs(driver, step)).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.True(o.Reason == IncrementalStepRunReason.Cached, $"{o.Step} was {o.Reason}"));
    }

    [Fact]
    public void A_whitespace_or_comment_edit_in_the_spec_leaves_every_output_unchanged()
    {
        var compilation = GeneratorHarness.CreateCompilation();
        var driver = RunOnce(GeneratorHarness.CreateDriver(Standard), compilation);
        var edited = new InMemoryAdditionalText(Standard.Path, "# a comment moves every line down\n\n" + GeneratorHarness.StandardSpec.Replace("  shell:\n", "  shell:   \n"));

        driver = RunOnce(driver.ReplaceAdditionalText(Standard, edited), compilation);

        Assert.All(Outputs(driver, TrackingNames.Units), o => Assert.True(IsCached(o.Reason), $"Units was {o.Reason}"));
        var emits = Outputs(driver, TrackingNames.Emit).ToList();
        Assert.NotEmpty(emits);
        Assert.All(emits, o => Assert.True(IsCached(o.Reason), $"Emit was {o.Reason}"));
        Assert.All(Outputs(driver, TrackingNames.GeneratedFiles), o => Assert.True(IsCached(o.Reason), $"GeneratedFiles was {o.Reason}"));
    }

    [Fact]
    public void Changing_one_tool_re_emits_only_that_tool()
    {
        var compilation = GeneratorHarness.CreateCompilation();
        var driver = RunOnce(GeneratorHarness.CreateDriver(Standard), compilation);
        var edited = new InMemoryAdditionalText(Standard.Path, GeneratorHarness.StandardSpec.Replace(
            "doc: Creates a directory and its missing parents.", "doc: Creates a directory, and its parents when they are missing."));

        driver = RunOnce(driver.ReplaceAdditionalText(Standard, edited), compilation);

        var emits = Outputs(driver, TrackingNames.Emit).ToList();
        var modified = emits.Where(o => !IsCached(o.Reason)).Select(o => ((GeneratedFile)o.Value).HintName).ToList();
        Assert.Equal(new[] { "AgentBay.SessionTools.CreateDirectory.g.cs" }, modified);
        Assert.True(emits.Count > 20);
    }

    [Fact]
    public void Adding_a_second_spec_leaves_the_first_specs_outputs_cached()
    {
        var compilation = GeneratorHarness.CreateCompilation();
        var driver = RunOnce(GeneratorHarness.CreateDriver(Standard), compilation);
        var custom = new InMemoryAdditionalText("/specs/custom.agentbay.yaml", """
            agentbay: 1
            namespace: AgentBay
            tools:
              count_lines:
                server: custom
                method: CountLines
                doc: Counts the lines of a file.
                args:
                  path: { type: string }
            """);

        driver = RunOnce(driver.AddAdditionalTexts(ImmutableArray.Create<AdditionalText>(custom)), compilation);

        var emits = Outputs(driver, TrackingNames.Emit).ToList();
        var fresh = emits.Where(o => !IsCached(o.Reason)).Select(o => ((GeneratedFile)o.Value).HintName).ToList();
        Assert.Equal(new[] { "AgentBay.SessionTools.CountLines.g.cs" }, fresh);
        var compileSteps = Outputs(driver, TrackingNames.Compile).ToList();
        Assert.Equal(2, compileSteps.Count);
        Assert.Single(compileSteps, o => IsCached(o.Reason));
        var output = driver.GetRunResult();
        Assert.Empty(output.Diagnostics);
        Assert.Contains(output.GeneratedTrees, t => t.FilePath.EndsWith("AgentBay.SessionTools.CountLines.g.cs"));
    }

    [Fact]
    public void A_custom_tool_spec_adds_a_typed_method_next_to_the_standard_tools()
    {
        var (run, output) = GeneratorHarness.Run(
            new[]
            {
                (GeneratorHarness.StandardSpecPath, GeneratorHarness.StandardSpec),
                ("/specs/custom.agentbay.yaml", "agentbay: 1\nnamespace: AgentBay\ntools:\n  count_lines:\n    server: custom\n    method: CountLines\n    args:\n      path: { type: string }\n"),
            },
            "class User { async System.Threading.Tasks.Task M(AgentBay.Session s) { AgentBay.McpToolResult r = await s.Tools.CountLinesAsync(\"/tmp/a\"); _ = s.Tools.Shell(\"ls\"); } }");

        GeneratorHarness.AssertNoDiagnostics(run.Diagnostics);
        GeneratorHarness.AssertNoProblems(output);
    }
}
