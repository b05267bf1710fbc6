using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AgentBay.Analyzers.Sessions;

/// <summary>What a condition says about the session being null.</summary>
internal enum NullTestKind
{
    None,
    NullWhenTrue,
    NotNullWhenTrue,
}

/// <summary>Recognises <c>if (s != null)</c>-style guards, so that <c>finally { if (s != null) s.Dispose(); }</c>
/// counts as releasing on every path: on the null path there is nothing to release.</summary>
internal static class NullTest
{
    public static NullTestKind Of(IOperation condition, ILocalSymbol local)
    {
        switch (condition.WithoutConversions())
        {
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return Invert(Of(not.Operand, local));
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary
                when ComparesWithNull(binary, local):
                return binary.OperatorKind == BinaryOperatorKind.Equals ? NullTestKind.NullWhenTrue : NullTestKind.NotNullWhenTrue;
            case IIsPatternOperation pattern when pattern.Value.IsReferenceTo(local):
                return OfPattern(pattern.Pattern);
            default:
                return NullTestKind.None;
        }
    }

    private static NullTestKind OfPattern(IPatternOperation pattern) => pattern switch
    {
        IConstantPatternOperation constant when constant.Value.IsNullConstant() => NullTestKind.NullWhenTrue,
        INegatedPatternOperation negated => Invert(OfPattern(negated.Pattern)),
        // s is { } without sub-patterns or a designation: a plain not-null test.
        IRecursivePatternOperation { DeclaredSymbol: null, PropertySubpatterns.Length: 0, DeconstructionSubpatterns.Length: 0 } => NullTestKind.NotNullWhenTrue,
        _ => NullTestKind.None,
    };

    private static bool ComparesWithNull(IBinaryOperation binary, ILocalSymbol local) =>
        (binary.LeftOperand.IsReferenceTo(local) && IsNullLiteral(binary.RightOperand))
        || (binary.RightOperand.IsReferenceTo(local) && IsNullLiteral(binary.LeftOperand));

    private static bool IsNullLiteral(IOperation operation) =>
        operation.WithoutConversions() is { ConstantValue: { HasValue: true, Value: null } };

    private static NullTestKind Invert(NullTestKind kind) => kind switch
    {
        NullTestKind.NullWhenTrue => NullTestKind.NotNullWhenTrue,
        NullTestKind.NotNullWhenTrue => NullTestKind.NullWhenTrue,
        _ => NullTestKind.None,
    };
}
