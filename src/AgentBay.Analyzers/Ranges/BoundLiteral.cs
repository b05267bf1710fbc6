using System;
using System.Globalization;
using Microsoft.CodeAnalysis;

namespace AgentBay.Analyzers.Ranges;

/// <summary>Writes a range bound as a C# literal that converts implicitly to the parameter's type, for the code fix.</summary>
internal static class BoundLiteral
{
    /// <summary>The literal, or null when the parameter's type is not one the fix knows how to write.</summary>
    public static string? For(object bound, bool isLowerBound, ITypeSymbol parameterType)
    {
        var type = parameterType is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
            ? nullable.TypeArguments[0]
            : parameterType;
        var value = bound is char c ? c : Convert.ToDouble(bound, CultureInfo.InvariantCulture);
        switch (type.SpecialType)
        {
            case SpecialType.System_SByte:
            case SpecialType.System_Byte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
                return Integer(bound, value, isLowerBound, "");
            case SpecialType.System_UInt32:
                return Integer(bound, value, isLowerBound, "U");
            case SpecialType.System_Int64:
                return Integer(bound, value, isLowerBound, "L");
            case SpecialType.System_UInt64:
                return Integer(bound, value, isLowerBound, "UL");
            case SpecialType.System_Single:
                return RangeConstraint.Format(bound) + "f";
            case SpecialType.System_Double:
                return RangeConstraint.Format(bound) + "d";
            case SpecialType.System_Decimal:
                return RangeConstraint.Format(bound) + "m";
            default:
                return null;
        }
    }

    // A fractional bound on an integer parameter: the nearest allowed integer lies inside the range.
    private static string Integer(object bound, double value, bool isLowerBound, string suffix)
    {
        if (bound is double or float or decimal)
        {
            var rounded = isLowerBound ? Math.Ceiling(value) : Math.Floor(value);
            return ((decimal)rounded).ToString(CultureInfo.InvariantCulture) + suffix;
        }

        return RangeConstraint.Format(bound) + suffix;
    }
}
