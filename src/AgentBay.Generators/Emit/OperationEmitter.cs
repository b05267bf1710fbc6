using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AgentBay.Generators.Model;

namespace AgentBay.Generators.Emit;

/// <summary>Emits the members of one operation: the sync/async pair, the private core and its static behavior.</summary>
internal static class OperationEmitter
{
    private const string Runtime = TypeNames.Runtime;

    /// <summary>The declaring class of an operation: how to reach the session id and build sessions.</summary>
    public sealed class Owner
    {
        public Owner(TypeContext types, bool isSession, string? sessionIdWire, EquatableArray<RecordInfo> records, bool marksReleased)
        {
            Types = types;
            IsSession = isSession;
            SessionIdWire = sessionIdWire;
            Records = records;
            MarksReleased = marksReleased;
        }

        public TypeContext Types { get; }

        public bool IsSession { get; }

        public string? SessionIdWire { get; }

        public EquatableArray<RecordInfo> Records { get; }

        /// <summary>True for the operation a disposal runs: success makes later disposal a no-op.</summary>
        public bool MarksReleased { get; }

        public RecordInfo? FindRecord(string name)
        {
            foreach (var record in Records)
            {
                if (record.Name == name)
                {
                    return record;
                }
            }

            return null;
        }
    }

    public static List<MethodParameter> Parameters(TypeContext types, OperationModel operation)
    {
        var result = new List<MethodParameter>();
        foreach (var parameter in operation.Parameters)
        {
            if (parameter.Kind == ParameterKind.Argument)
            {
                result.Add(new MethodParameter(types, parameter.Name, parameter.Type!, parameter.Default, parameter.Range, parameter.RangeError,
                    parameter.Allowed, parameter.NotEmpty, parameter.Doc));
            }
        }

        return result;
    }

    public static void EmitRpc(CodeWriter writer, OperationModel operation, Owner owner)
    {
        var types = owner.Types;
        var parameters = Parameters(types, operation);
        var returnType = TypeNames.CSharp(types, operation.Returns!.Type);
        var extraDeclarations = new List<string>();
        var extraDocs = new List<string>();
        if (operation.Poll is { } poll)
        {
            extraDeclarations.Add(TypeNames.TimeSpan + "? timeout = null");
            extraDeclarations.Add(TypeNames.TimeSpan + "? pollInterval = null");
            extraDocs.Add("/// <param name=\"timeout\">How long to wait for the operation to finish; null waits " + Seconds(poll.TimeoutMilliseconds) + " s.</param>");
            extraDocs.Add("/// <param name=\"pollInterval\">Pause between status polls; null uses " + Seconds(poll.IntervalMilliseconds) + " s.</param>");
        }

        var arguments = new List<string>();
        foreach (var parameter in parameters)
        {
            arguments.Add(parameter.Identifier);
        }

        arguments.Add(operation.Poll is null ? "null" : "timeout");
        arguments.Add(operation.Poll is null ? "null" : "pollInterval");
        var coreCall = operation.Method + "CoreAsync(" + string.Join(", ", arguments) + ", {async}, cancellationToken)";
        MethodPair.Write(writer, operation.Method, returnType, operation.Doc, parameters, extraDeclarations, extraDocs, coreCall,
            "The " + operation.Returns.Type.Name + ".", OwnershipAttribute(operation, owner));
        writer.Line();
        EmitCore(writer, operation, owner, parameters, returnType);
        writer.Line();
        EmitBehavior(writer, operation, owner);
        EmitStepBehaviors(writer, operation, owner);
        if (operation.Pages is { ItemType: not null })
        {
            writer.Line();
            EmitPages(writer, operation, owner, parameters);
        }
    }

