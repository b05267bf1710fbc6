using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AgentBay.Analyzers.Sessions;

/// <summary>Small steps through the operation tree that the session analysis repeats everywhere.</summary>
internal static class OperationWalking
{
    /// <summary>The operation under any conversions (implicit <c>Session</c> to <c>IAsyncDisposable</c>, casts).</summary>
    public static IOperation WithoutConversions(this IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    /// <summary>The first ancestor that is not a conversion, and the child it was reached from.</summary>
    public static IOperation? ParentSkippingConversions(this IOperation operation, out IOperation child)
    {
        child = operation;
        var parent = operation.Parent;
        while (parent is IConversionOperation)
        {
            child = parent;
            parent = parent.Parent;
        }

        return parent;
    }

    public static bool IsReferenceTo(this IOperation? operation, ILocalSymbol local) =>
        operation?.WithoutConversions() is ILocalReferenceOperation reference
        && SymbolEqualityComparer.Default.Equals(reference.Local, local);

    public static bool IsNullConstant(this IOperation? operation) =>
        operation is null || operation.WithoutConversions() is { ConstantValue: { HasValue: true, Value: null } }
        || operation.WithoutConversions() is IDefaultValueOperation;

    public static bool IsWithin(this IOperation operation, IOperation ancestor)
    {
        for (var current = operation; current is not null; current = current.Parent)
        {
            if (current == ancestor)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The lambda or local function that contains <paramref name="operation"/>, or null for the member body itself.</summary>
    public static IMethodSymbol? EnclosingFunction(this IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation lambda:
                    return lambda.Symbol;
                case ILocalFunctionOperation localFunction:
                    return localFunction.Symbol;
            }
        }

        return null;
    }

    /// <summary>True when a method returns Task or ValueTask (generic or not), i.e. its result must be awaited.</summary>
    public static bool ReturnsTask(this IMethodSymbol method) =>
        method.ReturnType is INamedTypeSymbol { Name: "Task" or "ValueTask" } type
        && type.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks";
}
