using System.Collections.Generic;
using System.Globalization;
using AgentBay.Generators.Model;

namespace AgentBay.Generators.Emit;

/// <summary>A parameter of a generated method, with its C# default and the checks it needs before any request.</summary>
internal sealed class MethodParameter
{
    public MethodParameter(TypeContext types, string name, TypeRef type, LiteralValue? literal, RangeModel? range, string? rangeError,
        EquatableArray<string> allowed, bool notEmpty, string? doc)
    {
        Name = name;
        Doc = doc;
        Range = range;
        RangeError = rangeError;
        Allowed = allowed;
        NotEmpty = notEmpty;
        // A default that C# cannot express as a constant (enums are structs, collections are objects) becomes a null
        // default; the wire default is applied when the argument is null.
        var csharpDefault = literal is null ? null : CSharpDefault(types, type, literal);
        Type = literal is not null && csharpDefault is null ? type.AsNullable(true) : type;
        DefaultExpression = csharpDefault ?? (Type.IsNullable ? "null" : null);
        WireDefault = literal is not null && csharpDefault is null ? literal.Text : null;
        CSharpType = TypeNames.CSharp(types, Type);
        IsValueType = TypeNames.IsValueType(types, Type);
    }

    public string Name { get; }

    public TypeRef Type { get; }

    public string CSharpType { get; }

    public string? DefaultExpression { get; }

    /// <summary>The spec default sent on the wire when a null argument stands for it (collections, enums).</summary>
    public string? WireDefault { get; }

    public RangeModel? Range { get; }

    public string? RangeError { get; }

    public EquatableArray<string> Allowed { get; }

    public bool NotEmpty { get; }

    public string? Doc { get; }

    public bool IsValueType { get; }

    public string Identifier => Name;

    public string Declaration(bool withDefault)
    {
        var attribute = Range is null ? "" : "[global::System.ComponentModel.DataAnnotations.Range(" + RangeArguments() + ")] ";
        return attribute + CSharpType + " " + Identifier + (withDefault && DefaultExpression is not null ? " = " + DefaultExpression : "");
    }

    private string RangeArguments()
    {
        var core = Type.Kind;
        if (core == TypeKind.Int)
        {
            return Range!.Min + ", " + Range.Max;
        }

        return Double(Range!.Min) + ", " + Double(Range.Max);
    }

    private static string Double(string text) => text.IndexOf('.') >= 0 || text.IndexOf('e') >= 0 || text.IndexOf('E') >= 0 ? text : text + "d";

    /// <summary>Statements that check the argument, throwing the .NET exception a caller expects.</summary>
    public IEnumerable<string> Checks()
    {
        var id = Identifier;
        var nameOf = "nameof(" + id + ")";
        if (!Type.IsNullable && !IsValueType)
        {
            yield return "global::System.ArgumentNullException.ThrowIfNull(" + id + ");";
        }

        if (NotEmpty)
        {
            var empty = Type.Kind == TypeKind.String ? "{ Length: 0 }" : "{ Count: 0 }";
            yield return "if (" + id + " is " + empty + ") throw new global::System.ArgumentException(" + CodeWriter.Literal("'" + Name + "' must not be empty.") + ", " + nameOf + ");";
        }

        if (Range is not null)
        {
            var value = Name + "Value";
            var test = Type.IsNullable ? id + " is { } " + value + " && " : "";
            var subject = Type.IsNullable ? value : id;
            var template = RangeError ?? Name + " must be in the range [" + Range.Min + ", " + Range.Max + "]; it was {value}.";
            var outside = subject + " < " + Range.Min + " || " + subject + " > " + Range.Max;
            yield return "if (" + (Type.IsNullable ? test + "(" + outside + ")" : outside) + ") throw new global::System.ArgumentOutOfRangeException("
                + nameOf + ", " + FormatMessage(template, subject) + ");";
        }

        if (!Allowed.IsEmpty)
        {
            var patterns = new List<string>();
            foreach (var allowed in Allowed)
            {
                patterns.Add(CodeWriter.Literal(allowed));
            }

            var template = Name + " must be one of " + string.Join(", ", Allowed) + "; it was '{value}'.";
            var test = Type.IsNullable ? id + " is not null && " + id : id;
            yield return "if (" + test + " is not (" + string.Join(" or ", patterns) + ")) throw new global::System.ArgumentOutOfRangeException("
                + nameOf + ", " + FormatMessage(template, id) + ");";
        }
    }

    /// <summary>A C# expression formatting <paramref name="template"/> with <c>{value}</c> replaced by <paramref name="valueExpression"/>.</summary>
    private static string FormatMessage(string template, string valueExpression)
    {
        var format = template.Replace("{", "{{").Replace("}", "}}").Replace("{{value}}", "{0}");
        return "string.Format(global::System.Globalization.CultureInfo.InvariantCulture, " + CodeWriter.Literal(format) + ", " + valueExpression + ")";
    }

    private static string? CSharpDefault(TypeContext types, TypeRef type, LiteralValue literal) => type.Kind switch
    {
        TypeKind.String => CodeWriter.Literal(literal.Text),
        TypeKind.Bool => literal.Text.ToLowerInvariant() == "true" ? "true" : "false",
        TypeKind.Int => literal.Text,
        TypeKind.Long => literal.Text + "L",
        TypeKind.Double => double.Parse(literal.Text, NumberStyles.Float, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture) + "d",
        _ => null,
    };
}