    /// <summary>
    /// <c>{Method}AllAsync</c> / <c>{Method}All</c>: every item of a paged listing, one request a page, feeding each page's
    /// next token back until it is empty. A failed page throws (an enumeration has no result to carry the failure).
    /// </summary>
    private static void EmitPages(CodeWriter writer, OperationModel operation, Owner owner, List<MethodParameter> parameters)
    {
        var types = owner.Types;
        var pages = operation.Pages!;
        var itemType = TypeNames.CSharp(types, pages.ItemType!);
        var record = owner.FindRecord(operation.Returns!.Type.Name);
        var kept = new List<MethodParameter>();
        foreach (var parameter in MethodPair.Order(parameters))
        {
            if (parameter.Name != pages.TokenParameter)
            {
                kept.Add(parameter);
            }
        }

        var declarations = new List<string>();
        var arguments = new List<string>();
        foreach (var parameter in kept)
        {
            declarations.Add(parameter.Declaration(withDefault: true));
        }

        foreach (var parameter in parameters)
        {
            arguments.Add(parameter.Identifier + ": " + (parameter.Name == pages.TokenParameter ? "pageToken" : parameter.Identifier));
        }

        arguments.Add("cancellationToken: cancellationToken");
        foreach (var isAsync in new[] { true, false })
        {
            var name = operation.Method + "All" + (isAsync ? "Async" : "");
            writer.Line("/// <summary>Every item " + CodeWriter.Xml(operation.Method) + " lists, across all pages (one request a page, as the enumeration reaches it).</summary>");
            foreach (var parameter in kept)
            {
                writer.Line("/// <param name=\"" + parameter.Name + "\">" + CodeWriter.Xml(parameter.Doc ?? parameter.Name) + "</param>");
            }

            writer.Line("/// <param name=\"cancellationToken\">Cancels the enumeration.</param>");
            writer.Line("/// <returns>The items, page after page.</returns>");
            writer.Line("/// <exception cref=\"" + Runtime.Replace("global::", "") + "AgentBayException\">A page could not be read, or the service sent the same page token twice.</exception>");
            var returns = isAsync
                ? "async global::System.Collections.Generic.IAsyncEnumerable<" + itemType + ">"
                : "global::System.Collections.Generic.IEnumerable<" + itemType + ">";
            var tokenDeclaration = isAsync
                ? "[global::System.Runtime.CompilerServices.EnumeratorCancellation] " + TypeNames.CancellationToken + " cancellationToken = default"
                : TypeNames.CancellationToken + " cancellationToken = default";
            writer.Open("public " + returns + " " + name + "(" + string.Join(", ", new List<string>(declarations) { tokenDeclaration }) + ")");
            writer.Line("string? pageToken = null;");
            writer.Open("while (true)");
            writer.Line("var page = " + (isAsync ? "await " : "") + operation.Method + (isAsync ? "Async" : "") + "(" + string.Join(", ", arguments) + ")"
                + (isAsync ? ".ConfigureAwait(false)" : "") + ";");
            if (record?.SuccessProperty is { } success)
            {
                var message = record.ErrorMessageProperty is { } error ? "page." + error + " ?? " : "";
                var requestId = record.RequestIdProperty is { } id ? "page." + id : "null";
                writer.Open("if (!page." + success + ")");
                writer.Line("throw new " + Runtime + "AgentBayException(" + message + CodeWriter.Literal(operation.Method + " failed") + ", " + requestId + ", null, null);");
                writer.Close();
            }

            writer.Open("if (page." + pages.ItemsField + " is { } items)");
            writer.Open("foreach (var item in items)");
            writer.Line("yield return item;");
            writer.Close();
            writer.Close();
            writer.Open("if (string.IsNullOrEmpty(page." + pages.NextField + "))");
            writer.Line("yield break;");
            writer.Close();
            writer.Open("if (page." + pages.NextField + " == pageToken)");
            writer.Line("// A token that does not move would list the same page forever.");
            writer.Line("throw new " + Runtime + "AgentBayException(" + CodeWriter.Literal(operation.Method + ": the service returned the page token '") + " + pageToken + "
                + CodeWriter.Literal("' twice") + ");");
            writer.Close();
            writer.Line("pageToken = page." + pages.NextField + ";");
            writer.Close();
            writer.Close();
            if (isAsync)
            {
                writer.Line();
            }
        }
    }

    /// <summary>Marks operations that hand over or release a session, for the analyzers' leak checks.</summary>
    private static string? OwnershipAttribute(OperationModel operation, Owner owner)
    {
        if (owner.MarksReleased)
        {
            return "[" + Runtime + "AgentBayReleasesSession]";
        }

        return owner.FindRecord(operation.Returns!.Type.Name) is { HasSessionField: true } && !owner.IsSession
            ? "[" + Runtime + "AgentBayHandsOverSession]"
            : null;
    }

