using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AgentBay.Analyzers.Sessions;

/// <summary>Finds the leaked sessions of one member body: locals that receive a handed-over session and are neither
/// released nor handed off, sessions used inline and dropped, and hand-over results thrown away.</summary>
internal sealed class SessionLeakFinder
{
    private readonly OperationBlockAnalysisContext _context;
    private readonly SessionUseClassifier _classifier;
    private readonly Dictionary<ILocalSymbol, List<ILocalReferenceOperation>> _references = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ILocalSymbol, IVariableDeclaratorOperation> _declarators = new(SymbolEqualityComparer.Default);
    private readonly List<IOperation> _expressions = new();
    private readonly SessionSources _sources;
    private bool _callsHandoverMethod;

    public SessionLeakFinder(OperationBlockAnalysisContext context, AgentBaySymbols symbols, bool ownershipTransferAtCall)
    {
        _context = context;
        _classifier = new SessionUseClassifier(symbols, ownershipTransferAtCall);
        _sources = new SessionSources(symbols, _references, _declarators);
    }

    public void Run()
    {
        foreach (var block in _context.OperationBlocks)
        {
            Collect(block);
        }

        if (!_callsHandoverMethod)
        {
            return; // the common case: no session is handed over in this body
        }

        var trackedValues = new HashSet<IOperation>();
        foreach (var local in SessionLocals())
        {
            trackedValues.Add(local.AcquiredValue.WithoutConversions());
            AnalyzeLocal(local);
        }

        foreach (var expression in _expressions)
        {
            if (!trackedValues.Contains(expression))
            {
                AnalyzeExpression(expression);
            }
        }
    }

    private void Collect(IOperation root)
    {
        foreach (var operation in root.DescendantsAndSelf())
        {
            switch (operation)
            {
                case ILocalReferenceOperation reference:
                    if (!_references.TryGetValue(reference.Local, out var list))
                    {
                        list = new List<ILocalReferenceOperation>();
                        _references.Add(reference.Local, list);
                    }

                    list.Add(reference);
                    break;
                case IVariableDeclaratorOperation declarator:
                    _declarators[declarator.Symbol] = declarator;
                    break;
                case IInvocationOperation invocation:
                    _callsHandoverMethod |= _sources.Symbols.HandsOverSession(invocation.TargetMethod);
                    _expressions.Add(operation);
                    break;
                case IPropertyReferenceOperation or IAwaitOperation:
                    _expressions.Add(operation);
                    break;
            }
        }
    }

    /// <summary>Locals that receive a handed-over session exactly once (by declaration or assignment), outside using.</summary>
    private IEnumerable<SessionLocal> SessionLocals()
    {
        var acquisitions = new Dictionary<ILocalSymbol, List<SessionLocal>>(SymbolEqualityComparer.Default);
        foreach (var declarator in _declarators.Values)
        {
            if (declarator.Initializer is { } initializer && _sources.IsSessionSource(initializer.Value))
            {
                Add(acquisitions, new SessionLocal(declarator.Symbol, declarator, initializer.Value));
            }
        }

        foreach (var references in _references.Values)
        {
            foreach (var reference in references)
            {
                if (reference.Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference
                    && _sources.IsSessionSource(assignment.Value))
                {
                    Add(acquisitions, new SessionLocal(reference.Local, assignment, assignment.Value));
                }
            }
        }

        foreach (var candidates in acquisitions.Values)
        {
            if (candidates.Count == 1 && !IsDeclaredByUsing(candidates[0].Acquisition))
            {
                yield return candidates[0];
            }
        }

        static void Add(Dictionary<ILocalSymbol, List<SessionLocal>> map, SessionLocal local)
        {
            if (!map.TryGetValue(local.Symbol, out var list))
            {
                list = new List<SessionLocal>();
                map.Add(local.Symbol, list);
            }

            list.Add(local);
        }
    }

