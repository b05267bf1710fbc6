using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentBay.Analyzers;
using AgentBay.Analyzers.Tools;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace AgentBay.CodeFixes;

/// <summary>AGB2004: rewrites <c>session.CallMcpToolAsync("shell", new Dictionary&lt;string, object?&gt; { ["command"] = "ls" })</c>
/// to <c>session.Tools.ShellAsync(command: "ls")</c>, keeping the sync or async form. Offered only when every key maps
/// to a parameter, every value converts, and no untyped-only option (timeouts, autoGenSession) is set.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TypedToolCodeFixProvider)), Shared]
public sealed class TypedToolCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(AgentBayDiagnosticIds.ToolHasTypedWrapper);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null || AgentBaySymbols.TryCreate(model.Compilation) is not { } symbols)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax invocation
                || Rewrite(invocation, model, symbols, context.CancellationToken) is not { } replacement)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Call the typed tool wrapper",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(invocation, replacement.WithTriviaFrom(invocation)))),
                    nameof(TypedToolCodeFixProvider)),
                diagnostic);
        }
    }

    private static InvocationExpressionSyntax? Rewrite(InvocationExpressionSyntax invocation, SemanticModel model, AgentBaySymbols symbols, CancellationToken cancellationToken)
    {
        if (model.GetOperation(invocation, cancellationToken) is not IInvocationOperation call
            || call.TargetMethod.ContainingType is not { } sessionType
            || UntypedToolCallAnalyzer.ToolNameArgument(call)?.Value.ConstantValue.Value is not string toolName
            || !ToolCatalog.For(sessionType.OriginalDefinition, symbols).TryGet(toolName, out var tool)
            || tool.WrapperFor(call.TargetMethod) is not { } wrapper)
        {
            return null;
        }

        var arguments = call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 1) is { } dictionary
            ? ToolArguments.Map(dictionary.Value, wrapper, model)
            : null;
        if (arguments is null)
        {
            return null;
        }

        // Options of the untyped call that the wrapper does not have block the fix; a cancellation token carries over.
        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter is not { Ordinal: > 1 } parameter || argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            var target = wrapper.Parameters.FirstOrDefault(p => ToolArguments.IsCancellationToken(p.Type));
            if (!ToolArguments.IsCancellationToken(parameter.Type) || target is null || argument.Value.Syntax is not ExpressionSyntax token)
            {
                return null;
            }

            arguments.Add((target.Name, token));
        }

        ExpressionSyntax tools = invocation.Expression switch
        {
            MemberAccessExpressionSyntax access => access.WithName(IdentifierName(tool.ToolsProperty.Name)),
            IdentifierNameSyntax => IdentifierName(tool.ToolsProperty.Name),
            _ => null!,
        };
        if (tools is null)
        {
            return null;
        }

        var wrapperAccess = MemberAccessExpression(Microsoft.CodeAnalysis.CSharp.SyntaxKind.SimpleMemberAccessExpression, tools, IdentifierName(wrapper.Name));
        var argumentList = ArgumentList(SeparatedList(arguments.Select(a =>
            Argument(a.Value.WithoutTrivia()).WithNameColon(NameColon(IdentifierName(a.Parameter))))));
        return InvocationExpression(wrapperAccess, argumentList);
    }
}
