using System.Globalization;
using AgentBay.Generators.Model;

namespace AgentBay.Generators.Emit;

/// <summary>
/// Emits the session class: its operations, the tool-call core the typed tools share, the untyped CallMcpTool, and
/// disposal that deletes the session exactly once.
/// </summary>
internal static class SessionEmitter
{
    public static string Emit(SessionUnit unit)
    {
        var types = unit.Types;
        var session = unit.Session;
        var writer = new CodeWriter();
        writer.FileStart(types.Namespace);
        writer.Summary(session.Doc, session.ClassName + ".");
        writer.Line(Emitter.GeneratedCodeAttribute);
        writer.Line("[" + TypeNames.Runtime + "AgentBaySession]");
        writer.Open("public sealed partial class " + session.ClassName + " : global::System.IAsyncDisposable, global::System.IDisposable");
        if (session.DisposeOperation is not null)
        {
            writer.Line("// 1 once the session was deleted through its dispose operation or disposed: later disposal does nothing.");
            writer.Line("private int _released;");
            writer.Line();
        }

        writer.Line("/// <summary>Attaches to the session <paramref name=\"sessionId\"/> through <paramref name=\"transport\"/>.</summary>");
        writer.Line("/// <param name=\"transport\">The transport of the client that owns the session.</param>");
        writer.Line("/// <param name=\"sessionId\">The session's id.</param>");
        writer.Open("public " + session.ClassName + "(" + TypeNames.Runtime + "AgentBayTransport transport, string sessionId)");
        writer.Line("Transport = transport ?? throw new global::System.ArgumentNullException(nameof(transport));");
        writer.Line("SessionId = string.IsNullOrEmpty(sessionId) ? throw new global::System.ArgumentException(\"A session id is required.\", nameof(sessionId)) : sessionId;");
        writer.Line(unit.ToolsProperty + " = new " + TypeNames.Qualified(types, unit.ToolsClass) + "(this);");
        writer.Close();
        writer.Line();
        writer.Line("/// <summary>The session's id.</summary>");
        writer.Line("public string SessionId { get; }");
        writer.Line();
        writer.Line("/// <summary>The transport that sends this session's requests.</summary>");
        writer.Line("public " + TypeNames.Runtime + "AgentBayTransport Transport { get; }");
        writer.Line();
        writer.Line("/// <summary>Typed MCP tools of this session.</summary>");
        writer.Line("public " + TypeNames.Qualified(types, unit.ToolsClass) + " " + unit.ToolsProperty + " { get; }");
        GroupEmitter.EmitProperties(writer, types, unit.Groups, isSession: true);
        if (session.Files is { } files)
        {
            EmitFiles(writer, files, session.ToolCall is null ? null : unit.WatchArgument);
        }
        var owner = new OperationEmitter.Owner(types, isSession: true, session.IdWire, unit.Records, marksReleased: false);
        var releasingOwner = new OperationEmitter.Owner(types, isSession: true, session.IdWire, unit.Records, marksReleased: true);
        foreach (var operation in session.Operations)
        {
            writer.Line();
            switch (operation.Kind)
            {
                case OperationKind.Rpc:
                    OperationEmitter.EmitRpc(writer, operation, operation.Key == session.DisposeOperation ? releasingOwner : owner);
                    break;
                case OperationKind.ToolCall:
                    EmitUntypedToolCall(writer, types, operation, session.ToolCall!);
                    break;
            }
        }

        if (session.ToolCall is { } toolCall)
        {
            writer.Line();
            EmitToolCallCore(writer, toolCall, session.IdWire);
            writer.Line();
            EmitServerOf(writer, unit);
        }

        writer.Line();
        EmitDispose(writer, types, session);
        writer.Line();
        writer.Line("/// <summary>The session id, for logs.</summary>");
        writer.Line("public override string ToString() => " + CodeWriter.Literal(session.ClassName + " ") + " + SessionId;");
        writer.Close();
        writer.FileEnd();
        return writer.ToString();
    }