    private static void EmitCore(CodeWriter writer, OperationModel operation, Owner owner, List<MethodParameter> parameters, string returnType)
    {
        var types = owner.Types;
        var declarations = new List<string>();
        foreach (var parameter in parameters)
        {
            declarations.Add(parameter.CSharpType + " " + parameter.Identifier);
        }

        declarations.Add(TypeNames.TimeSpan + "? timeout");
        declarations.Add(TypeNames.TimeSpan + "? pollInterval");
        declarations.Add("bool async");
        declarations.Add(TypeNames.CancellationToken + " cancellationToken");
        // Operations without steps before their request return an outcome that is already there (every sync call) without
        // an async state machine; the others await their steps. Each core task is awaited exactly once (by AsTask or
        // EnsureCompleted), so the state machines that are needed come from a pool.
        var direct = operation.Before.IsEmpty && operation.After is null;
        var core = "global::System.Threading.Tasks.ValueTask<" + returnType + "> " + operation.Method + "CoreAsync(" + string.Join(", ", declarations) + ")";
        if (direct)
        {
            DirectCore.Open(writer, core);
        }
        else
        {
            writer.Line(TypeNames.PoolingBuilderAttribute);
            writer.Open("private async " + core);
        }

        var waitsForSteps = operation.Before.Any(step => step.Poll is not null);
        if (waitsForSteps)
        {
            writer.Line("string? stepError = null;");
        }

        for (var i = 0; i < operation.Before.Count; i++)
        {
            EmitBeforeStep(writer, operation.Before[i], owner, operation.Method + "Step" + i.ToString(CultureInfo.InvariantCulture) + "Behavior");
        }

        // Sized for the form parameters it gets, so the request allocates its list once.
        var formCapacity = (owner.IsSession && operation.SessionIdLocation == WireLocation.Form ? 1 : 0)
            + operation.Parameters.Count(parameter => parameter.Location == WireLocation.Form && !parameter.Flatten);
        writer.Line("var request = new " + Runtime + "AgentBayRequest(" + CodeWriter.Literal(operation.Action!) + ", " + formCapacity.ToString(CultureInfo.InvariantCulture) + ");");
        if (owner.IsSession && operation.SessionIdLocation != WireLocation.None)
        {
            writer.Line("request.Add(" + CodeWriter.Literal(owner.SessionIdWire!) + ", SessionId, " + RequestParameters.Location(operation.SessionIdLocation) + ");");
        }

        var byName = new Dictionary<string, MethodParameter>();
        foreach (var parameter in parameters)
        {
            byName[parameter.Name] = parameter;
        }

        foreach (var parameter in operation.Parameters)
        {
            EmitParameter(writer, types, parameter, byName);
        }

        var sessionId = owner.IsSession ? "SessionId" : byName.ContainsKey("sessionId") ? "sessionId" : "null";
        var pollParameters = "";
        if (operation.Poll is { Parameters.IsEmpty: false } poll)
        {
            // The poll asks about exactly what the call was for (e.g. the sync of one context and path).
            var values = new List<string>();
            foreach (var parameter in poll.Parameters)
            {
                values.Add(ToWireText(types, byName[parameter.Parameter]));
            }

            pollParameters = "new string?[] { " + string.Join(", ", values) + " }, ";
        }

        var invoke = Runtime + "AgentBayOperation.InvokeAsync(Transport, request, " + operation.Method + "Behavior, " + sessionId
            + ", timeout, pollInterval, " + pollParameters + "async, cancellationToken)";
        var read = operation.Method + "CoreRead";
        if (direct)
        {
            DirectCore.Close(writer, returnType, invoke, read);
        }
        else
        {
            // The outcome points into the pooled reply: it is disposed once the result has been read from it.
            writer.Line("using var outcome = await " + invoke + ".ConfigureAwait(false);");
            if (waitsForSteps)
            {
                writer.Line("outcome.StepError = stepError;");
            }

            if (operation.After is { } after)
            {
                EmitAfter(writer, operation, after);
            }

            writer.Line("return " + read + "(outcome);");
            writer.Close();
        }

        writer.Open("private " + returnType + " " + read + "(" + Runtime + "OperationOutcome outcome)");
        if (owner.MarksReleased)
        {
            writer.Open("if (outcome.Success)");
            writer.Line("global::System.Threading.Volatile.Write(ref _released, 1);");
            writer.Close();
        }

        writer.Line("return " + ReadResult(types, operation.Returns!.Type, owner) + ";");
        writer.Close();
    }