    private void AnalyzeLocal(SessionLocal local)
    {
        var owner = local.Symbol.ContainingSymbol;
        var releases = new List<IOperation>();
        if (_references.TryGetValue(local.Symbol, out var references))
        {
            foreach (var reference in references)
            {
                if (!SymbolEqualityComparer.Default.Equals(reference.EnclosingFunction() ?? _context.OwningSymbol, owner))
                {
                    return; // captured by a lambda or local function: it may be released there
                }

                if (reference.Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference)
                {
                    if (assignment == local.Acquisition || assignment.Value.IsNullConstant())
                    {
                        continue;
                    }

                    return; // holds something else at times: not followed
                }

                var use = _classifier.Classify(reference);
                if (use.Kind == SessionUseKind.Escape)
                {
                    return;
                }

                if (use.ReleasingOperation is { } release)
                {
                    releases.Add(release);
                }
            }
        }

        if (!_declarators.TryGetValue(local.Symbol, out var declarator)
            || (local.Acquisition != declarator && declarator.Initializer is { } initializer && !initializer.Value.IsNullConstant()))
        {
            return;
        }

        var name = "Session '" + local.Symbol.Name + "'";
        if (releases.Count == 0)
        {
            Report(AgentBayDescriptors.SessionNeverReleased, local.Location, name);
            return;
        }

        if (DeclaringBlock(declarator, local.Symbol) is { } scope
            && new ReleasePathWalker(local.Symbol, local.Acquisition, releases).Analyze(scope) == ReleaseCoverage.SomePaths)
        {
            Report(AgentBayDescriptors.SessionNotReleasedOnAllPaths, local.Location, name);
        }
    }

    private void AnalyzeExpression(IOperation expression)
    {
        if (_sources.IsSessionSource(expression))
        {
            // An inline session: (await client.CreateAsync()).Session.Tools.ShellAsync("ls") drops it at once.
            if (_classifier.Classify(expression).Kind == SessionUseKind.Neutral)
            {
                Report(AgentBayDescriptors.SessionNeverReleased, expression.Syntax.GetLocation(), InlineName(expression));
            }

            return;
        }

        var discarded = expression.ParentSkippingConversions(out var current) switch
        {
            IExpressionStatementOperation => true,
            ISimpleAssignmentOperation { Target: IDiscardOperation } assignment => assignment.Value == current,
            _ => false,
        };
        if (discarded && (_sources.IsHandoverResult(expression) || _sources.IsHandoverTask(expression)))
        {
            Report(AgentBayDescriptors.SessionNeverReleased, expression.Syntax.GetLocation(), InlineName(expression));
        }
    }

    private string InlineName(IOperation source) =>
        _sources.HandoverMethodName(source) is { } method ? "The session from '" + method + "'" : "The session";

    private void Report(DiagnosticDescriptor descriptor, Location location, string subject) =>
        _context.ReportDiagnostic(Diagnostic.Create(descriptor, location, subject));

    private static bool IsDeclaredByUsing(IOperation acquisition) =>
        acquisition is IVariableDeclaratorOperation { Parent.Parent: IVariableDeclarationGroupOperation group }
        && group.Parent is IUsingOperation or IUsingDeclarationOperation;

    private static IBlockOperation? DeclaringBlock(IOperation declarator, ILocalSymbol local)
    {
        for (var current = declarator.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IBlockOperation block when block.Locals.Contains(local, SymbolEqualityComparer.Default):
                    return block;
                case ISwitchCaseOperation or ILoopOperation or IUsingOperation:
                    return null; // scopes other than a block are not walked
            }
        }

        return null;
    }

    /// <summary>A local that receives a handed-over session at <see cref="Acquisition"/>.</summary>
    private sealed class SessionLocal
    {
        public SessionLocal(ILocalSymbol symbol, IOperation acquisition, IOperation acquiredValue)
        {
            Symbol = symbol;
            Acquisition = acquisition;
            AcquiredValue = acquiredValue;
        }

        public ILocalSymbol Symbol { get; }

        /// <summary>The declarator or the assignment.</summary>
        public IOperation Acquisition { get; }

        public IOperation AcquiredValue { get; }

        public Location Location => Acquisition switch
        {
            IVariableDeclaratorOperation { Syntax: VariableDeclaratorSyntax syntax } => syntax.Identifier.GetLocation(),
            ISimpleAssignmentOperation assignment => assignment.Target.Syntax.GetLocation(),
            _ => Acquisition.Syntax.GetLocation(),
        };
    }
}
