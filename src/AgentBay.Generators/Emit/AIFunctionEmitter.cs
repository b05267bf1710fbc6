using System.Collections.Generic;
using System.Linq;
using AgentBay.Generators.Model;

namespace AgentBay.Generators.Emit;

/// <summary>
/// Emits the session tools as Microsoft.Extensions.AI functions: per tool, the JSON schema (a constant written at compile
/// time), the conversion of the model's arguments to the typed parameters, the call of the typed async method (so the
/// spec's checks run) and the result as compact JSON; per tools class, <c>AsAIFunctions</c>. Nothing here reflects.
/// </summary>
internal static class AIFunctionEmitter
{
    private const string AI = "global::Microsoft.Extensions.AI.";
    private const string RuntimeAI = "global::AgentBay.Runtime.AI.";
    private const string Arguments = RuntimeAI + "AgentBayToolArguments.";
    private const string List = "global::System.Collections.Generic.IReadOnlyList<" + AI + "AIFunction>";

    public static string EmitClass(AIFunctionsClassUnit unit)
    {
        var writer = new CodeWriter();
        writer.FileStart(unit.Namespace);
        writer.Open("public sealed partial class " + unit.ToolsClass);
        var names = new List<string>();
        foreach (var tool in unit.Tools)
        {
            names.Add(CodeWriter.Literal(tool.Wire));
        }

        writer.Line("/// <summary>The names of the tools <see cref=\"AsAIFunctions\"/> offers: their wire names, sorted.</summary>");
        writer.Line("public static global::System.Collections.Generic.IReadOnlyList<string> AIFunctionNames { get; } = new string[] { " + string.Join(", ", names) + " };");
        writer.Line();
        writer.Line("/// <summary>");
        writer.Line("/// The tools of this session as Microsoft.Extensions.AI functions, for an <c>IChatClient</c> (e.g. in");
        writer.Line("/// <c>ChatOptions.Tools</c> under a <c>FunctionInvokingChatClient</c>). Each is named by the tool's wire name, describes");
        writer.Line("/// its arguments with a JSON schema from the spec, calls the typed async method and returns its result as JSON; a bad");
        writer.Line("/// argument or a failure comes back as <c>{\"error\":\"...\"}</c> instead of an exception.");
        writer.Line("/// </summary>");
        writer.Line("/// <param name=\"only\">Wire names of the tools to offer (e.g. <c>\"shell\"</c>); none or null offers every tool.</param>");
        writer.Line("/// <returns>The functions, in the order of <paramref name=\"only\"/>, else sorted by name.</returns>");
        writer.Line("/// <exception cref=\"global::System.ArgumentException\">A name in <paramref name=\"only\"/> is not a tool of this class.</exception>");
        writer.Open("public " + List + " AsAIFunctions(params string[]? only)");
        writer.Open("if (only is null || only.Length == 0)");
        var all = new List<string>();
        foreach (var tool in unit.Tools)
        {
            all.Add(tool.Method + "AIFunction()");
        }

        writer.Line("return new " + AI + "AIFunction[] { " + string.Join(", ", all) + " };");
        writer.Close();
        writer.Line();
        writer.Line("var functions = new global::System.Collections.Generic.List<" + AI + "AIFunction>(only.Length);");
        writer.Line("var seen = new global::System.Collections.Generic.HashSet<string>(global::System.StringComparer.Ordinal);");
        writer.Line("global::System.Collections.Generic.List<string>? unknown = null;");
        writer.Open("foreach (var name in only)");
        writer.Line(AI + "AIFunction? function = name switch");
        writer.Line("{");
        writer.Indent();
        foreach (var tool in unit.Tools)
        {
            writer.Line(CodeWriter.Literal(tool.Wire) + " => seen.Add(name) ? " + tool.Method + "AIFunction() : null,");
        }

        writer.Line("_ => null,");
        writer.Outdent();
        writer.Line("};");
        writer.Open("if (function is not null)");
        writer.Line("functions.Add(function);");
        writer.Close();
        writer.Open("else if (name is null || !seen.Contains(name))");
        writer.Line("(unknown ??= new global::System.Collections.Generic.List<string>()).Add(name is null ? \"(null)\" : \"'\" + name + \"'\");");
        writer.Close();
        writer.Close();
        writer.Line();
        writer.Open("if (unknown is not null)");
        writer.Line("throw new global::System.ArgumentException(\"Unknown tool name(s): \" + string.Join(\", \", unknown) + \". The tools are: \" + "
            + CodeWriter.Literal(Join(unit.Tools)) + " + \".\", nameof(only));");
        writer.Close();
        writer.Line();
        writer.Line("return functions;");
        writer.Close();
        writer.Close();
        writer.FileEnd();
        return writer.ToString();
    }