    private static void EmitToolCallCore(CodeWriter writer, ToolCallModel toolCall, string idWire)
    {
        writer.Line("/// <summary>Calls a tool through " + toolCall.Action + "; the typed tools and CallMcpTool share it.</summary>");
        // The arguments travel as state next to a static writer callback, so a call allocates no closure.
        writer.Open("internal global::System.Threading.Tasks.ValueTask<" + TypeNames.Runtime + "OperationOutcome> CallToolCoreAsync<TArguments>(string name, string? server, "
            + "TArguments arguments, global::System.Action<" + TypeNames.Writer + ", TArguments> writeArguments, bool parseTextAsJson, bool autoGenSession, "
            + TypeNames.TimeSpan + "? timeout, bool async, " + TypeNames.CancellationToken + " cancellationToken)");
        // Session id, tool name and arguments, plus the server and auto-gen-session flags when the spec names them.
        var formCapacity = 3 + (toolCall.ServerWire is null ? 0 : 1) + (toolCall.AutoGenSessionWire is null ? 0 : 1);
        writer.Line("var request = new " + TypeNames.Runtime + "AgentBayRequest(" + CodeWriter.Literal(toolCall.Action) + ", " + formCapacity.ToString(CultureInfo.InvariantCulture) + ");");
        writer.Line("request.Add(" + CodeWriter.Literal(idWire) + ", SessionId);");
        writer.Line("request.Add(" + CodeWriter.Literal(toolCall.NameWire) + ", name);");
        writer.Line("request.AddJson(" + CodeWriter.Literal(toolCall.ArgsWire) + ", arguments, writeArguments);");
        if (toolCall.ServerWire is not null)
        {
            writer.Line("request.Add(" + CodeWriter.Literal(toolCall.ServerWire) + ", server ?? \"\");");
        }

        if (toolCall.AutoGenSessionWire is not null)
        {
            writer.Line("request.Add(" + CodeWriter.Literal(toolCall.AutoGenSessionWire) + ", (bool?)autoGenSession);");
        }

        writer.Line("request.Timeout = timeout;");
        // Not sent: the tool's name for telemetry (the activity's and agentbay.tool.duration's agentbay.tool tag).
        writer.Line("request.ToolName = name;");
        writer.Line("return " + TypeNames.Runtime + "AgentBayOperation.CallToolAsync(Transport, request, parseTextAsJson, async, cancellationToken);");
        writer.Close();
    }

    /// <summary>
    /// <c>session.files</c>: a property that creates the runtime's file transfer once, with the spec's actions, and the
    /// method its watch calls the change tool through.
    /// </summary>
    private static void EmitFiles(CodeWriter writer, FilesModel files, string? watchArgument)
    {
        writer.Line();
        writer.Summary(files.Doc, "Uploads, downloads and watches files of this session.");
        writer.Line("public " + TypeNames.Runtime + "SessionFiles " + files.Property + " => _files ??= new " + TypeNames.Runtime + "SessionFiles(Transport, SessionId, FilesPlan, "
            + (watchArgument is null ? "null" : "CallFileChangeToolAsync") + ");");
        writer.Line();
        writer.Line("private " + TypeNames.Runtime + "SessionFiles? _files;");
        writer.Line();
        writer.Line("private static readonly " + TypeNames.Runtime + "FileTransferPlan FilesPlan = new " + TypeNames.Runtime + "FileTransferPlan");
        writer.Line("{");
        writer.Indent();
        writer.Line("InternalContextAction = " + CodeWriter.Literal(files.InternalContextAction) + ",");
        writer.Line("InternalContextType = " + CodeWriter.Literal(files.InternalContextType) + ",");
        writer.Line("UploadUrlAction = " + CodeWriter.Literal(files.UploadUrlAction) + ",");
        writer.Line("DownloadUrlAction = " + CodeWriter.Literal(files.DownloadUrlAction) + ",");
        writer.Line("SyncAction = " + CodeWriter.Literal(files.SyncAction) + ",");
        writer.Line("InfoAction = " + CodeWriter.Literal(files.InfoAction) + ",");
        writer.Outdent();
        writer.Line("};");
        if (watchArgument is null || files.WatchTool is not { } tool)
        {
            return;
        }

        writer.Line();
        writer.Line("/// <summary>Calls " + tool + " with the watched path, for " + files.Property + ".Watch.</summary>");
        writer.Line("private global::System.Threading.Tasks.ValueTask<" + TypeNames.Runtime + "OperationOutcome> CallFileChangeToolAsync(string path, bool async, "
            + TypeNames.CancellationToken + " cancellationToken) =>");
        writer.Indent();
        writer.Line("CallToolCoreAsync(" + CodeWriter.Literal(tool) + ", ServerOf(" + CodeWriter.Literal(tool) + "), path, static (writer, path) =>");
        writer.Line("{");
        writer.Indent();
        writer.Line("writer.WriteStartObject();");
        writer.Line("writer.WriteString(" + CodeWriter.Literal(watchArgument) + ", path);");
        writer.Line("writer.WriteEndObject();");
        writer.Outdent();
        writer.Line("}, parseTextAsJson: false, autoGenSession: false, timeout: null, async, cancellationToken);");
        writer.Outdent();
    }

    private static void EmitServerOf(CodeWriter writer, SessionUnit unit)
    {
        writer.Line("/// <summary>The MCP server of a tool the spec defines, or null (the service then picks one).</summary>");
        writer.Line("internal static string? ServerOf(string tool) => tool switch");
        writer.Line("{");
        writer.Indent();
        foreach (var tool in unit.ToolServers)
        {
            writer.Line(CodeWriter.Literal(tool.Tool) + " => " + CodeWriter.Literal(tool.Server) + ",");
        }

        writer.Line("_ => null,");
        writer.Outdent();
        writer.Line("};");
    }

