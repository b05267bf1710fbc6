using System;
using System.Collections.Immutable;
using AgentBay.Analyzers.Ranges;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AgentBay.Analyzers;

/// <summary>AGB2001: a constant argument outside the <c>[Range]</c> of its parameter. The generator turns the spec's
/// constraints into [Range] attributes, so this covers every spec constraint; it also covers any hand-written method
/// that uses the attribute.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ArgumentRangeAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Property of the diagnostic holding the nearest bound as a C# literal; absent when the fix cannot write one.</summary>
    public const string NearestBoundProperty = "NearestBound";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(AgentBayDescriptors.ArgumentOutOfRange);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            // Looked up when first needed, not here: see AgentBaySymbols.Deferred. A compilation without the attribute
            // type gets null and no diagnostic.
            var compilation = start.Compilation;
            var rangeAttribute = new Lazy<INamedTypeSymbol?>(
                () => compilation.GetTypeByMetadataName("System.ComponentModel.DataAnnotations.RangeAttribute"));
            start.RegisterOperationAction(c => AnalyzeArgument(c, rangeAttribute), OperationKind.Argument);
        });
    }

    private static void AnalyzeArgument(OperationAnalysisContext context, Lazy<INamedTypeSymbol?> rangeAttribute)
    {
        var argument = (IArgumentOperation)context.Operation;
        // Defaults come from the spec, which the generator already checks (AGB1011); params arrays have no single value.
        if (argument.ArgumentKind != ArgumentKind.Explicit || argument.Parameter is not { } parameter)
        {
            return;
        }

        // The constant first: it is already computed, while reading the parameter's attributes decodes them, and most
        // arguments are not numeric constants. A parameter without attributes needs no attribute type.
        if (!TryGetNumber(argument.Value, out var value)
            || parameter.GetAttributes().IsEmpty
            || rangeAttribute.Value is not { } rangeType
            || !RangeConstraint.TryRead(parameter, rangeType, out var range)
            || range.Contains(value))
        {
            return;
        }

        var bound = range.NearestBound(value);
        var literal = BoundLiteral.For(bound, isLowerBound: ReferenceEquals(bound, range.Minimum), parameter.Type);
        var properties = literal is null
            ? ImmutableDictionary<string, string?>.Empty
            : ImmutableDictionary<string, string?>.Empty.Add(NearestBoundProperty, literal);
        var method = parameter.ContainingSymbol;
        var methodName = method.ContainingType is { } type ? type.Name + "." + method.Name : method.Name;
        context.ReportDiagnostic(Diagnostic.Create(
            AgentBayDescriptors.ArgumentOutOfRange,
            argument.Value.Syntax.GetLocation(),
            properties,
            RangeConstraint.Format(value),
            RangeConstraint.Format(range.Minimum),
            RangeConstraint.Format(range.Maximum),
            parameter.Name,
            methodName));
    }

    /// <summary>The argument's constant value. Conversions that are not constants themselves (int to int?) are looked
    /// through, so <c>port: 8080</c> on an <c>int?</c> parameter counts; literals, consts and folded expressions all
    /// arrive here as constants.</summary>
    private static bool TryGetNumber(IOperation value, out object number)
    {
        var current = value;
        while (!current.ConstantValue.HasValue && current is IConversionOperation conversion)
        {
            current = conversion.Operand;
        }

        if (current.ConstantValue is { HasValue: true, Value: { } constant } && RangeConstraint.IsNumber(constant))
        {
            number = constant;
            return true;
        }

        number = 0;
        return false;
    }
}