    private static string Join(EquatableArray<AIToolRef> tools)
    {
        var names = new List<string>();
        foreach (var tool in tools)
        {
            names.Add(tool.Wire);
        }

        return string.Join(", ", names);
    }

    public static string EmitTool(AIToolUnit unit)
    {
        var types = unit.Types;
        var tool = unit.Tool;
        var parameters = ToolEmitter.Parameters(types, tool);

        var writer = new CodeWriter();
        writer.FileStart(types.Namespace);
        writer.Open("public sealed partial class " + unit.ToolsClass);
        var schemaClass = tool.Method + "AISchema";
        writer.Line("/// <summary>The " + CodeWriter.Xml(tool.Name) + " tool as a Microsoft.Extensions.AI function.</summary>");
        writer.Line("private " + AI + "AIFunction " + tool.Method + "AIFunction() =>");
        var renamed = tool.Arguments.Where(a => a.Name != a.Wire).ToList();
        writer.Line("    new " + RuntimeAI + "AgentBayToolFunction(" + CodeWriter.Literal(tool.Name) + ", " + CodeWriter.Literal(Description(tool)) + ", "
            + schemaClass + ".Value, " + tool.Method + "AIInvokeAsync" + (renamed.Count > 0 ? ", " + schemaClass + ".WireNames" : "") + ");");
        writer.Line();
        writer.Line("/// <summary>The JSON schema of the arguments, written at compile time from the spec and parsed once, on first use.</summary>");
        writer.Open("private static class " + schemaClass);
        writer.Line("internal const string Json = " + CodeWriter.Literal(ToolSchemaWriter.Write(unit)) + ";");
        writer.Line();
        writer.Line("internal static readonly " + TypeNames.JsonElement + " Value = " + RuntimeAI + "AgentBayToolFunction.ParseSchema(Json);");
        if (renamed.Count > 0)
        {
            // The typed method's checks name its C# parameters; the model knows the schema's names.
            writer.Line();
            writer.Line("internal static readonly global::System.Collections.Generic.Dictionary<string, string> WireNames = new()");
            writer.Line("{");
            writer.Indent();
            foreach (var argument in renamed)
            {
                writer.Line("[" + CodeWriter.Literal(argument.Name) + "] = " + CodeWriter.Literal(argument.Wire) + ",");
            }

            writer.Outdent();
            writer.Line("};");
        }
        writer.Close();
        writer.Line();
        EmitInvoke(writer, unit, parameters);
        writer.Close();
        writer.FileEnd();
        return writer.ToString();
    }

    private static string Description(ToolModel tool) => string.IsNullOrWhiteSpace(tool.Doc) ? tool.Name : tool.Doc!.Trim();

    private static void EmitInvoke(CodeWriter writer, AIToolUnit unit, List<MethodParameter> parameters)
    {
        var types = unit.Types;
        var tool = unit.Tool;
        writer.Line("/// <summary>Reads the model's arguments, calls " + tool.Method + "Async (which checks them as the spec says) and returns its result as JSON.</summary>");
        writer.Open("private async global::System.Threading.Tasks.ValueTask<object?> " + tool.Method + "AIInvokeAsync(" + AI + "AIFunctionArguments arguments__, "
            + TypeNames.CancellationToken + " cancellationToken__)");
        var call = new List<string>();
        for (var i = 0; i < tool.Arguments.Count; i++)
        {
            var argument = tool.Arguments[i];
            var parameter = parameters[i];
            var wire = CodeWriter.Literal(argument.Wire);
            var value = "value" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "__";
            var local = parameter.Identifier;
            var target = parameter.Type.AsNullable(false);
            if (ToolSchemaWriter.IsRequired(argument))
            {
                writer.Line(parameter.CSharpType + " " + local + " = " + Convert(types, target, Arguments + "Require(arguments__, " + wire + ")", wire) + ";");
            }
            else
            {
                // Absent (or null): the typed method's default, so the wire default applies as for a C# caller.
                var absent = parameter.DefaultExpression ?? "default!";
                writer.Line(parameter.CSharpType + " " + local + " = " + Arguments + "TryGet(arguments__, " + wire + ", out var " + value + ") ? "
                    + Convert(types, target, value + "!", wire) + " : " + absent + ";");
            }

            call.Add(local);
        }

        call.Add("cancellationToken__");
        writer.Line("var result__ = await " + tool.Method + "Async(" + string.Join(", ", call) + ").ConfigureAwait(false);");
        writer.Line("return " + RuntimeAI + "AgentBayToolResult.Json(result__, static (writer__, value__) =>");
        writer.Line("{");
        writer.Indent();
        EmitResult(writer, types, unit.Result);
        writer.Outdent();
        writer.Line("});");
        writer.Close();
    }

