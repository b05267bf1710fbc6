using System.Collections.Generic;
using System.Globalization;
using AgentBay.Generators.Diagnostics;
using AgentBay.Generators.Model;
using AgentBay.Generators.Spec.Syntax;

namespace AgentBay.Generators.Binding;

internal static partial class SpecBinder
{
    private static ClientModel? BindClient(SpecNode node, BindingContext context)
    {
        var mapping = context.AsMapping(node, "client");
        if (mapping is null)
        {
            return null;
        }

        var entries = context.Entries(mapping, "client", "class", "doc", "operations", "groups");
        var className = context.String(entries, "class", "client", required: true) ?? "AgentBayClient";
        var operations = BindOperations(entries, "client", context);
        return new ClientModel(className, context.String(entries, "doc", "client"), operations, BindGroups(entries, "client", context));
    }

    private static SessionModel? BindSession(SpecNode node, BindingContext context, out string? toolsClass, out string? toolsProperty)
    {
        toolsClass = null;
        toolsProperty = null;
        var mapping = context.AsMapping(node, "session");
        if (mapping is null)
        {
            return null;
        }

        var entries = context.Entries(mapping, "session", "class", "doc", "id", "dispose", "toolCall", "tools", "files", "operations", "groups");
        var className = context.String(entries, "class", "session", required: true) ?? "Session";
        var idWire = "SessionId";
        if (entries.TryGetValue("id", out var idEntry) && context.AsMapping(idEntry.Value, "session.id") is { } idMapping)
        {
            idWire = context.String(context.Entries(idMapping, "session.id", "wire"), "wire", "session.id", required: true) ?? idWire;
        }

        if (entries.TryGetValue("tools", out var toolsEntry) && context.AsMapping(toolsEntry.Value, "session.tools") is { } toolsMapping)
        {
            var toolsEntries = context.Entries(toolsMapping, "session.tools", "class", "property");
            toolsClass = context.String(toolsEntries, "class", "session.tools");
            toolsProperty = context.String(toolsEntries, "property", "session.tools");
        }

        ToolCallModel? toolCall = null;
        if (entries.TryGetValue("toolCall", out var toolCallEntry) && context.AsMapping(toolCallEntry.Value, "session.toolCall") is { } toolCallMapping)
        {
            const string path = "session.toolCall";
            var toolCallEntries = context.Entries(toolCallMapping, path, "action", "name", "args", "server", "autoGenSession", "result");
            var action = context.String(toolCallEntries, "action", path, required: true);
            var name = context.String(toolCallEntries, "name", path, required: true);
            var args = context.String(toolCallEntries, "args", path, required: true);
            var result = context.String(toolCallEntries, "result", path, required: true);
            if (action is not null && name is not null && args is not null && result is not null)
            {
                toolCall = new ToolCallModel(action, name, args, context.String(toolCallEntries, "server", path),
                    context.String(toolCallEntries, "autoGenSession", path), result);
            }
        }

        var operations = BindOperations(entries, "session", context);
        return new SessionModel(className, context.String(entries, "doc", "session"), idWire, context.String(entries, "dispose", "session"), toolCall, operations,
            BindGroups(entries, "session", context), BindFiles(entries, context));
    }