    /// <summary>A poll parameter's value as the wire text (validation allows strings and string enums only).</summary>
    private static string ToWireText(TypeContext types, MethodParameter parameter)
    {
        if (TypeNames.IsEnum(types, parameter.Type))
        {
            return parameter.Identifier + (parameter.Type.IsNullable ? "?.Value" : ".Value");
        }

        return parameter.Identifier;
    }

    private static void EmitParameter(CodeWriter writer, TypeContext types, ParameterModel parameter, Dictionary<string, MethodParameter> byName)
    {
        var location = RequestParameters.Location(parameter.Location);
        switch (parameter.Kind)
        {
            case ParameterKind.Constant:
                writer.Line("request.Add(" + CodeWriter.Literal(parameter.Wire!) + ", " + CodeWriter.Literal(parameter.Constant!) + ", " + location + ");");
                return;
            case ParameterKind.Bound:
                writer.Line("request.Add(" + CodeWriter.Literal(parameter.Wire!) + ", Transport.Options.RegionId, " + location + ");");
                return;
        }

        var method = byName[parameter.Name];
        if (parameter.Flatten)
        {
            writer.Line(method.Identifier + (method.Type.IsNullable ? "?" : "") + ".AddTo(request);");
            return;
        }

        if (parameter.Location == WireLocation.None || parameter.Wire is null)
        {
            return;
        }

        if (method.WireDefault is not null && (method.Type.Kind is TypeKind.String || TypeNames.IsEnum(types, method.Type)))
        {
            // An enum default cannot be a C# constant: the parameter is nullable and null stands for the spec default.
            writer.Line("request.Add(" + CodeWriter.Literal(parameter.Wire) + ", " + method.Identifier + "?.Value ?? " + CodeWriter.Literal(method.WireDefault) + ", " + location + ");");
            return;
        }

        writer.Line(RequestParameters.AddStatement(types, method.Type, method.Identifier, parameter.Wire, parameter.EncodeJson, location, method.WireDefault));
    }

    /// <summary>
    /// One step before the operation's request. A plain step is sent and its reply ignored. A step with a poll is waited
    /// for like an operation of its own; its failure becomes <c>stepError</c>, which the result can report
    /// (<c>from: stepError</c>), or with <c>errors: fail</c> is thrown.
    /// </summary>
    private static void EmitBeforeStep(CodeWriter writer, BeforeStepModel step, Owner owner, string behaviorName)
    {
        writer.Open(step.When is null ? "" : "if (" + step.When + ")");
        writer.Line("var stepRequest = new " + Runtime + "AgentBayRequest(" + CodeWriter.Literal(step.Action) + ");");
        if (step.AuthorizationLocation == WireLocation.Query)
        {
            writer.Line("stepRequest.AuthorizationLocation = " + Runtime + "ParameterLocation.Query;");
        }

        if (owner.IsSession)
        {
            writer.Line("stepRequest.Add(" + CodeWriter.Literal(owner.SessionIdWire!) + ", SessionId);");
        }

        if (step.Poll is not null)
        {
            writer.Open("using (var stepOutcome = await " + Runtime + "AgentBayOperation.InvokeAsync(Transport, stepRequest, " + behaviorName + ", "
                + (owner.IsSession ? "SessionId" : "null") + ", null, null, async, cancellationToken).ConfigureAwait(false))");
            writer.Line("stepError = stepOutcome.Success ? null : stepOutcome.ErrorMessage ?? " + CodeWriter.Literal("the step " + step.Action + " failed") + ";");
            writer.Close();
            if (!step.IgnoreErrors)
            {
                writer.Open("if (stepError is not null)");
                writer.Line("throw new " + Runtime + "AgentBayException(stepError);");
                writer.Close();
            }
        }
        else if (step.IgnoreErrors)
        {
            writer.Open("try");
            writer.Line("await Transport.SendAsync(stepRequest, async, cancellationToken).ConfigureAwait(false);");
            writer.Close();
            writer.Open("catch (" + Runtime + "AgentBayException)");
            writer.Line("// The spec marks this step's errors as ignored: a failed step does not stop the operation.");
            writer.Close();
        }
        else
        {
            writer.Line("await Transport.SendAsync(stepRequest, async, cancellationToken).ConfigureAwait(false);");
        }

        writer.Close();
    }

