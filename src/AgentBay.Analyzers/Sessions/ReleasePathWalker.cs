using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AgentBay.Analyzers.Sessions;

/// <summary>Walks the statements of the block that declares a session local and tracks whether the session may still
/// be held. Exceptional paths are not followed (a throw ends a path without complaint): the rule is about releases
/// that sit in one branch only or that an early return skips, the mistakes that a reader can see and fix.</summary>
internal sealed partial class ReleasePathWalker
{
    private readonly ILocalSymbol _local;
    private readonly IOperation _acquisition;
    private readonly IReadOnlyCollection<IOperation> _releases;
    private readonly HashSet<IOperation> _acquisitionPath;
    private readonly HashSet<IOperation> _releasePath;

    // Jump targets inside the walked code (loop and switch labels): a break to them does not leave the scope.
    private readonly Dictionary<ILabelSymbol, Flow> _internalTargets = new(SymbolEqualityComparer.Default);

    // How many enclosing try/finally or using blocks release the session whenever control leaves them.
    private int _protectedDepth;
    private bool _gaveUp;
    private bool _leakyExit;

    public ReleasePathWalker(ILocalSymbol local, IOperation acquisition, IReadOnlyCollection<IOperation> releases)
    {
        _local = local;
        _acquisition = acquisition;
        _releases = releases;
        _acquisitionPath = new HashSet<IOperation>(AncestorsAndSelf(acquisition));
        _releasePath = new HashSet<IOperation>(releases.SelectMany(AncestorsAndSelf));
    }

    public ReleaseCoverage Analyze(IBlockOperation scope)
    {
        var end = Walk(scope, held: false);
        if (_gaveUp)
        {
            return ReleaseCoverage.Unknown;
        }

        return _leakyExit || (end.Reachable && end.Held) ? ReleaseCoverage.SomePaths : ReleaseCoverage.AllPaths;
    }

    private Flow Walk(IOperation statement, bool held)
    {
        if (_gaveUp)
        {
            return Flow.Unreachable;
        }

        switch (statement)
        {
            case IBlockOperation block:
                return Sequence(block.Operations, held);
            case IConditionalOperation ifStatement:
                return If(ifStatement, held);
            case ITryOperation tryStatement:
                return Try(tryStatement, held);
            case IUsingOperation usingStatement:
                return Using(usingStatement, held);
            case ILoopOperation loop:
                return Loop(loop, held);
            case ISwitchOperation switchStatement:
                return Switch(switchStatement, held);
            case IReturnOperation { Kind: OperationKind.YieldReturn } yieldReturn:
                return new Flow(true, Simple(yieldReturn, held));
            case IReturnOperation exit:
                Exit(exit.ReturnedValue is null ? held : Simple(exit.ReturnedValue, held));
                return Flow.Unreachable;
            case IBranchOperation branch:
                return Branch(branch, held);
            case IThrowOperation:
            case IExpressionStatementOperation { Operation: IThrowOperation }:
                return Flow.Unreachable;
            case ILabeledOperation labeled:
                return labeled.Operation is null ? new Flow(true, held) : Walk(labeled.Operation, held);
            case ILockOperation lockStatement:
                return Walk(lockStatement.Body, Simple(lockStatement.LockedValue, held));
            case ILocalFunctionOperation:
                // Its body runs when called; a session it touches was captured and so never tracked.
                return new Flow(true, held);
            default:
                return new Flow(true, Simple(statement, held));
        }
    }

    private Flow Sequence(IEnumerable<IOperation> statements, bool held)
    {
        var flow = new Flow(true, held);
        foreach (var statement in statements)
        {
            if (!flow.Reachable)
            {
                break;
            }

            flow = Walk(statement, flow.Held);
        }

        return flow;
    }

    private Flow If(IConditionalOperation ifStatement, bool held)
    {
        held = Simple(ifStatement.Condition, held);
        var heldWhenTrue = held;
        var heldWhenFalse = held;
        switch (NullTest.Of(ifStatement.Condition, _local))
        {
            case NullTestKind.NotNullWhenTrue:
                heldWhenFalse = false; // null: nothing to release
                break;
            case NullTestKind.NullWhenTrue:
                heldWhenTrue = false;
                break;
        }

        var whenTrue = Walk(ifStatement.WhenTrue, heldWhenTrue);
        var whenFalse = ifStatement.WhenFalse is null ? new Flow(true, heldWhenFalse) : Walk(ifStatement.WhenFalse, heldWhenFalse);
        return whenTrue.Join(whenFalse);
    }