    /// <summary><c>session.files: { property, doc, internalContext: { action, type }, uploadUrl, downloadUrl, sync, info, watch }</c>.</summary>
    private static FilesModel? BindFiles(Dictionary<string, SpecMappingEntry> session, BindingContext context)
    {
        const string path = "session.files";
        if (!session.TryGetValue("files", out var entry) || context.AsMapping(entry.Value, path) is not { } mapping)
        {
            return null;
        }

        var entries = context.Entries(mapping, path, "property", "doc", "internalContext", "uploadUrl", "downloadUrl", "sync", "info", "watch");
        string? contextAction = null;
        string? contextType = null;
        if (entries.TryGetValue("internalContext", out var internalEntry) && context.AsMapping(internalEntry.Value, path + ".internalContext") is { } internalMapping)
        {
            var internalEntries = context.Entries(internalMapping, path + ".internalContext", "action", "type");
            contextAction = context.String(internalEntries, "action", path + ".internalContext", required: true);
            contextType = context.String(internalEntries, "type", path + ".internalContext", required: true);
        }
        else if (!entries.ContainsKey("internalContext"))
        {
            context.Report(SpecDiagnostics.MissingKey, context.LocationOf(path), "internalContext", path);
        }

        var property = context.String(entries, "property", path) ?? "Files";
        var uploadUrl = context.String(entries, "uploadUrl", path, required: true);
        var downloadUrl = context.String(entries, "downloadUrl", path, required: true);
        var sync = context.String(entries, "sync", path, required: true);
        var info = context.String(entries, "info", path, required: true);
        return contextAction is null || contextType is null || uploadUrl is null || downloadUrl is null || sync is null || info is null
            ? null
            : new FilesModel(property, context.String(entries, "doc", path), contextAction, contextType, uploadUrl, downloadUrl, sync, info,
                context.String(entries, "watch", path));
    }

    /// <summary><c>groups: { contexts: { class, property, doc, operations } }</c> of the client or the session.</summary>
    private static EquatableArray<GroupModel> BindGroups(Dictionary<string, SpecMappingEntry> owner, string ownerPath, BindingContext context)
    {
        var path = ownerPath + ".groups";
        if (!owner.TryGetValue("groups", out var entry) || context.AsMapping(entry.Value, path) is not { } mapping)
        {
            return EquatableArray<GroupModel>.Empty;
        }

        var result = new List<GroupModel>();
        foreach (var group in context.NamedEntries(mapping, path, "group"))
        {
            var groupPath = path + "." + group.Key.Value;
            if (context.AsMapping(group.Value, groupPath) is not { } groupMapping)
            {
                continue;
            }

            var entries = context.Entries(groupMapping, groupPath, "class", "property", "doc", "operations");
            var className = context.String(entries, "class", groupPath, required: true);
            var property = context.String(entries, "property", groupPath) ?? Naming.ToPascalCase(group.Key.Value);
            if (className is not null)
            {
                result.Add(new GroupModel(group.Key.Value, className, property, context.String(entries, "doc", groupPath), BindOperations(entries, groupPath, context)));
            }
        }

        return EquatableArray.From(result);
    }

    private static EquatableArray<OperationModel> BindOperations(Dictionary<string, SpecMappingEntry> owner, string ownerPath, BindingContext context)
    {
        if (!owner.TryGetValue("operations", out var entry))
        {
            return EquatableArray<OperationModel>.Empty;
        }

        var path = ownerPath + ".operations";
        var mapping = context.AsMapping(entry.Value, path);
        if (mapping is null)
        {
            return EquatableArray<OperationModel>.Empty;
        }

        var result = new List<OperationModel>();
        foreach (var operation in context.NamedEntries(mapping, path, "operation"))
        {
            var bound = BindOperation(operation.Key.Value, operation.Value, path + "." + operation.Key.Value, context);
            if (bound is not null)
            {
                result.Add(bound);
            }
        }

        return EquatableArray.From(result);
    }

