using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using AgentBay.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AgentBay.CodeFixes;

/// <summary>AGB2001: replaces an out-of-range constant with the nearest bound of the parameter's range. The analyzer
/// computes the bound (as a literal of the parameter's type), so the fix is purely syntactic and fix-all is a batch.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ArgumentRangeCodeFixProvider)), Shared]
public sealed class ArgumentRangeCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(AgentBayDiagnosticIds.ArgumentOutOfRange);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(ArgumentRangeAnalyzer.NearestBoundProperty, out var literal)
                || literal is null
                || root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax argument)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Use the nearest allowed value " + literal,
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(
                        argument,
                        SyntaxFactory.ParseExpression(literal).WithTriviaFrom(argument)))),
                    equivalenceKey: nameof(ArgumentRangeCodeFixProvider)),
                diagnostic);
        }
    }
}
