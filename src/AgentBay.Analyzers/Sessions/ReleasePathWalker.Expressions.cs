using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AgentBay.Analyzers.Sessions;

internal sealed partial class ReleasePathWalker
{
    /// <summary>The state after a statement or expression that the walker does not split into paths: it acquires or
    /// releases only if the acquisition or release inside it always runs when it runs.</summary>
    private bool Simple(IOperation operation, bool held)
    {
        var acquires = _acquisitionPath.Contains(operation);
        var releases = new List<IOperation>();
        foreach (var release in _releases)
        {
            if (release.IsWithin(operation))
            {
                releases.Add(release);
            }
        }

        if (!acquires && releases.Count == 0)
        {
            return held;
        }

        if (acquires && releases.Count > 0)
        {
            GiveUp();
            return held;
        }

        if (acquires)
        {
            if (!RunsWhenever(_acquisition, operation))
            {
                GiveUp();
            }

            return true;
        }

        foreach (var release in releases)
        {
            if (!RunsWhenever(release, operation))
            {
                GiveUp();
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="inner"/> runs every time <paramref name="outer"/> runs to completion: no
    /// conditional expression, short-circuit operator, null-conditional access (except on the session itself) or
    /// lambda lies between them.</summary>
    private bool RunsWhenever(IOperation inner, IOperation outer)
    {
        var child = inner;
        for (var parent = inner.Parent; child != outer; child = parent, parent = parent.Parent)
        {
            if (parent is null)
            {
                return false;
            }

            var conditional = parent switch
            {
                IConditionalOperation conditionalExpression => child != conditionalExpression.Condition,
                IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr } binary => child == binary.RightOperand,
                ICoalesceOperation coalesce => child == coalesce.WhenNull,
                ICoalesceAssignmentOperation coalesceAssignment => child == coalesceAssignment.Value,
                IConditionalAccessOperation access => child == access.WhenNotNull && !access.Operation.IsReferenceTo(_local),
                ISwitchExpressionArmOperation => true,
                IAnonymousFunctionOperation or ILocalFunctionOperation => true,
                _ => false,
            };
            if (conditional)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether a finally block releases the session whenever it runs with the session held. Walked by a
    /// separate walker so that its exits and give-ups do not leak into this one's verdict.</summary>
    private bool AlwaysReleases(IOperation finallyBlock)
    {
        var probe = new ReleasePathWalker(_local, _acquisition, _releases);
        var end = probe.Walk(finallyBlock, held: true);
        return !probe._gaveUp && end.Reachable && !end.Held;
    }

    /// <summary>The state of one path: whether control can get here, and whether the session may then be held.</summary>
    private readonly struct Flow
    {
        public Flow(bool reachable, bool held)
        {
            Reachable = reachable;
            Held = held;
        }

        public static Flow Unreachable => new(false, false);

        public bool Reachable { get; }

        public bool Held { get; }

        public Flow Join(Flow other)
        {
            if (!Reachable)
            {
                return other;
            }

            return other.Reachable ? new Flow(true, Held || other.Held) : this;
        }
    }
}
