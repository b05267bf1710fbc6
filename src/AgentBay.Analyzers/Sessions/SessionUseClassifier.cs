using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AgentBay.Analyzers.Sessions;

/// <summary>Decides what one occurrence of a session value does with it. Anything not understood counts as an escape,
/// so an unusual pattern costs a missed warning, never a false one.</summary>
internal sealed class SessionUseClassifier
{
    private readonly AgentBaySymbols _symbols;
    private readonly bool _ownershipTransferAtCall;

    /// <param name="symbols">The runtime's marker attributes.</param>
    /// <param name="ownershipTransferAtCall">Whether passing the session to a method or constructor hands it off
    /// (<c>dotnet_code_quality.AGB2002.ownership_transfer_at_method_call</c>, true by default).</param>
    public SessionUseClassifier(AgentBaySymbols symbols, bool ownershipTransferAtCall)
    {
        _symbols = symbols;
        _ownershipTransferAtCall = ownershipTransferAtCall;
    }

    /// <summary>Classifies a reference to a session local, or an inline session expression.</summary>
    public SessionUse Classify(IOperation value)
    {
        var parent = value.ParentSkippingConversions(out var current);
        switch (parent)
        {
            case IConditionalAccessOperation access when access.Operation == current:
                // s?.Dispose(): the member hangs off the conditional-access instance inside WhenNotNull.
                return FindConditionalInstance(access) is { Parent: { } accessedMember }
                    ? ClassifyMemberOf(accessedMember)
                    : SessionUse.Escape;
            case IArgumentOperation argument:
                return ClassifyArgument(argument);
            case IArrayInitializerOperation { Parent: IArrayCreationOperation { IsImplicit: true, Parent: IArgumentOperation paramsArgument } }:
                return ClassifyArgument(paramsArgument);
            case IUsingOperation usingStatement when usingStatement.Resources == current:
                return SessionUse.Release(usingStatement);
            case IVariableInitializerOperation initializer:
                // using var other = s; releases it; any other copy into a local is an alias we do not follow.
                return UsingThatDeclares(initializer) is { } usingOperation ? SessionUse.Release(usingOperation) : SessionUse.Escape;
            case IBinaryOperation:
            case IInterpolationOperation:
            case IIsTypeOperation:
            case ILockOperation:
            case IExpressionStatementOperation:
                return SessionUse.Neutral;
            case IIsPatternOperation pattern:
                return DeclaresVariable(pattern.Pattern) ? SessionUse.Escape : SessionUse.Neutral;
            case { } member when InstanceOf(member) == current:
                return ClassifyMemberOf(member);
            default:
                return SessionUse.Escape;
        }
    }

    private SessionUse ClassifyMemberOf(IOperation member)
    {
        switch (member)
        {
            case IInvocationOperation invocation:
                return IsReleaseMethod(invocation.TargetMethod) ? SessionUse.Release(invocation) : SessionUse.Neutral;
            case IPropertyReferenceOperation property:
                return ClassifyMemberValue(property, property.Type);
            case IFieldReferenceOperation field:
                return ClassifyMemberValue(field, field.Type);
            case IEventReferenceOperation:
                return SessionUse.Neutral;
            default:
                // A method group (s.Dispose as a delegate) and anything else keeps the session alive elsewhere.
                return SessionUse.Escape;
        }
    }

    /// <summary>Reading <c>s.SessionId</c> is neutral; reading <c>s.Tools</c> yields an object that holds the session,
    /// so where that object goes decides: calling its methods is neutral (they use the session, they do not delete
    /// it), reading the session back out of it is the session again, anything else lets the session out of sight.</summary>
    private SessionUse ClassifyMemberValue(IOperation memberValue, ITypeSymbol? type)
    {
        if (_symbols.IsSessionType(type))
        {
            return Classify(memberValue);
        }

        if (!HoldsSession(type))
        {
            return SessionUse.Neutral;
        }

        var parent = memberValue.ParentSkippingConversions(out var current);
        return parent switch
        {
            IInvocationOperation invocation when invocation.Instance == current => SessionUse.Neutral,
            IPropertyReferenceOperation property when property.Instance == current => ClassifyMemberValue(property, property.Type),
            IFieldReferenceOperation field when field.Instance == current => ClassifyMemberValue(field, field.Type),
            _ => SessionUse.Escape,
        };
    }