    private static OperationModel? BindOperation(string key, SpecNode node, string path, BindingContext context)
    {
        var mapping = context.AsMapping(node, path);
        if (mapping is null)
        {
            return null;
        }

        var entries = context.Entries(mapping, path, "action", "method", "doc", "kind", "forward", "params", "returns", "failure",
            "notFound", "checkSuccess", "sessionId", "before", "poll", "after", "idempotent", "clientToken", "pages");
        var method = context.String(entries, "method", path) ?? Naming.ToPascalCase(key);
        var kindText = context.String(entries, "kind", path);
        var forward = context.String(entries, "forward", path);
        var kind = OperationKind.Rpc;
        if (forward is not null)
        {
            kind = OperationKind.Forward;
        }
        else if (kindText == "toolCall")
        {
            kind = OperationKind.ToolCall;
        }
        else if (kindText is not null && kindText != "rpc")
        {
            context.Report(SpecDiagnostics.InvalidValue, context.LocationOf(path + ".kind"), kindText, path + ".kind", "expected rpc or toolCall");
        }

        if (kind != OperationKind.Rpc)
        {
            foreach (var entry in entries)
            {
                if (entry.Key is not ("method" or "doc" or "kind" or "forward"))
                {
                    context.Report(SpecDiagnostics.UnknownKey, entry.Value.Key, entry.Key, path, "method, doc (with " + (kind == OperationKind.Forward ? "forward" : "kind: toolCall") + ")");
                }
            }
        }

        var action = context.String(entries, "action", path, required: kind == OperationKind.Rpc);
        var parameters = BindParameters(entries, path, context);
        ReturnsModel? returns = null;
        if (entries.TryGetValue("returns", out var returnsEntry))
        {
            returns = BindReturns(returnsEntry.Value, path + ".returns", context);
        }
        else if (kind == OperationKind.Rpc)
        {
            context.Report(SpecDiagnostics.MissingKey, context.LocationOf(path), "returns", path);
        }

        var failure = FailureKind.Result;
        string? failureMessage = null;
        if (entries.TryGetValue("failure", out var failureEntry))
        {
            BindFailure(failureEntry.Value, path + ".failure", context, out failure, out failureMessage);
        }

        string? notFoundMessage = null;
        if (entries.TryGetValue("notFound", out var notFoundEntry) && context.AsMapping(notFoundEntry.Value, path + ".notFound") is { } notFoundMapping)
        {
            notFoundMessage = context.String(context.Entries(notFoundMapping, path + ".notFound", "message"), "message", path + ".notFound", required: true);
        }

        var sessionId = BindLocation(context.String(entries, "sessionId", path), path + ".sessionId", context);
        var before = BindBefore(entries, path, context);
        PollModel? poll = null;
        if (entries.TryGetValue("poll", out var pollEntry))
        {
            poll = BindPoll(pollEntry.Value, path + ".poll", context);
        }

        var idempotent = context.Boolean(entries, "idempotent", path) ?? false;
        var clientToken = BindClientToken(entries, path, context);
        if (idempotent && clientToken is not null)
        {
            context.Report(SpecDiagnostics.InvalidValue, context.LocationOf(path + ".idempotent"), "true", path + ".idempotent",
                "an operation with a clientToken is reconciled, never blindly retried; remove idempotent");
        }

        return new OperationModel(key, kind, method, action, context.String(entries, "doc", path), parameters, returns, failure, failureMessage,
            notFoundMessage, context.Boolean(entries, "checkSuccess", path) ?? true, forward, sessionId, before, poll, idempotent, clientToken,
            BindPages(entries, path, context), BindAfter(entries, path, context));
    }

    /// <summary><c>after: { when: WireName, sessionId: Data.SessionId, poll: { ... } }</c>.</summary>
    private static AfterModel? BindAfter(Dictionary<string, SpecMappingEntry> entries, string path, BindingContext context)
    {
        var afterPath = path + ".after";
        if (!entries.TryGetValue("after", out var entry) || context.AsMapping(entry.Value, afterPath) is not { } mapping)
        {
            return null;
        }

        var afterEntries = context.Entries(mapping, afterPath, "when", "sessionId", "poll");
        var sessionIdPath = context.String(afterEntries, "sessionId", afterPath, required: true);
        PollModel? poll = null;
        if (afterEntries.TryGetValue("poll", out var pollEntry))
        {
            poll = BindPoll(pollEntry.Value, afterPath + ".poll", context);
        }
        else
        {
            context.Report(SpecDiagnostics.MissingKey, context.LocationOf(afterPath), "poll", afterPath);
        }

        return sessionIdPath is null || poll is null ? null : new AfterModel(context.String(afterEntries, "when", afterPath), sessionIdPath, poll);
    }

    private static PagesModel? BindPages(Dictionary<string, SpecMappingEntry> entries, string path, BindingContext context)
    {
        path += ".pages";
        if (!entries.TryGetValue("pages", out var entry) || context.AsMapping(entry.Value, path) is not { } mapping)
        {
            return null;
        }

        var pageEntries = context.Entries(mapping, path, "items", "next", "token");
        var items = context.String(pageEntries, "items", path, required: true);
        var next = context.String(pageEntries, "next", path, required: true);
        var token = context.String(pageEntries, "token", path, required: true);
        return items is null || next is null || token is null ? null : new PagesModel(items, next, token);
    }