    private Flow Try(ITryOperation tryStatement, bool held)
    {
        if (tryStatement.Finally is { } finallyBlock && _acquisitionPath.Contains(finallyBlock))
        {
            return GiveUp();
        }

        var finallyReleases = tryStatement.Finally is { } block && _releasePath.Contains(block) && AlwaysReleases(block);
        if (finallyReleases)
        {
            _protectedDepth++;
        }

        var body = Walk(tryStatement.Body, held);
        var result = body;
        // A catch starts somewhere in the body: say the session is held there only if it was held both before the try
        // and at the body's end, so an exception thrown before the session existed never counts against it.
        var heldAtCatch = held && (!body.Reachable || body.Held);
        foreach (var catchClause in tryStatement.Catches)
        {
            result = result.Join(Walk(catchClause.Handler, heldAtCatch));
        }

        if (finallyReleases)
        {
            _protectedDepth--;
        }

        if (tryStatement.Finally is null)
        {
            return result;
        }

        var afterFinally = Walk(tryStatement.Finally, result.Held);
        return new Flow(result.Reachable && afterFinally.Reachable, afterFinally.Held);
    }

    private Flow Using(IUsingOperation usingStatement, bool held)
    {
        if (_releases.Contains(usingStatement))
        {
            // using (s) / await using (s.ConfigureAwait(false)): every way out of the body disposes the session.
            _protectedDepth++;
            var body = Walk(usingStatement.Body, held);
            _protectedDepth--;
            return new Flow(body.Reachable, false);
        }

        return Walk(usingStatement.Body, Simple(usingStatement.Resources, held));
    }

    private Flow Loop(ILoopOperation loop, bool held)
    {
        if (_acquisitionPath.Contains(loop) || _releasePath.Contains(loop))
        {
            // Releases inside loops depend on iteration counts we do not model.
            return GiveUp();
        }

        AddInternalTarget(loop.ExitLabel);
        AddInternalTarget(loop.ContinueLabel);
        Walk(loop.Body, held); // only for the returns inside it
        // while (true) / for (;;) end only through a break; any other loop may also run zero times.
        return RunsForever(loop) ? BreaksTo(loop.ExitLabel) : new Flow(true, held);
    }

    private static bool RunsForever(ILoopOperation loop) => loop switch
    {
        IWhileLoopOperation { Condition: { ConstantValue: { HasValue: true, Value: true } } } => true,
        IForLoopOperation { Condition: null } => true,
        IForLoopOperation { Condition: { ConstantValue: { HasValue: true, Value: true } } } => true,
        _ => false,
    };

    private Flow Switch(ISwitchOperation switchStatement, bool held)
    {
        if (_acquisitionPath.Contains(switchStatement) && !_acquisitionPath.Contains(switchStatement.Value))
        {
            return GiveUp();
        }

        held = Simple(switchStatement.Value, held);
        AddInternalTarget(switchStatement.ExitLabel);
        var end = Flow.Unreachable;
        var hasDefault = false;
        foreach (var section in switchStatement.Cases)
        {
            hasDefault |= section.Clauses.Any(c => c is IDefaultCaseClauseOperation
                || c is IPatternCaseClauseOperation { Pattern: IDiscardPatternOperation, Guard: null });
            end = end.Join(Sequence(section.Body, held));
        }

        if (!hasDefault)
        {
            end = end.Join(new Flow(true, held));
        }

        return end.Join(BreaksTo(switchStatement.ExitLabel));
    }

    private Flow Branch(IBranchOperation branch, bool held)
    {
        if (branch.BranchKind == BranchKind.GoTo)
        {
            return GiveUp();
        }

        if (_internalTargets.TryGetValue(branch.Target, out var reachedSoFar))
        {
            _internalTargets[branch.Target] = reachedSoFar.Join(new Flow(true, held));
            return Flow.Unreachable;
        }

        // break or continue of a loop around the scope: the session's scope ends here.
        Exit(held);
        return Flow.Unreachable;
    }

    private void Exit(bool held)
    {
        if (held && _protectedDepth == 0)
        {
            _leakyExit = true;
        }
    }

    private Flow GiveUp()
    {
        _gaveUp = true;
        return Flow.Unreachable;
    }

    private void AddInternalTarget(ILabelSymbol? label)
    {
        if (label is not null)
        {
            _internalTargets[label] = Flow.Unreachable;
        }
    }

    /// <summary>The state at a label as the breaks that jump to it leave it.</summary>
    private Flow BreaksTo(ILabelSymbol label) =>
        _internalTargets.TryGetValue(label, out var reached) ? reached : Flow.Unreachable;

    private static IEnumerable<IOperation> AncestorsAndSelf(IOperation operation)
    {
        for (var current = operation; current is not null; current = current.Parent)
        {
            yield return current;
        }
    }
}
