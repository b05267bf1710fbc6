using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace AgentBay.Analyzers.Tests.Infrastructure;

/// <summary>A code-fix test over the standard spec's generated client; the framework also runs fix-all in document,
/// project and solution scope and checks it reaches the same code.</summary>
internal sealed class AgentBayCodeFixTest<TAnalyzer, TCodeFix> : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public AgentBayCodeFixTest(string source, string fixedSource)
    {
        TestCode = source;
        FixedCode = fixedSource;
        TestProjectSetup.Apply(TestState, SolutionTransforms, editorConfig: null);
        ReferenceAssemblies = OfflineReferences.None;
        // Fixed sources are listed in full; references and options are inherited from TestState.
        TestProjectSetup.AddSharedSources(FixedState);
    }

    public static Task VerifyAsync(string source, string fixedSource, params DiagnosticResult[] expected) =>
        VerifyAsync(source, fixedSource, codeActionIndex: null, expected);

    public static Task VerifyAsync(string source, string fixedSource, int? codeActionIndex, params DiagnosticResult[] expected)
    {
        var test = new AgentBayCodeFixTest<TAnalyzer, TCodeFix>(source, fixedSource) { CodeActionIndex = codeActionIndex };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}
