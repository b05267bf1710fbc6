using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using AgentBay.Analyzers.Tools;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AgentBay.Analyzers;

/// <summary>AGB2004: <c>CallMcpTool[Async]("shell", ...)</c> where the spec generated a typed wrapper;
/// AGB2005: a constant tool name that no spec defines (only when the session has typed tools at all, so a project
/// without tools in its spec stays quiet).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UntypedToolCallAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(AgentBayDescriptors.ToolHasTypedWrapper, AgentBayDescriptors.UnknownToolName);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            // Resolved at the first invocation (see AgentBaySymbols.Deferred); without the runtime's attributes every
            // invocation returns at once.
            var symbols = AgentBaySymbols.Deferred(start.Compilation);

            // One catalog per session type and compilation: the members of a type do not change within a compilation.
            var catalogs = new ConcurrentDictionary<INamedTypeSymbol, ToolCatalog>(SymbolEqualityComparer.Default);
            start.RegisterOperationAction(c => AnalyzeInvocation(c, symbols, catalogs), OperationKind.Invocation);
        });
    }

    private static void AnalyzeInvocation(
        OperationAnalysisContext context,
        Lazy<AgentBaySymbols?> lazySymbols,
        ConcurrentDictionary<INamedTypeSymbol, ToolCatalog> catalogs)
    {
        if (lazySymbols.Value is not { } symbols)
        {
            return;
        }

        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (!symbols.IsUntypedToolCall(method) || method.ContainingType is not { } sessionType)
        {
            return;
        }

        var nameArgument = ToolNameArgument(invocation);
        if (nameArgument?.Value.ConstantValue is not { HasValue: true, Value: string toolName })
        {
            return;
        }

        var catalog = catalogs.GetOrAdd(sessionType.OriginalDefinition, t => ToolCatalog.For(t, symbols));
        if (catalog.IsEmpty)
        {
            return;
        }

        if (catalog.TryGet(toolName, out var tool))
        {
            var wrapper = tool.WrapperFor(method) ?? tool.AsyncMethod ?? tool.SyncMethod;
            context.ReportDiagnostic(Diagnostic.Create(
                AgentBayDescriptors.ToolHasTypedWrapper,
                invocation.Syntax.GetLocation(),
                toolName,
                tool.ToolsProperty.Name + "." + wrapper?.Name,
                method.Name));
        }
        else
        {
            context.ReportDiagnostic(Diagnostic.Create(
                AgentBayDescriptors.UnknownToolName,
                nameArgument.Value.Syntax.GetLocation(),
                toolName));
        }
    }

    /// <summary>The argument bound to the first parameter, the tool name, whether passed by position or by name.</summary>
    internal static IArgumentOperation? ToolNameArgument(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Ordinal == 0)
            {
                return argument;
            }
        }

        return null;
    }
}
