using System.Collections.Generic;
using System.Linq;
using AgentBay.Generators.Emit;
using AgentBay.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace AgentBay.Generators.Tests;

/// <summary>
/// SessionTools.AsAIFunctions: emitted only when the compilation references AgentBay.Generated.AI, compiles without
/// warnings, leaves the other files as they are, and keeps the pipeline's caching.
/// </summary>
public sealed class AIFunctionsTests
{
    private static readonly InMemoryAdditionalText Standard = new(GeneratorHarness.StandardSpecPath, GeneratorHarness.StandardSpec);

    private static bool IsAIFile(string hintName) => hintName.EndsWith(".AI.g.cs", System.StringComparison.Ordinal)
        || hintName.EndsWith(".AIFunctions.g.cs", System.StringComparison.Ordinal);

    private static (GeneratorDriverRunResult Run, Compilation Output) RunWithAI(params string[] sources) =>
        GeneratorHarness.Run(withAI: true, new[] { (GeneratorHarness.StandardSpecPath, GeneratorHarness.StandardSpec) }, sources);

    [Fact]
    public void Without_the_AI_package_no_AI_file_is_generated()
    {
        var (run, _) = GeneratorHarness.Run(GeneratorHarness.StandardSpecPath, GeneratorHarness.StandardSpec);

        Assert.DoesNotContain(run.Results.Single().GeneratedSources, f => IsAIFile(f.HintName));
    }

    [Fact]
    public void With_the_AI_package_the_functions_compile_without_warnings_and_are_documented()
    {
        var (run, output) = RunWithAI(
            "class User { System.Collections.Generic.IReadOnlyList<Microsoft.Extensions.AI.AIFunction> M(AgentBay.Session s) => s.Tools.AsAIFunctions(\"shell\", \"read_file\"); }");

        GeneratorHarness.AssertNoDiagnostics(run.Diagnostics);
        GeneratorHarness.AssertNoProblems(output);
        var files = run.Results.Single().GeneratedSources;
        Assert.Contains(files, f => f.HintName == "AgentBay.SessionTools.AIFunctions.g.cs");
        Assert.Contains(files, f => f.HintName == "AgentBay.SessionTools.Shell.AI.g.cs");
        Assert.All(files.Where(f => IsAIFile(f.HintName)), f => Assert.DoesNotContain("System.Reflection", f.SourceText.ToString()));

        var documented = output.WithOptions(output.Options.WithSpecificDiagnosticOptions(new[] { new KeyValuePair<string, ReportDiagnostic>("CS1591", ReportDiagnostic.Error) }));
        var trees = output.SyntaxTrees.Select(t => t.WithRootAndOptions(t.GetRoot(), ((CSharpParseOptions)t.Options).WithDocumentationMode(DocumentationMode.Diagnose)));
        var withDocs = documented.RemoveAllSyntaxTrees().AddSyntaxTrees(trees);
        Assert.Empty(withDocs.GetDiagnostics().Where(d => d.Id is "CS1591" or "CS1573" or "CS1572" or "CS1574").Select(d => d.ToString()));
    }

    [Fact]
    public void The_AI_files_match_their_verified_snapshots()
    {
        var (run, _) = RunWithAI();

        Snapshot.VerifyAll("AIFunctions", run.Results.Single().GeneratedSources.Where(f => IsAIFile(f.HintName)).Select(f => (f.HintName, f.SourceText.ToString())));
    }

    [Fact]
    public void With_the_AI_package_every_other_file_is_the_same_as_without_it()
    {
        var without = GeneratorHarness.Run(GeneratorHarness.StandardSpecPath, GeneratorHarness.StandardSpec).Run.Results.Single().GeneratedSources;
        var with = RunWithAI().Run.Results.Single().GeneratedSources.Where(f => !IsAIFile(f.HintName)).ToList();

        Assert.Equal(without.Select(f => f.HintName), with.Select(f => f.HintName));
        Assert.Equal(without.Select(f => f.SourceText.ToString()), with.Select(f => f.SourceText.ToString()));
    }

