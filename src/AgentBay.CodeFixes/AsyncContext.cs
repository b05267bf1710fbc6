using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AgentBay.CodeFixes;

/// <summary>Whether code at a position may use <c>await</c>: inside an async method, lambda or local function, or in
/// top-level statements that already await (adding the first await there would change the entry point's shape).</summary>
internal static class AsyncContext
{
    public static bool AllowsAwait(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case AnonymousFunctionExpressionSyntax lambda:
                    return lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword);
                case LocalFunctionStatementSyntax localFunction:
                    return localFunction.Modifiers.Any(SyntaxKind.AsyncKeyword);
                case MethodDeclarationSyntax method:
                    return method.Modifiers.Any(SyntaxKind.AsyncKeyword);
                case GlobalStatementSyntax:
                    return current.Parent is CompilationUnitSyntax unit && unit.Members.OfType<GlobalStatementSyntax>().Any(Awaits);
                case MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }

    private static bool Awaits(GlobalStatementSyntax statement) =>
        statement.DescendantNodesAndSelf(n => n is not AnonymousFunctionExpressionSyntax and not LocalFunctionStatementSyntax)
            .Any(n => n is AwaitExpressionSyntax
                || n is LocalDeclarationStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }
                || n is UsingStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }
                || n is CommonForEachStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword });
}
