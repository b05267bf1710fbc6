using System;
using System.Collections.Immutable;
using AgentBay.Analyzers.Sessions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AgentBay.Analyzers;

/// <summary>AGB2002: a session handed over by the client (create, get) that the method never releases nor hands off;
/// AGB2003: one released on some paths only. Sessions are recognised by the runtime's attributes, never by "any
/// IAsyncDisposable", and every ownership transfer counts as a release, so the rule can stay on.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SessionLeakAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The .editorconfig key that decides whether passing a session to a method or constructor hands it off
    /// (like CA2000's <c>dispose_ownership_transfer_at_method_call</c>). True by default.</summary>
    public const string OwnershipTransferOption = "dotnet_code_quality.AGB2002.ownership_transfer_at_method_call";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(AgentBayDescriptors.SessionNeverReleased, AgentBayDescriptors.SessionNotReleasedOnAllPaths);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (AgentBaySymbols.TryCreate(start.Compilation) is not { } symbols)
            {
                return;
            }

            start.RegisterOperationBlockAction(block =>
                new SessionLeakFinder(block, symbols, OwnershipTransferAtCall(block)).Run());
        });
    }

    private static bool OwnershipTransferAtCall(OperationBlockAnalysisContext context)
    {
        if (context.OperationBlocks.IsEmpty)
        {
            return true;
        }

        var options = context.Options.AnalyzerConfigOptionsProvider.GetOptions(context.OperationBlocks[0].Syntax.SyntaxTree);
        return !options.TryGetValue(OwnershipTransferOption, out var value)
            || !string.Equals(value.Trim(), "false", StringComparison.OrdinalIgnoreCase);
    }
}