    [Fact]
    public void A_custom_tool_spec_adds_its_tools_to_the_same_AsAIFunctions()
    {
        var (run, output) = GeneratorHarness.Run(
            withAI: true,
            new[]
            {
                (GeneratorHarness.StandardSpecPath, GeneratorHarness.StandardSpec),
                ("/specs/custom.agentbay.yaml", "agentbay: 1\nnamespace: AgentBay\ntools:\n  count_lines:\n    server: custom\n    method: CountLines\n    args:\n      path: { type: string }\n      max: { type: \"long?\", range: [1, 1000] }\n"),
            },
            "class User { object M(AgentBay.Session s) => s.Tools.AsAIFunctions(\"count_lines\", \"shell\"); }");

        GeneratorHarness.AssertNoDiagnostics(run.Diagnostics);
        GeneratorHarness.AssertNoProblems(output);
        var files = run.Results.Single().GeneratedSources;
        Assert.Single(files, f => f.HintName == "AgentBay.SessionTools.AIFunctions.g.cs");
        var asAIFunctions = files.Single(f => f.HintName == "AgentBay.SessionTools.AIFunctions.g.cs").SourceText.ToString();
        Assert.Contains("\"count_lines\" => ", asAIFunctions);
        Assert.Contains("\"shell\" => ", asAIFunctions);
    }

    [Fact]
    public void An_unrelated_csharp_edit_leaves_every_step_cached_with_the_AI_package()
    {
        var compilation = GeneratorHarness.CreateCompilation(withAI: true, "class A { }");
        var driver = GeneratorHarness.CreateDriver(Standard).RunGenerators(compilation);

        driver = driver.RunGenerators(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class B { void M() { } }")));

        var result = driver.GetRunResult().Results.Single();
        var referenced = result.TrackedSteps[TrackingNames.AIFunctionsReferenced].SelectMany(s => s.Outputs).ToList();
        Assert.All(referenced, o => Assert.Equal(true, o.Value));
        Assert.All(referenced, o => Assert.Equal(IncrementalStepRunReason.Unchanged, o.Reason));
        foreach (var step in new[] { TrackingNames.AITools, TrackingNames.AIToolUnit, TrackingNames.AIEmit, TrackingNames.AIClasses, TrackingNames.AIGeneratedFiles,
            TrackingNames.Emit, TrackingNames.GeneratedFiles })
        {
            var outputs = result.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, o => Assert.True(o.Reason == IncrementalStepRunReason.Cached, $"{step} was {o.Reason}"));
        }
    }

    [Fact]
    public void Changing_one_tool_re_emits_only_that_tool_and_its_function()
    {
        var compilation = GeneratorHarness.CreateCompilation(withAI: true);
        var driver = GeneratorHarness.CreateDriver(Standard).RunGenerators(compilation);
        var edited = new InMemoryAdditionalText(Standard.Path, GeneratorHarness.StandardSpec.Replace(
            "doc: Creates a directory and its missing parents.", "doc: Creates a directory, and its parents when they are missing."));

        driver = driver.ReplaceAdditionalText(Standard, edited).RunGenerators(compilation);

        var result = driver.GetRunResult().Results.Single();
        string[] Modified(string step) => result.TrackedSteps[step].SelectMany(s => s.Outputs)
            .Where(o => o.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))
            .Select(o => ((GeneratedFile)o.Value).HintName).ToArray();
        Assert.Equal(new[] { "AgentBay.SessionTools.CreateDirectory.g.cs" }, Modified(TrackingNames.Emit));
        Assert.Equal(new[] { "AgentBay.SessionTools.CreateDirectory.AI.g.cs" }, Modified(TrackingNames.AIEmit));
        // The names and methods of the tools are the same: AsAIFunctions is not emitted again.
        Assert.All(result.TrackedSteps[TrackingNames.AIClasses].SelectMany(s => s.Outputs), o => Assert.True(
            o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"AIClasses was {o.Reason}"));
    }

    [Fact]
    public void Adding_the_AI_package_emits_the_functions_and_removing_it_drops_them()
    {
        var driver = GeneratorHarness.CreateDriver(Standard).RunGenerators(GeneratorHarness.CreateCompilation());
        Assert.DoesNotContain(driver.GetRunResult().GeneratedTrees, t => IsAIFile(System.IO.Path.GetFileName(t.FilePath)));

        driver = driver.RunGenerators(GeneratorHarness.CreateCompilation(withAI: true));
        Assert.Contains(driver.GetRunResult().GeneratedTrees, t => t.FilePath.EndsWith("AgentBay.SessionTools.AIFunctions.g.cs", System.StringComparison.Ordinal));
        var emits = driver.GetRunResult().Results.Single().TrackedSteps[TrackingNames.Emit].SelectMany(s => s.Outputs);
        Assert.All(emits, o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));

        driver = driver.RunGenerators(GeneratorHarness.CreateCompilation());
        Assert.DoesNotContain(driver.GetRunResult().GeneratedTrees, t => IsAIFile(System.IO.Path.GetFileName(t.FilePath)));
    }
}