    /// <summary>The expression that turns <c>outcome</c> into the operation's result record.</summary>
    public static string ReadResult(TypeContext types, TypeRef type, Owner owner)
    {
        var arguments = new List<string> { "outcome" };
        var record = owner.FindRecord(type.Name);
        if (record is { HasSessionField: true })
        {
            arguments.Add("id => new " + TypeNames.Qualified(types, types.SessionClass ?? "Session") + "(Transport, id)");
        }

        foreach (var argument in type.Arguments)
        {
            arguments.Add("static e => " + TypeNames.Read(types, argument.AsNullable(false), "e"));
        }

        return TypeNames.CSharp(types, type.AsNullable(false)) + ".FromOutcome(" + string.Join(", ", arguments) + ")";
    }

    private static void EmitBehavior(CodeWriter writer, OperationModel operation, Owner owner)
    {
        writer.Line("private static readonly " + Runtime + "OperationBehavior " + operation.Method + "Behavior = new " + Runtime + "OperationBehavior");
        writer.Line("{");
        writer.Indent();
        writer.Line("Failure = " + Runtime + "FailureMode." + operation.Failure + ",");
        Optional(writer, "FailureMessage", operation.FailureMessage);
        Optional(writer, "NotFoundMessage", operation.NotFoundMessage);
        Optional(writer, "DataPath", operation.Returns?.DataPath);
        Optional(writer, "RequirePath", operation.Returns?.RequirePath);
        Optional(writer, "RequireMessage", operation.Returns?.RequireMessage);
        if (!operation.CheckSuccess)
        {
            writer.Line("CheckSuccess = false,");
        }

        if (operation.Idempotent)
        {
            writer.Line("Idempotent = true,");
        }

        if (operation.ClientToken is { } clientToken)
        {
            writer.Line("ClientToken = new " + Runtime + "ClientTokenBehavior");
            writer.Line("{");
            writer.Indent();
            writer.Line("Label = " + CodeWriter.Literal(clientToken.Label) + ",");
            writer.Line("LabelsParameter = " + CodeWriter.Literal(clientToken.LabelsWire) + ",");
            writer.Line("ListAction = " + CodeWriter.Literal(clientToken.ListAction) + ",");
            writer.Outdent();
            writer.Line("},");
        }

        // Session telemetry: a client operation that hands over a session and is not idempotent creates it; the
        // operation a disposal runs deletes it.
        if (!owner.IsSession && !operation.Idempotent && operation.Returns is { } returns && owner.FindRecord(returns.Type.Name) is { SessionWire: { } sessionWire })
        {
            writer.Line("CreatedSessionIdPath = " + CodeWriter.Literal(sessionWire) + ",");
        }

        if (owner.MarksReleased)
        {
            writer.Line("EndsSession = true,");
        }

        if (operation.Poll is { } poll)
        {
            EmitPollBehavior(writer, poll, owner);
        }

        writer.Outdent();
        writer.Line("};");
    }

