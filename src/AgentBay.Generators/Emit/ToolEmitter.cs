using System.Collections.Generic;
using System.Linq;
using AgentBay.Generators.Model;

namespace AgentBay.Generators.Emit;

/// <summary>Emits the tools class shell and one file per typed tool, so that changing one tool re-emits one file.</summary>
internal static class ToolEmitter
{
    public static string EmitClass(ToolsClassUnit unit)
    {
        var types = unit.Types;
        var sessionType = TypeNames.Qualified(types, types.SessionClass!);
        var writer = new CodeWriter();
        writer.FileStart(types.Namespace);
        writer.Line("/// <summary>Typed MCP tools of a session: one sync and one async method per tool of the spec.</summary>");
        writer.Line(Emitter.GeneratedCodeAttribute);
        writer.Open("public sealed partial class " + unit.ToolsClass);
        writer.Line("private readonly " + sessionType + " _session;");
        writer.Line();
        writer.Line("internal " + unit.ToolsClass + "(" + sessionType + " session) => _session = session;");
        writer.Line();
        writer.Line("/// <summary>The session these tools run in.</summary>");
        writer.Line("public " + sessionType + " Session => _session;");
        writer.Close();
        writer.FileEnd();
        return writer.ToString();
    }

    /// <summary>The typed method's parameters of <paramref name="tool"/>, one per argument (also what its AI function converts to).</summary>
    public static List<MethodParameter> Parameters(TypeContext types, ToolModel tool)
    {
        var parameters = new List<MethodParameter>();
        foreach (var argument in tool.Arguments)
        {
            parameters.Add(new MethodParameter(types, argument.Name, argument.Type, argument.Default, argument.Range, argument.RangeError, argument.Allowed,
                notEmpty: false, argument.Doc));
        }

        return parameters;
    }

    public static string EmitTool(ToolUnit unit)
    {
        var types = unit.Types;
        var tool = unit.Tool;
        var parameters = Parameters(types, tool);

        var result = TypeNames.Qualified(types, unit.Result.Name);
        var writer = new CodeWriter();
        writer.FileStart(types.Namespace);
        writer.Open("public sealed partial class " + unit.ToolsClass);
        var arguments = new List<string>();
        foreach (var parameter in parameters)
        {
            arguments.Add(parameter.Identifier);
        }

        var coreCall = tool.Method + "CoreAsync(" + string.Join(", ", arguments) + (arguments.Count > 0 ? ", " : "") + "{async}, cancellationToken)";
        MethodPair.Write(writer, tool.Method, result, (tool.Doc ?? tool.Name) + " (MCP tool " + tool.Name + ")", parameters, new string[0], new string[0],
            coreCall, "The tool's result; Success is false when the tool reported an error.",
            "[" + TypeNames.Runtime + "AgentBayTool(" + CodeWriter.Literal(tool.Name) + ")]");
        writer.Line();
        EmitCore(writer, types, unit, parameters, result);
        writer.Close();
        writer.FileEnd();
        return writer.ToString();
    }

    private static void EmitCore(CodeWriter writer, TypeContext types, ToolUnit unit, List<MethodParameter> parameters, string result)
    {
        var tool = unit.Tool;
        var declarations = new List<string>();
        foreach (var parameter in parameters)
        {
            declarations.Add(parameter.CSharpType + " " + parameter.Identifier);
        }

        declarations.Add("bool async");
        declarations.Add(TypeNames.CancellationToken + " cancellationToken");
        // A tool result that is already there (every sync call) is read without an async state machine; the awaiting path's
        // state machine comes from a pool (each core task is awaited exactly once, by AsTask or EnsureCompleted).
        DirectCore.Open(writer, "global::System.Threading.Tasks.ValueTask<" + result + "> " + tool.Method + "CoreAsync(" + string.Join(", ", declarations) + ")");
        // The arguments go to a static callback as state (one value, or a tuple deconstructed under the same names), so a call
        // allocates no closure; the outcome points into the pooled reply and is disposed once the result is read.
        var state = tool.Arguments.Count == 0 ? "(object?)null"
            : tool.Arguments.Count == 1 ? Identifier(parameters, tool.Arguments[0].Name)
            : "(" + string.Join(", ", tool.Arguments.Select(argument => Identifier(parameters, argument.Name))) + ")";
        var stateParameter = tool.Arguments.Count == 1 ? Identifier(parameters, tool.Arguments[0].Name) : tool.Arguments.Count == 0 ? "_" : "arguments__";
        writer.Line("var pending = _session.CallToolCoreAsync(" + CodeWriter.Literal(tool.Name) + ", " + CodeWriter.Literal(tool.Server) + ", "
            + state + ", static (writer, " + stateParameter + ") =>");
        writer.Line("{");
        writer.Indent();
        if (tool.Arguments.Count > 1)
        {
            writer.Line("var (" + string.Join(", ", tool.Arguments.Select(argument => Identifier(parameters, argument.Name))) + ") = arguments__;");
        }

        writer.Line("writer.WriteStartObject();");
        foreach (var argument in tool.Arguments)
        {
            var parameter = parameters.Find(p => p.Name == argument.Name)!;
            // Non-nullable arguments were checked before the call; only optional ones may be absent.
            var guard = parameter.Type.IsNullable;
            if (guard)
            {
                writer.Open("if (" + parameter.Identifier + " is not null)");
            }

            writer.Line("writer.WritePropertyName(" + CodeWriter.Literal(argument.Wire) + "u8);");
            var access = parameter.Type.IsNullable && parameter.IsValueType ? parameter.Identifier + ".Value" : parameter.Identifier;
            writer.Line(TypeNames.Write(types, parameter.Type.AsNullable(false), access, "writer"));
            if (guard)
            {
                writer.Close();
                if (parameter.WireDefault is { } wireDefault)
                {
                    // A default C# cannot express (collection, enum) is sent when the argument is left null.
                    writer.Open("else");
                    writer.Line("writer.WritePropertyName(" + CodeWriter.Literal(argument.Wire) + "u8);");
                    writer.Line(TypeNames.IsEnum(types, parameter.Type)
                        ? "writer.WriteStringValue(" + CodeWriter.Literal(wireDefault) + ");"
                        : "writer.WriteRawValue(" + CodeWriter.Literal(wireDefault) + ");");
                    writer.Close();
                }
            }
        }

        writer.Line("writer.WriteEndObject();");
        writer.Outdent();
        writer.Line("}, parseTextAsJson: " + (tool.Result.Json ? "true" : "false") + ", autoGenSession: false, timeout: null, async, cancellationToken);");
        DirectCore.Close(writer, result, "pending", tool.Method + "CoreRead");
        writer.Line();
        writer.Open("private " + result + " " + tool.Method + "CoreRead(" + TypeNames.Runtime + "OperationOutcome outcome)");
        writer.Line("var result = " + result + ".FromOutcome(outcome);");
        if (tool.Result.SuccessField is { } field && tool.Result.SuccessEquals is { } equals && unit.Result.SuccessProperty is { } success)
        {
            var literal = equals.Kind == LiteralKind.String ? CodeWriter.Literal(equals.Text) : equals.Text;
            writer.Line("// The spec says when this tool succeeded: the call alone succeeding is not enough. Only a result that must be");
            writer.Line("// turned into a failure is copied.");
            writer.Line("return !result." + success + " || result." + field + " == " + literal + " ? result : result with { " + success + " = false };");
        }
        else
        {
            writer.Line("return result;");
        }

        writer.Close();
    }

    private static string Identifier(List<MethodParameter> parameters, string argumentName) => parameters.Find(p => p.Name == argumentName)!.Identifier;
}
