using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace AgentBay.Analyzers.Tests.Infrastructure;

/// <summary>An analyzer test over the standard spec's generated client.</summary>
internal sealed class AgentBayAnalyzerTest<TAnalyzer> : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public AgentBayAnalyzerTest(string source, string? editorConfig = null)
    {
        TestCode = source;
        ReferenceAssemblies = OfflineReferences.None;
        TestProjectSetup.Apply(TestState, SolutionTransforms, editorConfig);
    }

    public static Task VerifyAsync(string source, params DiagnosticResult[] expected) =>
        VerifyAsync(source, null, expected);

    public static Task VerifyAsync(string source, string? editorConfig, params DiagnosticResult[] expected)
    {
        var test = new AgentBayAnalyzerTest<TAnalyzer>(source, editorConfig);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}