    private static ClientTokenModel? BindClientToken(Dictionary<string, SpecMappingEntry> entries, string path, BindingContext context)
    {
        path += ".clientToken";
        if (!entries.TryGetValue("clientToken", out var entry) || context.AsMapping(entry.Value, path) is not { } mapping)
        {
            return null;
        }

        var tokenEntries = context.Entries(mapping, path, "label", "labels", "list");
        var list = context.String(tokenEntries, "list", path, required: true);
        return list is null
            ? null
            : new ClientTokenModel(context.String(tokenEntries, "label", path) ?? "agentbay.client-token",
                context.String(tokenEntries, "labels", path) ?? "Labels", list);
    }

    private static EquatableArray<ParameterModel> BindParameters(Dictionary<string, SpecMappingEntry> entries, string path, BindingContext context)
    {
        if (!entries.TryGetValue("params", out var paramsEntry) || context.AsMapping(paramsEntry.Value, path + ".params") is not { } mapping)
        {
            return EquatableArray<ParameterModel>.Empty;
        }

        var result = new List<ParameterModel>();
        foreach (var parameter in context.NamedEntries(mapping, path + ".params", "parameter"))
        {
            var bound = BindParameter(parameter.Key.Value, parameter.Value, path + ".params." + parameter.Key.Value, context);
            if (bound is not null)
            {
                result.Add(bound);
            }
        }

        return EquatableArray.From(result);
    }

    private static ParameterModel? BindParameter(string name, SpecNode node, string path, BindingContext context)
    {
        var mapping = context.AsMapping(node, path);
        if (mapping is null)
        {
            return null;
        }

        var entries = context.Entries(mapping, path, "type", "wire", "in", "encode", "default", "range", "error", "allowed", "notEmpty",
            "flatten", "value", "bind", "doc");
        var constant = context.String(entries, "value", path);
        var binding = context.String(entries, "bind", path);
        var location = BindLocation(context.String(entries, "in", path), path + ".in", context);
        if (constant is not null && binding is not null)
        {
            context.Report(SpecDiagnostics.InvalidValue, context.LocationOf(path + ".bind"), binding, path + ".bind", "a parameter takes either 'value' or 'bind', not both");
        }

        if (constant is not null || binding is not null)
        {
            foreach (var key in new[] { "type", "default", "range", "error", "allowed", "notEmpty", "flatten" })
            {
                if (entries.TryGetValue(key, out var ignored))
                {
                    context.Report(SpecDiagnostics.UnknownKey, ignored.Key, key, path, "wire, in, encode, doc (with value or bind)");
                }
            }

            // Constants and bound values are not method parameters: their key is the wire name.
            var kind = constant is not null ? ParameterKind.Constant : ParameterKind.Bound;
            return new ParameterModel(name, kind, null, context.String(entries, "wire", path) ?? name, location, BindEncode(entries, path, context),
                null, null, null, EquatableArray<string>.Empty, false, false, constant, binding, context.String(entries, "doc", path));
        }

        TypeRef? type = null;
        if (entries.TryGetValue("type", out var typeEntry))
        {
            type = BindType(typeEntry.Value, path + ".type", context);
        }
        else
        {
            context.Report(SpecDiagnostics.MissingKey, context.LocationOf(path), "type", path);
        }

        var flatten = context.Boolean(entries, "flatten", path) ?? false;
        if (flatten && entries.ContainsKey("in"))
        {
            context.Report(SpecDiagnostics.InvalidValue, context.LocationOf(path + ".in"), context.String(entries, "in", path) ?? "", path + ".in",
                "the fields of a flattened record always go in the form body");
        }

        var wire = context.String(entries, "wire", path, required: !flatten);
        if (wire == "none")
        {
            wire = null;
            location = WireLocation.None;
        }

        var literal = entries.TryGetValue("default", out var defaultEntry) ? BindLiteral(defaultEntry.Value, path + ".default", context) : null;
        var range = entries.TryGetValue("range", out var rangeEntry) ? BindRange(rangeEntry.Value, path + ".range", context) : null;
        return type is null
            ? null
            : new ParameterModel(name, ParameterKind.Argument, type, wire, location, BindEncode(entries, path, context), literal, range,
                context.String(entries, "error", path), EquatableArray.From(context.StringList(entries, "allowed", path)),
                context.Boolean(entries, "notEmpty", path) ?? false, flatten, null, null, context.String(entries, "doc", path));
    }

