using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentBay.Analyzers;
using AgentBay.Analyzers.Sessions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace AgentBay.CodeFixes;

/// <summary>AGB2002/AGB2003 on a local declaration: make it <c>await using</c> (<c>using</c> outside async code), or
/// wrap the rest of the block in try/finally that deletes the session. Disposing and deleting are idempotent in the
/// generated session, so a fix next to an existing conditional release is safe.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SessionReleaseCodeFixProvider)), Shared]
public sealed class SessionReleaseCodeFixProvider : CodeFixProvider
{
    private const string UsingKey = "AgentBay.Session.Using";
    private const string FinallyKey = "AgentBay.Session.DeleteInFinally";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(AgentBayDiagnosticIds.SessionNeverReleased, AgentBayDiagnosticIds.SessionNotReleasedOnAllPaths);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var token = root.FindToken(diagnostic.Location.SourceSpan.Start);
            if (token.Parent is not VariableDeclaratorSyntax declarator
                || declarator.Parent?.Parent is not LocalDeclarationStatementSyntax statement
                || statement.Declaration.Variables.Count != 1
                || statement.UsingKeyword.IsKind(SyntaxKind.UsingKeyword)
                || statement.Parent is not (BlockSyntax or GlobalStatementSyntax))
            {
                continue;
            }

            var awaits = AsyncContext.AllowsAwait(statement);
            context.RegisterCodeFix(
                CodeAction.Create(
                    awaits ? "Dispose the session with 'await using'" : "Dispose the session with 'using'",
                    ct => AddUsingAsync(context.Document, statement, awaits, ct),
                    UsingKey),
                diagnostic);

            if (statement.Parent is BlockSyntax)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Delete the session in a finally block",
                        ct => DeleteInFinallyAsync(context.Document, statement, declarator, awaits, ct),
                        FinallyKey),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> AddUsingAsync(Document document, LocalDeclarationStatementSyntax statement, bool awaits, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var declarator = statement.Declaration.Variables[0];
        var useAwait = awaits && model?.GetDeclaredSymbol(declarator, cancellationToken) is ILocalSymbol local && IsAsyncDisposable(local.Type);
        var updated = statement.WithoutLeadingTrivia()
            .WithUsingKeyword(Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(Space))
            .WithAwaitKeyword(useAwait ? Token(SyntaxKind.AwaitKeyword).WithTrailingTrivia(Space) : default)
            .WithLeadingTrivia(statement.GetLeadingTrivia());
        return document.WithSyntaxRoot(root!.ReplaceNode(statement, updated));
    }

    private static async Task<Document> DeleteInFinallyAsync(
        Document document, LocalDeclarationStatementSyntax statement, VariableDeclaratorSyntax declarator, bool awaits, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var block = (BlockSyntax)statement.Parent!;
        var sessionType = (model?.GetDeclaredSymbol(declarator, cancellationToken) as ILocalSymbol)?.Type;
        var release = ReleaseCall(sessionType, awaits, model?.Compilation);
        var name = declarator.Identifier.ValueText;
        var releaseStatement = ParseStatement(awaits && release.IsAsync ? $"await {name}.{release.Name}();" : $"{name}.{release.Name}();");

        var index = block.Statements.IndexOf(statement);
        var rest = block.Statements.Skip(index + 1);
        var tryStatement = TryStatement(Block(rest), default, FinallyClause(Block(releaseStatement)))
            .WithAdditionalAnnotations(Formatter.Annotation);
        var updated = block.WithStatements(List(block.Statements.Take(index + 1).Append(tryStatement)));
        return document.WithSyntaxRoot(root!.ReplaceNode(block, updated));
    }

    /// <summary>The session's delete method (<c>[AgentBayReleasesSession]</c>, callable without arguments), async in
    /// async code; Dispose/DisposeAsync when there is none.</summary>
    private static (string Name, bool IsAsync) ReleaseCall(ITypeSymbol? sessionType, bool awaits, Compilation? compilation)
    {
        var symbols = compilation is null ? null : AgentBaySymbols.TryCreate(compilation);
        var candidates = sessionType?.GetMembers().OfType<IMethodSymbol>()
            .Where(m => !m.IsStatic && m.Parameters.All(p => p.IsOptional) && symbols is not null && symbols.ReleasesSession(m))
            .ToList();
        var chosen = candidates?.FirstOrDefault(m => m.ReturnsTask() == awaits) ?? candidates?.FirstOrDefault();
        if (chosen is not null)
        {
            return (chosen.Name, chosen.ReturnsTask());
        }

        return awaits && sessionType is not null && IsAsyncDisposable(sessionType) ? ("DisposeAsync", true) : ("Dispose", false);
    }

    private static bool IsAsyncDisposable(ITypeSymbol type) =>
        type.AllInterfaces.Any(i => i.Name == "IAsyncDisposable" && i.ContainingNamespace?.ToDisplayString() == "System");
}
