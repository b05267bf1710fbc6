using System.Collections.Generic;

namespace AgentBay.Generators.Emit;

/// <summary>
/// Writes the public sync/async pair of an operation over one private core: the async form passes <c>async: true</c>,
/// the sync form <c>async: false</c>, which makes the runtime send with HttpMessageInvoker.Send and return a completed task (the
/// Azure SDK pattern: one body, no sync-over-async). Argument checks run before either form starts.
/// </summary>
internal static class MethodPair
{
    public static void Write(
        CodeWriter writer,
        string method,
        string returnType,
        string? summary,
        IReadOnlyList<MethodParameter> parameters,
        IReadOnlyList<string> extraDeclarations,
        IReadOnlyList<string> extraDocs,
        string coreCall,
        string returnsDoc,
        string? attribute = null)
    {
        var ordered = Order(parameters);
        var declarations = new List<string>();
        foreach (var parameter in ordered)
        {
            declarations.Add(parameter.Declaration(withDefault: true));
        }

        declarations.AddRange(extraDeclarations);
        declarations.Add(TypeNames.CancellationToken + " cancellationToken = default");
        var parameterList = string.Join(", ", declarations);
        var checks = new List<string>();
        foreach (var parameter in parameters)
        {
            checks.AddRange(parameter.Checks());
        }

        WriteOne(writer, method + "Async", "global::System.Threading.Tasks.Task<" + returnType + ">", summary, ordered, extraDocs, parameterList, checks,
            coreCall.Replace("{async}", "true") + ".AsTask()", returnsDoc, isAsync: true, attribute);
        writer.Line();
        WriteOne(writer, method, returnType, summary, ordered, extraDocs, parameterList, checks,
            "global::AgentBay.Runtime.AgentBayOperation.EnsureCompleted(" + coreCall.Replace("{async}", "false") + ")", returnsDoc, isAsync: false, attribute);
    }

    /// <summary>Required parameters first, then optional ones, each group in spec order (C# demands it).</summary>
    public static List<MethodParameter> Order(IReadOnlyList<MethodParameter> parameters)
    {
        var ordered = new List<MethodParameter>(parameters.Count);
        foreach (var parameter in parameters)
        {
            if (parameter.DefaultExpression is null)
            {
                ordered.Add(parameter);
            }
        }

        foreach (var parameter in parameters)
        {
            if (parameter.DefaultExpression is not null)
            {
                ordered.Add(parameter);
            }
        }

        return ordered;
    }

    private static void WriteOne(CodeWriter writer, string name, string returnType, string? summary, List<MethodParameter> parameters,
        IReadOnlyList<string> extraDocs, string parameterList, List<string> checks, string call, string returnsDoc, bool isAsync, string? attribute)
    {
        writer.Summary(summary, name + ".");
        foreach (var parameter in parameters)
        {
            writer.Line("/// <param name=\"" + parameter.Name + "\">" + CodeWriter.Xml(parameter.Doc ?? parameter.Name) + "</param>");
        }

        foreach (var doc in extraDocs)
        {
            writer.Line(doc);
        }

        writer.Line("/// <param name=\"cancellationToken\">Cancels the " + (isAsync ? "operation" : "operation (checked between requests and polls)") + ".</param>");
        writer.Line("/// <returns>" + CodeWriter.Xml(returnsDoc) + "</returns>");
        foreach (var parameter in parameters)
        {
            if (parameter.Range is not null || !parameter.Allowed.IsEmpty)
            {
                writer.Line("/// <exception cref=\"global::System.ArgumentOutOfRangeException\"><paramref name=\"" + parameter.Name + "\"/> is outside its allowed values.</exception>");
            }
        }

        if (attribute is not null)
        {
            writer.Line(attribute);
        }

        writer.Open("public " + returnType + " " + name + "(" + parameterList + ")");
        foreach (var check in checks)
        {
            writer.Line(check);
        }

        writer.Line("return " + call + ";");
        writer.Close();
    }
}
