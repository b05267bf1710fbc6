using System;
using System.Collections.Immutable;
using AgentBay.Analyzers.Sessions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

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
            var symbols = AgentBaySymbols.Deferred(start.Compilation);
            start.RegisterOperationBlockStartAction(blockStart =>
            {
                // Without the runtime's attributes (a compilation that does not reference AgentBay.Runtime) no body is followed.
                if (symbols.Value is { } resolved)
                {
                    OnBlockStart(blockStart, resolved);
                }
            });
        });
    }

    /// <summary>Every finding needs a call to a hand-over method in the body (the session comes from one), and most
    /// bodies make none. The driver already visits every operation of the body, so an invocation callback marks the
    /// bodies that call one, and only those are walked and analysed, at the end of the block: the same bodies the
    /// finder would analyse after walking every body itself. (The driver leaves out operations in generated code, i.e.
    /// #line hidden regions, as this analyzer skips generated code; but it then skips any body that has such a region
    /// altogether, block start included, as it did the block action before.)</summary>
    private static void OnBlockStart(OperationBlockStartAnalysisContext context, AgentBaySymbols symbols)
    {
        var body = new BodyState();
        context.RegisterOperationAction(c =>
        {
            if (!body.CallsHandoverMethod && symbols.HandsOverSession(((IInvocationOperation)c.Operation).TargetMethod))
            {
                body.CallsHandoverMethod = true;
            }
        }, OperationKind.Invocation);
        context.RegisterOperationBlockEndAction(end =>
        {
            if (body.CallsHandoverMethod)
            {
                new SessionLeakFinder(end, symbols, OwnershipTransferAtCall(end)).Run();
            }
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

    /// <summary>What the invocation callbacks of one body found. The driver runs the block-end action after all of
    /// the body's operation callbacks; the flag only ever goes from false to true.</summary>
    private sealed class BodyState
    {
        public volatile bool CallsHandoverMethod;
    }
}