    private static void EmitUntypedToolCall(CodeWriter writer, TypeContext types, OperationModel operation, ToolCallModel toolCall)
    {
        var result = TypeNames.Qualified(types, toolCall.ResultRecord);
        var parameters = "string toolName, global::System.Collections.Generic.IReadOnlyDictionary<string, object?> args, int? readTimeout = null, int? connectTimeout = null, bool autoGenSession = false, "
            + TypeNames.CancellationToken + " cancellationToken = default";
        foreach (var isAsync in new[] { true, false })
        {
            var name = operation.Method + (isAsync ? "Async" : "");
            writer.Summary(operation.Doc, name + ".");
            writer.Line("/// <param name=\"toolName\">Name of the MCP tool, e.g. shell.</param>");
            writer.Line("/// <param name=\"args\">Arguments of the tool: strings, numbers, booleans, lists, dictionaries, JsonElement.</param>");
            writer.Line("/// <param name=\"readTimeout\">Read timeout of the request in milliseconds; null uses the client's timeout.</param>");
            writer.Line("/// <param name=\"connectTimeout\">Connect timeout in milliseconds, added to the read timeout (HttpClient has one timeout per request).</param>");
            writer.Line("/// <param name=\"autoGenSession\">Whether the service may create the session if it does not exist.</param>");
            writer.Line("/// <param name=\"cancellationToken\">Cancels the call.</param>");
            writer.Line("/// <returns>The tool's result; Success is false when the tool reported an error.</returns>");
            var returns = isAsync ? "global::System.Threading.Tasks.Task<" + result + ">" : result;
            writer.Line("[" + TypeNames.Runtime + "AgentBayUntypedToolCall]");
            writer.Open("public " + returns + " " + name + "(" + parameters + ")");
            writer.Line("global::System.ArgumentException.ThrowIfNullOrEmpty(toolName);");
            writer.Line("global::System.ArgumentNullException.ThrowIfNull(args);");
            writer.Line("var timeout = readTimeout is null && connectTimeout is null ? (" + TypeNames.TimeSpan + "?)null : " + TypeNames.TimeSpan
                + ".FromMilliseconds((readTimeout ?? (int)Transport.Options.Timeout.TotalMilliseconds) + (connectTimeout ?? 0));");
            var core = "CallToolCoreAsync(toolName, ServerOf(toolName), args, static (writer, values) => " + TypeNames.WireWriter + "WriteUntyped(writer, values), false, autoGenSession, timeout, "
                + (isAsync ? "true" : "false") + ", cancellationToken)";
            // The outcome points into the pooled reply: it is disposed once the result has been read from it.
            if (isAsync)
            {
                writer.Line("return Read(" + core + ");");
                writer.Line();
                writer.Open("static async global::System.Threading.Tasks.Task<" + result + "> Read(global::System.Threading.Tasks.ValueTask<" + TypeNames.Runtime
                    + "OperationOutcome> pending)");
                writer.Line("using var outcome = await pending.ConfigureAwait(false);");
                writer.Line("return " + result + ".FromOutcome(outcome);");
                writer.Close();
            }
            else
            {
                writer.Line("using var outcome = " + TypeNames.Runtime + "AgentBayOperation.EnsureCompleted(" + core + ");");
                writer.Line("return " + result + ".FromOutcome(outcome);");
            }

            writer.Close();
            writer.Line();
        }
    }

    private static void EmitDispose(CodeWriter writer, TypeContext types, SessionModel session)
    {
        var dispose = session.DisposeOperation is null ? null : FindMethod(session, session.DisposeOperation);
        writer.Line("/// <summary>Deletes the session unless it was already deleted or disposed; further calls do nothing.</summary>");
        writer.Open("public void Dispose()");
        if (dispose is not null)
        {
            writer.Open("if (global::System.Threading.Interlocked.Exchange(ref _released, 1) == 0)");
            writer.Line("global::AgentBay.Runtime.AgentBayOperation.EnsureCompleted(" + DisposeCall(types, dispose, "false") + ");");
            writer.Close();
        }

        writer.Close();
        writer.Line();
        writer.Line("/// <summary>Deletes the session unless it was already deleted or disposed; further calls do nothing.</summary>");
        if (dispose is null)
        {
            writer.Line("public global::System.Threading.Tasks.ValueTask DisposeAsync() => default;");
            return;
        }

        writer.Open("public async global::System.Threading.Tasks.ValueTask DisposeAsync()");
        writer.Open("if (global::System.Threading.Interlocked.Exchange(ref _released, 1) == 0)");
        writer.Line("await " + DisposeCall(types, dispose, "true") + ".ConfigureAwait(false);");
        writer.Close();
        writer.Close();
    }

    /// <summary>A call of the dispose operation's core with every parameter at its default.</summary>
    private static string DisposeCall(TypeContext types, OperationModel operation, string isAsync)
    {
        var arguments = new System.Collections.Generic.List<string>();
        foreach (var parameter in OperationEmitter.Parameters(types, operation))
        {
            arguments.Add(parameter.DefaultExpression ?? "default!");
        }

        arguments.Add("null");
        arguments.Add("null");
        arguments.Add(isAsync);
        arguments.Add("global::System.Threading.CancellationToken.None");
        return operation.Method + "CoreAsync(" + string.Join(", ", arguments) + ")";
    }

    private static OperationModel? FindMethod(SessionModel session, string key)
    {
        foreach (var operation in session.Operations)
        {
            if (operation.Key == key)
            {
                return operation;
            }
        }

        return null;
    }
}