    private static ReturnsModel? BindReturns(SpecNode node, string path, BindingContext context)
    {
        if (node is SpecScalar)
        {
            var simple = BindType(node, path, context);
            return simple is null ? null : new ReturnsModel(simple, null, null, null);
        }

        var mapping = context.AsMapping(node, path);
        if (mapping is null)
        {
            return null;
        }

        var entries = context.Entries(mapping, path, "type", "data", "require");
        if (!entries.TryGetValue("type", out var typeEntry))
        {
            context.Report(SpecDiagnostics.MissingKey, context.LocationOf(path), "type", path);
            return null;
        }

        var type = BindType(typeEntry.Value, path + ".type", context);
        string? requirePath = null;
        string? requireMessage = null;
        if (entries.TryGetValue("require", out var requireEntry) && context.AsMapping(requireEntry.Value, path + ".require") is { } requireMapping)
        {
            var requireEntries = context.Entries(requireMapping, path + ".require", "path", "message");
            requirePath = context.String(requireEntries, "path", path + ".require", required: true);
            requireMessage = context.String(requireEntries, "message", path + ".require", required: true);
        }

        return type is null ? null : new ReturnsModel(type, context.String(entries, "data", path), requirePath, requireMessage);
    }

    private static void BindFailure(SpecNode node, string path, BindingContext context, out FailureKind failure, out string? message)
    {
        failure = FailureKind.Result;
        message = null;
        string? mode;
        if (node is SpecScalar scalar && !scalar.IsNull)
        {
            mode = scalar.Value;
        }
        else if (context.AsMapping(node, path) is { } mapping)
        {
            var entries = context.Entries(mapping, path, "mode", "message");
            mode = context.String(entries, "mode", path);
            message = context.String(entries, "message", path);
        }
        else
        {
            return;
        }

        switch (mode)
        {
            case null or "result":
                failure = FailureKind.Result;
                break;
            case "throw":
                failure = FailureKind.Throw;
                break;
            case "propagate":
                failure = FailureKind.Propagate;
                break;
            default:
                context.Report(SpecDiagnostics.InvalidValue, context.LocationOf(node is SpecScalar ? path : path + ".mode"), mode, path,
                    "expected result, throw or propagate");
                break;
        }
    }

    private static WireLocation BindLocation(string? text, string path, BindingContext context)
    {
        switch (text)
        {
            case null or "form" or "body":
                return WireLocation.Form;
            case "query":
                return WireLocation.Query;
            case "none":
                return WireLocation.None;
            default:
                context.Report(SpecDiagnostics.InvalidValue, context.LocationOf(path), text, path, "expected form, query or none");
                return WireLocation.Form;
        }
    }

    private static EquatableArray<BeforeStepModel> BindBefore(Dictionary<string, SpecMappingEntry> entries, string path, BindingContext context)
    {
        if (!entries.TryGetValue("before", out var entry) || context.AsSequence(entry.Value, path + ".before") is not { } sequence)
        {
            return EquatableArray<BeforeStepModel>.Empty;
        }

        var result = new List<BeforeStepModel>();
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var stepPath = path + ".before[" + i.ToString(CultureInfo.InvariantCulture) + "]";
            context.Record(stepPath, sequence.Items[i]);
            if (context.AsMapping(sequence.Items[i], stepPath) is not { } mapping)
            {
                continue;
            }

            var stepEntries = context.Entries(mapping, stepPath, "action", "when", "authorization", "errors", "poll");
            var action = context.String(stepEntries, "action", stepPath, required: true);
            var errors = context.String(stepEntries, "errors", stepPath);
            if (errors is not null and not "ignore" and not "fail")
            {
                context.Report(SpecDiagnostics.InvalidValue, context.LocationOf(stepPath + ".errors"), errors, stepPath + ".errors", "expected ignore or fail");
            }

            if (action is not null)
            {
                var stepPoll = stepEntries.TryGetValue("poll", out var pollEntry) ? BindPoll(pollEntry.Value, stepPath + ".poll", context) : null;
                result.Add(new BeforeStepModel(action, context.String(stepEntries, "when", stepPath),
                    BindLocation(context.String(stepEntries, "authorization", stepPath), stepPath + ".authorization", context), errors != "fail", stepPoll));
            }
        }

