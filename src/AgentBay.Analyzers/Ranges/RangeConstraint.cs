using System;
using System.Globalization;
using Microsoft.CodeAnalysis;

namespace AgentBay.Analyzers.Ranges;

/// <summary>The bounds of a <c>[Range(min, max)]</c> on a parameter, and how a constant compares with them.</summary>
internal readonly struct RangeConstraint
{
    private RangeConstraint(object minimum, object maximum)
    {
        Minimum = minimum;
        Maximum = maximum;
    }

    public object Minimum { get; }

    public object Maximum { get; }

    /// <summary>Reads the numeric form of the attribute; the <c>(Type, string, string)</c> form is left alone because
    /// its bounds are parsed with a culture at run time.</summary>
    public static bool TryRead(IParameterSymbol parameter, INamedTypeSymbol rangeAttribute, out RangeConstraint range)
    {
        foreach (var attribute in parameter.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, rangeAttribute)
                && attribute.ConstructorArguments.Length == 2
                && attribute.ConstructorArguments[0].Value is { } minimum && IsNumber(minimum)
                && attribute.ConstructorArguments[1].Value is { } maximum && IsNumber(maximum))
            {
                range = new RangeConstraint(minimum, maximum);
                return true;
            }
        }

        range = default;
        return false;
    }

    public bool Contains(object value) => Compare(value, Minimum) >= 0 && Compare(value, Maximum) <= 0;

    /// <summary>The bound nearest to an out-of-range <paramref name="value"/>.</summary>
    public object NearestBound(object value) => Compare(value, Minimum) < 0 ? Minimum : Maximum;

    public static bool IsNumber(object value) => IsIntegral(value) || value is float or double or decimal;

    public static string Format(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        char c => ((int)c).ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>Integers compare exactly (as decimal, which holds every long and ulong); anything else as double.</summary>
    private static int Compare(object left, object right)
    {
        if (IsIntegral(left) && IsIntegral(right))
        {
            return ToDecimal(left).CompareTo(ToDecimal(right));
        }

        return ToDouble(left).CompareTo(ToDouble(right));
    }

    private static bool IsIntegral(object value) =>
        value is sbyte or byte or short or ushort or int or uint or long or ulong or char;

    private static decimal ToDecimal(object value) => value is char c ? c : Convert.ToDecimal(value, CultureInfo.InvariantCulture);

    private static double ToDouble(object value) => value is char c ? c : Convert.ToDouble(value, CultureInfo.InvariantCulture);
}
