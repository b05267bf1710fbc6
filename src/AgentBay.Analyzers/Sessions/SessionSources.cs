using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AgentBay.Analyzers.Sessions;

/// <summary>Recognises expressions whose value is a session the caller now owns: the <c>Session</c> of a result that a
/// <c>[AgentBayHandsOverSession]</c> method returned (<c>(await client.CreateAsync()).Session</c>,
/// <c>client.Create().Session</c>, <c>r.Session</c> of a local <c>r</c> holding such a result), or a session such a
/// method returns directly.</summary>
internal sealed class SessionSources
{
    private readonly AgentBaySymbols _symbols;
    private readonly IReadOnlyDictionary<ILocalSymbol, List<ILocalReferenceOperation>> _references;
    private readonly IReadOnlyDictionary<ILocalSymbol, IVariableDeclaratorOperation> _declarators;
    private readonly Dictionary<ILocalSymbol, bool> _resultLocals = new(SymbolEqualityComparer.Default);

    public SessionSources(
        AgentBaySymbols symbols,
        IReadOnlyDictionary<ILocalSymbol, List<ILocalReferenceOperation>> references,
        IReadOnlyDictionary<ILocalSymbol, IVariableDeclaratorOperation> declarators)
    {
        _symbols = symbols;
        _references = references;
        _declarators = declarators;
    }

    public AgentBaySymbols Symbols => _symbols;

    /// <summary>True when <paramref name="operation"/> evaluates to a session handed over to this code.</summary>
    public bool IsSessionSource(IOperation operation)
    {
        var value = operation.WithoutConversions();
        if (value is IPropertyReferenceOperation { Instance: { } instance } property && _symbols.IsSessionType(property.Type))
        {
            var owner = instance.WithoutConversions();
            return IsHandoverResult(owner)
                || owner is ILocalReferenceOperation result && IsResultLocal(result.Local);
        }

        return IsHandoverResult(value) && _symbols.IsSessionType(value.Type);
    }

    /// <summary>The value a hand-over method produced: <c>client.Create()</c>, <c>await client.CreateAsync()</c>,
    /// <c>await client.CreateAsync().ConfigureAwait(false)</c>.</summary>
    public bool IsHandoverResult(IOperation operation)
    {
        var value = operation.WithoutConversions();
        if (value is IAwaitOperation awaited)
        {
            return IsHandoverTask(awaited.Operation);
        }

        return value is IInvocationOperation invocation
            && _symbols.HandsOverSession(invocation.TargetMethod)
            && !invocation.TargetMethod.ReturnsTask();
    }

    /// <summary>The task of an async hand-over method, possibly configured: <c>client.CreateAsync().ConfigureAwait(false)</c>.</summary>
    public bool IsHandoverTask(IOperation operation)
    {
        var value = operation.WithoutConversions();
        if (value is not IInvocationOperation invocation)
        {
            return false;
        }

        if (_symbols.HandsOverSession(invocation.TargetMethod))
        {
            return invocation.TargetMethod.ReturnsTask();
        }

        return invocation.TargetMethod.Name == "ConfigureAwait"
            && invocation.Instance is { } task
            && task.WithoutConversions() is IInvocationOperation inner
            && _symbols.HandsOverSession(inner.TargetMethod);
    }

    /// <summary>The name of the hand-over method behind a source, for messages; for <c>r.Session</c> it is the method
    /// that initialised the result local <c>r</c>.</summary>
    public string? HandoverMethodName(IOperation source)
    {
        if (source.WithoutConversions() is IPropertyReferenceOperation { Instance: { } instance }
            && instance.WithoutConversions() is ILocalReferenceOperation result
            && _declarators.TryGetValue(result.Local, out var declarator)
            && declarator.Initializer is { } initializer)
        {
            source = initializer.Value;
        }

        foreach (var operation in source.DescendantsAndSelf())
        {
            if (operation is IInvocationOperation invocation && _symbols.HandsOverSession(invocation.TargetMethod))
            {
                return invocation.TargetMethod.Name;
            }
        }

        return null;
    }

    /// <summary>A local such as <c>r</c> in <c>var r = client.Create(); var s = r.Session;</c>. It counts only when its
    /// session is read exactly once and nothing else happens to it but reading other members (Success, ErrorMessage):
    /// otherwise the session may have gone elsewhere and we stay quiet.</summary>
    private bool IsResultLocal(ILocalSymbol local)
    {
        if (_resultLocals.TryGetValue(local, out var known))
        {
            return known;
        }

        var qualifies = _declarators.TryGetValue(local, out var declarator)
            && declarator.Initializer is { } initializer
            && IsHandoverResult(initializer.Value)
            && HasOneSessionRead(local);
        _resultLocals[local] = qualifies;
        return qualifies;
    }

    private bool HasOneSessionRead(ILocalSymbol local)
    {
        if (!_references.TryGetValue(local, out var references))
        {
            return false;
        }

        var sessionReads = 0;
        foreach (var reference in references)
        {
            if (reference.Parent is not IPropertyReferenceOperation property || property.Instance != reference)
            {
                return false;
            }

            if (_symbols.IsSessionType(property.Type))
            {
                sessionReads++;
            }
        }

        return sessionReads == 1;
    }
}