        return EquatableArray.From(result);
    }

    private static PollModel? BindPoll(SpecNode node, string path, BindingContext context)
    {
        if (context.AsMapping(node, path) is not { } mapping)
        {
            return null;
        }

        var entries = context.Entries(mapping, path, "action", "sessionId", "status", "until", "while", "otherStatus", "notFound", "errors",
            "timeout", "interval", "timeoutMessage", "timeoutStatus", "idempotent", "params", "failed", "reasons");
        var action = context.String(entries, "action", path, required: true);
        var status = context.String(entries, "status", path, required: true);
        var parameters = new List<PollParameterModel>();
        if (entries.TryGetValue("params", out var paramsEntry) && context.AsMapping(paramsEntry.Value, path + ".params") is { } paramsMapping)
        {
            foreach (var parameter in context.NamedEntries(paramsMapping, path + ".params", "poll parameter"))
            {
                if (context.AsScalar(parameter.Value, path + ".params." + parameter.Key.Value) is { } source)
                {
                    parameters.Add(new PollParameterModel(parameter.Key.Value, source.Value));
                }
            }
        }

        var until = context.StringList(entries, "until", path);
        if (!entries.ContainsKey("until"))
        {
            context.Report(SpecDiagnostics.MissingKey, context.LocationOf(path), "until", path);
        }

        var otherStatusFails = BindChoice(entries, "otherStatus", path, "fail", "continue", defaultFirst: true, context);
        var notFoundSucceeds = BindChoice(entries, "notFound", path, "success", "fail", defaultFirst: false, context);
        var continueOnError = BindChoice(entries, "errors", path, "continue", "fail", defaultFirst: true, context);
        var timeout = BindDuration(entries, "timeout", path, 600000, context);
        var interval = BindDuration(entries, "interval", path, 2000, context);
        if (action is null || status is null)
        {
            return null;
        }

        return new PollModel(action, BindLocation(context.String(entries, "sessionId", path), path + ".sessionId", context), status,
            EquatableArray.From(until), EquatableArray.From(context.StringList(entries, "while", path)), otherStatusFails, notFoundSucceeds,
            continueOnError, timeout, interval, context.String(entries, "timeoutMessage", path), context.String(entries, "timeoutStatus", path),
            context.Boolean(entries, "idempotent", path) ?? false, EquatableArray.From(parameters),
            EquatableArray.From(context.StringList(entries, "failed", path)), context.String(entries, "reasons", path));
    }

    private static bool BindChoice(Dictionary<string, SpecMappingEntry> entries, string key, string path, string first, string second, bool defaultFirst,
        BindingContext context)
    {
        var text = context.String(entries, key, path);
        if (text is null)
        {
            return defaultFirst;
        }

        if (text == first || text == second)
        {
            return text == first;
        }

        context.Report(SpecDiagnostics.InvalidValue, context.LocationOf(path + "." + key), text, path + "." + key, $"expected {first} or {second}");
        return defaultFirst;
    }

    private static long BindDuration(Dictionary<string, SpecMappingEntry> entries, string key, string path, long fallback, BindingContext context)
    {
        var text = context.String(entries, key, path);
        if (text is null)
        {
            return fallback;
        }

        if (DurationParser.TryParse(text, out var milliseconds) && milliseconds > 0)
        {
            return milliseconds;
        }

        context.Report(SpecDiagnostics.InvalidValue, context.LocationOf(path + "." + key), text, path + "." + key,
            "expected a positive duration such as 600s, 1500ms or 10m");
        return fallback;
    }
}