    private SessionUse ClassifyArgument(IArgumentOperation argument)
    {
        if (argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out)
        {
            return SessionUse.Escape;
        }

        if (argument.Parent is IInvocationOperation invocation)
        {
            if (_symbols.ReleasesSession(invocation.TargetMethod))
            {
                return SessionUse.Release(invocation);
            }

            if (IsAsyncDisposableConfigureAwait(invocation.TargetMethod))
            {
                // await using (s.ConfigureAwait(false)) / await using var _ = s.ConfigureAwait(false);
                return UsingOfResource(invocation) is { } usingOperation ? SessionUse.Release(usingOperation) : SessionUse.Escape;
            }

            if (IsCollection(invocation.TargetMethod.ContainingType))
            {
                return SessionUse.Escape;
            }
        }

        return _ownershipTransferAtCall ? SessionUse.Escape : SessionUse.Neutral;
    }

    private bool IsReleaseMethod(IMethodSymbol method) =>
        _symbols.ReleasesSession(method)
        || method is { Name: "Dispose" or "DisposeAsync", Parameters.Length: 0 };

    private bool HoldsSession(ITypeSymbol? type)
    {
        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } named || named.SpecialType != SpecialType.None)
        {
            return false;
        }

        foreach (var member in named.GetMembers())
        {
            var memberType = member switch
            {
                IPropertySymbol { IsStatic: false } property => property.Type,
                IFieldSymbol { IsStatic: false } field => field.Type,
                _ => null,
            };
            if (_symbols.IsSessionType(memberType))
            {
                return true;
            }
        }

        return false;
    }

    private static IOperation? InstanceOf(IOperation member) => member switch
    {
        IInvocationOperation invocation => invocation.Instance,
        IMemberReferenceOperation reference => reference.Instance,
        _ => null,
    };

    private static IConditionalAccessInstanceOperation? FindConditionalInstance(IConditionalAccessOperation access)
    {
        foreach (var operation in access.WhenNotNull.DescendantsAndSelf())
        {
            if (operation is IConditionalAccessInstanceOperation instance)
            {
                return instance;
            }
        }

        return null;
    }

    /// <summary>The using statement or declaration whose resource is the value of <paramref name="resource"/>.</summary>
    private static IOperation? UsingOfResource(IOperation resource)
    {
        var parent = resource.ParentSkippingConversions(out var current);
        return parent switch
        {
            IUsingOperation usingStatement when usingStatement.Resources == current => usingStatement,
            IVariableInitializerOperation initializer => UsingThatDeclares(initializer),
            _ => null,
        };
    }

    private static IOperation? UsingThatDeclares(IVariableInitializerOperation initializer) =>
        initializer.Parent is IVariableDeclaratorOperation { Parent: IVariableDeclarationOperation { Parent: IVariableDeclarationGroupOperation group } }
            ? group.Parent switch
            {
                IUsingOperation usingStatement when usingStatement.Resources == group => usingStatement,
                IUsingDeclarationOperation usingDeclaration => usingDeclaration,
                _ => null,
            }
            : null;

    private static bool IsAsyncDisposableConfigureAwait(IMethodSymbol method) =>
        method is { Name: "ConfigureAwait", IsStatic: true, Parameters.Length: 2 }
        && method.Parameters[0].Type is { Name: "IAsyncDisposable" } parameterType
        && parameterType.ContainingNamespace?.ToDisplayString() == "System";

    private static bool IsCollection(INamedTypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (implemented is { Name: "IEnumerable", Arity: 0 } && implemented.ContainingNamespace?.ToDisplayString() == "System.Collections")
            {
                return true;
            }
        }

        return false;
    }

    private static bool DeclaresVariable(IPatternOperation pattern)
    {
        foreach (var operation in pattern.DescendantsAndSelf())
        {
            if (operation is IDeclarationPatternOperation { DeclaredSymbol: not null }
                or IRecursivePatternOperation { DeclaredSymbol: not null }
                or IListPatternOperation { DeclaredSymbol: not null })
            {
                return true;
            }
        }

        return false;
    }
}
