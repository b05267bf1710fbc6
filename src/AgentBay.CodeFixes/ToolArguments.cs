using System.Globalization;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AgentBay.CodeFixes;

/// <summary>Maps the entries of a dictionary literal passed to <c>CallMcpTool</c> (wire names such as
/// <c>timeout_ms</c>) onto the parameters of the typed wrapper (<c>timeoutMs</c>). The generator names parameters
/// after the wire names, so comparing names without separators and case is enough; anything that does not map, or
/// whose value would not convert, refuses the fix.</summary>
internal static class ToolArguments
{
    /// <summary>Named arguments for <paramref name="wrapper"/>, or null when the dictionary cannot be mapped.</summary>
    public static List<(string Parameter, ExpressionSyntax Value)>? Map(IOperation dictionary, IMethodSymbol wrapper, SemanticModel model)
    {
        if (dictionary.WithoutConversionsToObject() is not IObjectCreationOperation { Arguments.Length: 0 } creation)
        {
            return null;
        }

        var entries = Entries(creation.Initializer);
        if (entries is null)
        {
            return null;
        }

        var mapped = new List<(string, ExpressionSyntax)>();
        var used = new HashSet<IParameterSymbol>(SymbolEqualityComparer.Default);
        foreach (var (key, value) in entries)
        {
            var parameter = wrapper.Parameters.FirstOrDefault(p => !IsCancellationToken(p.Type) && Normalize(p.Name) == Normalize(key));
            if (parameter is null || !used.Add(parameter) || !Converts(value, parameter.Type, model))
            {
                return null;
            }

            mapped.Add((parameter.Name, value));
        }

        // Every parameter without a default must be given.
        return wrapper.Parameters.All(p => p.IsOptional || used.Contains(p)) ? mapped : null;
    }

    public static bool IsCancellationToken(ITypeSymbol type) =>
        type is { Name: "CancellationToken" } && type.ContainingNamespace?.ToDisplayString() == "System.Threading";

    private static List<(string Key, ExpressionSyntax Value)>? Entries(IObjectOrCollectionInitializerOperation? initializer)
    {
        var entries = new List<(string, ExpressionSyntax)>();
        if (initializer is null)
        {
            return entries;
        }

        foreach (var element in initializer.Initializers)
        {
            switch (element)
            {
                // ["command"] = "ls"
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Arguments.Length: 1 } indexer } assignment
                    when indexer.Arguments[0].Value.ConstantValue.Value is string key
                        && assignment.Value.WithoutConversionsToObject().Syntax is ExpressionSyntax valueSyntax:
                    entries.Add((key, valueSyntax));
                    break;
                // { "command", "ls" }
                case IInvocationOperation { Arguments.Length: 2 } add
                    when add.Arguments[0].Value.ConstantValue.Value is string key
                        && add.Arguments[1].Value.WithoutConversionsToObject().Syntax is ExpressionSyntax valueSyntax:
                    entries.Add((key, valueSyntax));
                    break;
                default:
                    return null;
            }
        }

        return entries;
    }

    private static bool Converts(ExpressionSyntax value, ITypeSymbol parameterType, SemanticModel model)
    {
        var conversion = model.ClassifyConversion(value, parameterType);
        return conversion.Exists && conversion.IsImplicit;
    }

    private static string Normalize(string name) =>
        new string(name.Where(c => c != '_' && c != '-').Select(c => char.ToLower(c, CultureInfo.InvariantCulture)).ToArray());

    /// <summary>The value before it was boxed or converted to <c>object?</c> for the dictionary.</summary>
    private static IOperation WithoutConversionsToObject(this IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }
}