    private static void EmitPollBehavior(CodeWriter writer, PollModel poll, Owner owner)
    {
        writer.Line("Poll = new " + Runtime + "PollBehavior");
        writer.Line("{");
        writer.Indent();
        writer.Line("Action = " + CodeWriter.Literal(poll.Action) + ",");
        if (poll.SessionIdLocation == WireLocation.None)
        {
            writer.Line("SessionIdParameter = null,");
        }
        else
        {
            writer.Line("SessionIdParameter = " + CodeWriter.Literal(owner.SessionIdWire ?? "SessionId") + ",");
            writer.Line("SessionIdLocation = " + RequestParameters.Location(poll.SessionIdLocation) + ",");
        }

        if (!poll.Parameters.IsEmpty)
        {
            var wires = new List<string>();
            foreach (var parameter in poll.Parameters)
            {
                wires.Add(parameter.Wire);
            }

            writer.Line("Parameters = " + StringArray(EquatableArray.From(wires)) + ",");
        }

        if (!poll.Failed.IsEmpty)
        {
            writer.Line("Failed = " + StringArray(poll.Failed) + ",");
        }

        Optional(writer, "ReasonsPath", poll.ReasonsPath);
        writer.Line("StatusPath = " + CodeWriter.Literal(poll.StatusPath) + ",");
        writer.Line("Until = " + StringArray(poll.Until) + ",");
        writer.Line("While = " + StringArray(poll.While) + ",");
        writer.Line("OtherStatusFails = " + Bool(poll.OtherStatusFails) + ",");
        writer.Line("NotFoundSucceeds = " + Bool(poll.NotFoundSucceeds) + ",");
        writer.Line("ContinueOnError = " + Bool(poll.ContinueOnError) + ",");
        writer.Line("DefaultTimeout = " + TypeNames.TimeSpan + ".FromMilliseconds(" + poll.TimeoutMilliseconds.ToString(CultureInfo.InvariantCulture) + "),");
        writer.Line("DefaultInterval = " + TypeNames.TimeSpan + ".FromMilliseconds(" + poll.IntervalMilliseconds.ToString(CultureInfo.InvariantCulture) + "),");
        Optional(writer, "TimeoutMessage", poll.TimeoutMessage);
        Optional(writer, "TimeoutStatus", poll.TimeoutStatus);
        if (poll.Idempotent)
        {
            writer.Line("Idempotent = true,");
        }

        writer.Outdent();
        writer.Line("},");
    }

    /// <summary>
    /// The wait after a successful call (e.g. a new session's context downloads): only when the request carried the
    /// parameter, about the session the reply names; the runtime logs a failed wait and the operation's result stands.
    /// </summary>
    private static void EmitAfter(CodeWriter writer, OperationModel operation, AfterModel after)
    {
        var condition = "outcome.Success";
        if (after.WhenWire is { } when)
        {
            condition += " && request.TryGet(" + CodeWriter.Literal(when) + ", out _)";
        }

        writer.Open("if (" + condition + " && " + Runtime + "WireReader.ReadString(" + Runtime + "WireReader.Select(outcome.Body, "
            + CodeWriter.Literal(after.SessionIdPath) + ")) is { Length: > 0 } waitedSessionId)");
        writer.Open("using (await " + Runtime + "AgentBayOperation.WaitAfterAsync(Transport, " + operation.Method + "AfterBehavior, waitedSessionId, async, cancellationToken).ConfigureAwait(false))");
        writer.Close();
        writer.Close();
    }

    /// <summary>The behaviours of the steps an operation waits for: a failure is a result (reported), never an exception.</summary>
    private static void EmitStepBehaviors(CodeWriter writer, OperationModel operation, Owner owner)
    {
        if (operation.After is { } after)
        {
            writer.Line();
            writer.Line("private static readonly " + Runtime + "OperationBehavior " + operation.Method + "AfterBehavior = new " + Runtime + "OperationBehavior");
            writer.Line("{");
            writer.Indent();
            writer.Line("Failure = " + Runtime + "FailureMode.Result,");
            EmitPollBehavior(writer, after.Poll, owner);
            writer.Outdent();
            writer.Line("};");
        }

        for (var i = 0; i < operation.Before.Count; i++)
        {
            if (operation.Before[i].Poll is not { } poll)
            {
                continue;
            }

            writer.Line();
            writer.Line("private static readonly " + Runtime + "OperationBehavior " + operation.Method + "Step" + i.ToString(CultureInfo.InvariantCulture)
                + "Behavior = new " + Runtime + "OperationBehavior");
            writer.Line("{");
            writer.Indent();
            writer.Line("Failure = " + Runtime + "FailureMode.Result,");
            EmitPollBehavior(writer, poll, owner);
            writer.Outdent();
            writer.Line("};");
        }
    }

    private static void Optional(CodeWriter writer, string property, string? value)
    {
        if (value is not null)
        {
            writer.Line(property + " = " + CodeWriter.Literal(value) + ",");
        }
    }

    private static string StringArray(EquatableArray<string> values)
    {
        var parts = new List<string>();
        foreach (var value in values)
        {
            parts.Add(CodeWriter.Literal(value));
        }

        return parts.Count == 0 ? "global::System.Array.Empty<string>()" : "new string[] { " + string.Join(", ", parts) + " }";
    }

    private static string Bool(bool value) => value ? "true" : "false";

    public static string Seconds(long milliseconds) => (milliseconds / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);
}
