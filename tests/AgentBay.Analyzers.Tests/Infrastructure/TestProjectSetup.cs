using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;

namespace AgentBay.Analyzers.Tests.Infrastructure;

/// <summary>What every analyzer and code-fix test project gets: offline references, the standard spec run through the
/// real generator (as sources), nullable enabled, and the usual usings so test sources show only the code under test.</summary>
internal static class TestProjectSetup
{
    public const string Usings = """
        global using System;
        global using System.Collections.Generic;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using AgentBay;

        """;

    /// <summary>The sources every project state lists: the usings and the generated client.</summary>
    public static void AddSharedSources(SolutionState state)
    {
        state.Sources.Add(("/Usings.cs", Usings));
        state.Sources.AddRange(GeneratedClient.Sources);
    }

    public static void Apply(SolutionState state, List<Func<Solution, ProjectId, Solution>> solutionTransforms, string? editorConfig)
    {
        state.ReferenceAssemblies = OfflineReferences.None;
        state.AdditionalReferences.AddRange(OfflineReferences.All);
        AddSharedSources(state);
        if (editorConfig is not null)
        {
            state.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\n" + editorConfig));
        }

        solutionTransforms.Add(static (solution, projectId) =>
        {
            var project = solution.GetProject(projectId)!;
            var options = (CSharpCompilationOptions)project.CompilationOptions!;
            return solution.WithProjectCompilationOptions(projectId, options.WithNullableContextOptions(NullableContextOptions.Enable));
        });
    }
}