    /// <summary>An expression converting the model's value <paramref name="value"/> (not null) to <paramref name="type"/>.</summary>
    private static string Convert(TypeContext types, TypeRef type, string value, string wire)
    {
        switch (type.Kind)
        {
            case TypeKind.String:
                return Arguments + "ReadString(" + value + ", " + wire + ")";
            case TypeKind.Bool:
                return Arguments + "ReadBoolean(" + value + ", " + wire + ")";
            case TypeKind.Int:
                return Arguments + "ReadInt32(" + value + ", " + wire + ")";
            case TypeKind.Long:
                return Arguments + "ReadInt64(" + value + ", " + wire + ")";
            case TypeKind.Double:
                return Arguments + "ReadDouble(" + value + ", " + wire + ")";
            case TypeKind.Json:
                return Arguments + "ReadJson(" + value + ", " + wire + ")";
            case TypeKind.List:
                return TypeNames.Read(types, type, Arguments + "ReadJson(" + value + ", " + wire + ", global::System.Text.Json.JsonValueKind.Array)");
            case TypeKind.Named when TypeNames.IsEnum(types, type):
                return "new " + TypeNames.Qualified(types, type.Name) + "(" + Arguments + "ReadString(" + value + ", " + wire + "))";
            default:
                return TypeNames.Read(types, type, Arguments + "ReadJson(" + value + ", " + wire + ", global::System.Text.Json.JsonValueKind.Object)");
        }
    }

    /// <summary>
    /// The result as the model sees it: <c>success</c>, the record's wire fields (by wire name), the text of a plain-text
    /// tool, and <c>error</c> when the call failed. Request ids and the raw text of a JSON result are left out.
    /// </summary>
    private static void EmitResult(CodeWriter writer, TypeContext types, RecordModel? record)
    {
        writer.Line("writer__.WriteStartObject();");
        if (record is null)
        {
            // The result record is declared in another spec file: its printed form.
            writer.Line("writer__.WriteString(\"result\"u8, value__.ToString());");
            writer.Line("writer__.WriteEndObject();");
            return;
        }

        var hasData = false;
        foreach (var field in record.Fields)
        {
            hasData |= field.Source is FieldSource.Wire or FieldSource.Data;
        }

        var seen = new HashSet<string>();
        foreach (var field in record.Fields)
        {
            string? name = field.Source switch
            {
                FieldSource.Success => "success",
                FieldSource.ErrorMessage => "error",
                FieldSource.Text => hasData ? null : "text",
                FieldSource.Wire => field.Wire is { } wire && wire.Length > 0 && wire.IndexOf('.') < 0 ? wire : CamelCase(field.Name),
                FieldSource.RequestId => null,
                _ => CamelCase(field.Name),
            };
            if (name is null || field.Type.Kind is TypeKind.Session or TypeKind.TypeParameter || !seen.Add(name))
            {
                continue;
            }

            var access = "value__." + field.Name;
            var type = field.Type;
            var isValue = TypeNames.IsValueType(types, type);
            string? guard = type.Kind == TypeKind.Json
                ? (type.IsNullable ? access + " is { ValueKind: not global::System.Text.Json.JsonValueKind.Undefined }" : access + ".ValueKind != global::System.Text.Json.JsonValueKind.Undefined")
                : type.IsNullable || !isValue ? access + " is not null" : null;
            if (guard is not null)
            {
                writer.Open("if (" + guard + ")");
            }

            writer.Line("writer__.WritePropertyName(" + CodeWriter.Literal(name) + "u8);");
            var value = type.IsNullable && isValue && type.Kind != TypeKind.Json ? access + ".Value" : access;
            var written = type.Kind == TypeKind.Json ? type.AsNullable(type.IsNullable) : type.AsNullable(false);
            writer.Line(TypeNames.Write(types, written, value, "writer__"));
            if (guard is not null)
            {
                writer.Close();
            }
        }

        writer.Line("writer__.WriteEndObject();");
    }

    private static string CamelCase(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name.Substring(1);
}
