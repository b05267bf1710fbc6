using System.Collections.Generic;
using System.Globalization;
using AgentBay.Generators.Binding;
using AgentBay.Generators.Diagnostics;
using AgentBay.Generators.Model;

namespace AgentBay.Generators.Validation;

internal static partial class SpecValidator
{
    private sealed partial class Run
    {
        private static readonly string[] ReservedSessionMembers = { "Dispose", "DisposeAsync", "ToString", "GetHashCode", "Equals", "GetType" };

        /// <summary>Names of the generated methods' own parameters and locals, which spec parameters must not take.</summary>
        private static readonly string[] OperationReservedNames = { "cancellationToken", "timeout", "pollInterval", "async", "request", "outcome", "stepRequest", "id", "e" };

        /// <summary>The same for tool methods.</summary>
        internal static readonly string[] ToolReservedNames = { "cancellationToken", "async", "outcome", "result", "writer" };

        public void CheckSession(SessionModel session)
        {
            if (session.DisposeOperation is { } dispose && Find(session.Operations, dispose) is not { Kind: OperationKind.Rpc })
            {
                Report(SpecDiagnostics.InvalidReference, "session.dispose", dispose, "session.dispose", "a session operation");
            }

            if (session.ToolCall is null && !_spec.Tools.Tools.IsEmpty)
            {
                Report(SpecDiagnostics.MissingKey, "session", "toolCall", "session");
            }

            if (session.ToolCall is { } toolCall && !_types.TryGetRecord(toolCall.ResultRecord, out _))
            {
                Report(SpecDiagnostics.UnknownRecord, "session.toolCall.result", toolCall.ResultRecord, "session.toolCall.result");
            }

            if (session.Files is { } files)
            {
                CheckFiles(session, files);
            }
        }

        private void CheckFiles(SessionModel session, FilesModel files)
        {
            if (Naming.IdentifierProblem(files.Property) is { } problem)
            {
                Report(SpecDiagnostics.InvalidIdentifier, "session.files.property", files.Property, "session.files.property", problem);
            }
            else if (files.Property == _spec.Tools.Property || files.Property is "Transport" or "SessionId"
                || System.Linq.Enumerable.Any(session.Groups, g => g.Property == files.Property)
                || System.Linq.Enumerable.Any(session.Operations, o => o.Method == files.Property || o.Method + "Async" == files.Property))
            {
                Report(SpecDiagnostics.InvalidValue, "session.files.property", files.Property, "session.files.property", "the session already has a member of that name");
            }

            if (files.WatchTool is not { } watch)
            {
                return;
            }

            // The watch polls the tool with the path as its one argument: a tool of another shape cannot be watched. A tool
            // this file does not define may come from another spec file of the project (tools-only files add to the
            // session's tools); it is then called with the argument "path".
            var tool = System.Linq.Enumerable.FirstOrDefault(_spec.Tools.Tools, t => t.Name == watch);
            if (tool is not null && (tool.Arguments.Count != 1 || tool.Arguments[0].Type is not { Kind: TypeKind.String, IsNullable: false }))
            {
                Report(SpecDiagnostics.InvalidReference, "session.files.watch", watch, "session.files.watch", "a tool of this spec whose one argument is a string (the path)");
            }
        }

        /// <summary>
        /// Checks the operations of one class. <paramref name="groups"/> are the properties that reach its groups and
        /// <paramref name="members"/> the other members the generated class has; operation methods must not take their names.
        /// </summary>
        public void CheckOperations(string owner, EquatableArray<OperationModel> operations, bool isSession, EquatableArray<GroupModel> groups, params string[] members)
            => CheckOperations(owner, operations, isSession, inGroup: false, groups, members);

        private void CheckOperations(string owner, EquatableArray<OperationModel> operations, bool isSession, bool inGroup, EquatableArray<GroupModel> groups,
            string[] members)
        {
            var methods = new Dictionary<string, string>();
            foreach (var reserved in ReservedSessionMembers)
            {
                methods[reserved] = "a member every class has";
            }

            foreach (var member in members)
            {
                methods[member] = "a member the generated class has";
            }

            foreach (var group in groups)
            {
                var propertyPath = owner + ".groups." + group.Key;
                propertyPath = _context.Has(propertyPath + ".property") ? propertyPath + ".property" : propertyPath;
                Declare(methods, group.Property, propertyPath, "member", keyLocation: !propertyPath.EndsWith(".property", System.StringComparison.Ordinal));
            }

            foreach (var operation in operations)
            {
                var path = owner + ".operations." + operation.Key;
                var methodPath = _context.Has(path + ".method") ? path + ".method" : path;
                Declare(methods, operation.Method, methodPath, "method", keyLocation: methodPath == path);
                if (operation.Pages is not null)
                {
                    Declare(methods, operation.Method + "All", path + ".pages", "method", keyLocation: true);
                    CheckPages(operation, path);
                }

                switch (operation.Kind)
                {
                    case OperationKind.Forward:
                        if (inGroup)
                        {
                            Report(SpecDiagnostics.InvalidValue, path + ".forward", operation.ForwardTo!, path + ".forward", "forwarding operations belong to the client itself, not to a group");
                            break;
                        }

                        CheckForward(operation, path, isSession);
                        break;
                    case OperationKind.ToolCall:
                        if (inGroup)
                        {
                            Report(SpecDiagnostics.InvalidValue, path + ".kind", "toolCall", path + ".kind", "the untyped tool call belongs to the session itself, not to a group");
                        }
                        else if (!isSession)
                        {
                            Report(SpecDiagnostics.InvalidValue, path + ".kind", "toolCall", path + ".kind", "tool calls are session operations");
                        }
                        else if (_spec.Session?.ToolCall is null)
                        {
                            Report(SpecDiagnostics.MissingKey, "session", "toolCall", "session");
                        }

                        break;
                    default:
                        CheckRpc(operation, path);
                        break;
                }
            }
        }

        /// <summary>Groups are classes of their own: each checks its operations as its owner's would be.</summary>
        public void CheckGroups(string owner, EquatableArray<GroupModel> groups, bool isSession)
        {
            foreach (var group in groups)
            {
                var members = isSession ? new[] { "Transport", "SessionId" } : new[] { "Transport" };
                CheckOperations(owner + ".groups." + group.Key, group.Operations, isSession, inGroup: true, EquatableArray<GroupModel>.Empty, members);
            }
        }

        /// <summary>A paged listing reads a list field and a token field of its result and feeds the token back.</summary>
        private void CheckPages(OperationModel operation, string path)
        {
            var pages = operation.Pages!;
            var pagesPath = path + ".pages";
            RecordModel? record = null;
            if (operation.Returns is { } returns && returns.Type.Kind == TypeKind.Named && _types.TryGetRecord(returns.Type.Name, out var found))
            {
                record = found;
            }

            if (record is not null)
            {
                var items = FindField(record, pages.ItemsField);
                if (items is null || items.Type.Kind != TypeKind.List)
                {
                    Report(SpecDiagnostics.InvalidReference, pagesPath + ".items", pages.ItemsField, pagesPath + ".items", "a list field of " + record.Name);
                }

                var next = FindField(record, pages.NextField);
                if (next is null || next.Type.Kind != TypeKind.String)
                {
                    Report(SpecDiagnostics.InvalidReference, pagesPath + ".next", pages.NextField, pagesPath + ".next", "a string field of " + record.Name);
                }
            }

            ParameterModel? token = null;
            foreach (var parameter in operation.Parameters)
            {
                if (parameter.Kind == ParameterKind.Argument && parameter.Name == pages.TokenParameter)
                {
                    token = parameter;
                }
            }

            if (token is null || token.Type!.Kind != TypeKind.String || !token.Type.IsNullable)
            {
                Report(SpecDiagnostics.InvalidReference, pagesPath + ".token", pages.TokenParameter, pagesPath + ".token", "a string? parameter of this operation");
            }
        }

        private void CheckForward(OperationModel operation, string path, bool isSession)
        {
            if (isSession || _spec.Session is null || Find(_spec.Session.Operations, operation.ForwardTo!) is not { Kind: OperationKind.Rpc })
            {
                Report(SpecDiagnostics.InvalidReference, path + ".forward", operation.ForwardTo!, path + ".forward", "an operation of the session of this spec");
            }
        }

        private void CheckRpc(OperationModel operation, string path)
        {
            var names = new Dictionary<string, string>();
            var boolParameters = new HashSet<string>();
            foreach (var parameter in operation.Parameters)
            {
                var parameterPath = path + ".params." + parameter.Name;
                if (parameter.Kind != ParameterKind.Argument)
                {
                    if (parameter.Location == WireLocation.None)
                    {
                        Report(SpecDiagnostics.InvalidValue, parameterPath + ".in", "none", parameterPath + ".in", "a constant or bound value is always sent; remove it instead");
                    }

                    if (parameter.Kind == ParameterKind.Bound && parameter.Binding is not "regionId")
                    {
                        Report(SpecDiagnostics.InvalidReference, parameterPath + ".bind", parameter.Binding!, parameterPath + ".bind", "a client setting (regionId)");
                    }

                    continue;
                }

                Declare(names, parameter.Name, parameterPath, "parameter");
                var type = parameter.Type!;
                if (parameter.NotEmpty && type.Kind is not (TypeKind.String or TypeKind.List or TypeKind.Map))
                {
                    Report(SpecDiagnostics.InvalidValue, parameterPath + ".notEmpty", "true", parameterPath + ".notEmpty", "notEmpty applies to string, list and map parameters");
                }

                if (parameter.Name == "sessionId" && type.Kind != TypeKind.String)
                {
                    // The generated client hands a 'sessionId' parameter to the runtime as the id its messages name.
                    Report(SpecDiagnostics.InvalidValue, parameterPath + ".type", type.ToString(), parameterPath + ".type", "a 'sessionId' parameter must be of type string");
                }

                CheckEncoding(type, parameter.EncodeJson, parameterPath);
                CheckType(type, parameterPath + ".type", null);
                CheckConstraints(type, parameter.Default, parameter.Range, parameter.Allowed, parameterPath);
                if (type.Kind == TypeKind.Bool)
                {
                    boolParameters.Add(parameter.Name);
                }

                if (parameter.Flatten && (type.Kind != TypeKind.Named || !_types.TryGetRecord(type.Name, out _)))
                {
                    Report(SpecDiagnostics.UnknownRecord, parameterPath + ".type", type.Name, parameterPath + ".type");
                }
            }

            foreach (var name in OperationReservedNames)
            {
                if (names.ContainsKey(name))
                {
                    Report(SpecDiagnostics.DuplicateName, path + ".params." + name, "parameter", name, path + ".params." + name, "a name the generated code uses", keyLocation: true);
                }
            }

            if (operation.Returns is { } returns)
            {
                var returnsPath = _context.Has(path + ".returns.type") ? path + ".returns.type" : path + ".returns";
                if (returns.Type.Kind != TypeKind.Named || !_types.TryGetRecord(returns.Type.Name, out _))
                {
                    Report(SpecDiagnostics.UnknownRecord, returnsPath, returns.Type.ToString(), returnsPath);
                }
                else
                {
                    CheckType(returns.Type, returnsPath, null);
                    foreach (var argument in returns.Type.Arguments)
                    {
                        // OperationResult<SessionInfo> reads SessionInfo from the data: it needs SessionInfo's ReadFrom.
                        CheckNestedRecords(argument, returnsPath, topLevel: false);
                    }
                }
            }

            if (operation.Poll is { } poll)
            {
                if (poll.SessionIdLocation == WireLocation.None && poll.Parameters.IsEmpty)
                {
                    Report(SpecDiagnostics.InvalidValue, path + ".poll.sessionId", "none", path + ".poll.sessionId",
                        "a poll needs something to ask about: the session id (form or query) or params");
                }

                foreach (var parameter in poll.Parameters)
                {
                    var parameterPath = path + ".poll.params." + parameter.Wire;
                    ParameterModel? source = null;
                    foreach (var candidate in operation.Parameters)
                    {
                        if (candidate.Kind == ParameterKind.Argument && candidate.Name == parameter.Parameter)
                        {
                            source = candidate;
                        }
                    }

                    if (source is null || !(source.Type!.Kind == TypeKind.String || (source.Type.Kind == TypeKind.Named && _types.IsEnum(source.Type.Name))))
                    {
                        Report(SpecDiagnostics.InvalidReference, parameterPath, parameter.Parameter, parameterPath, "a string or enum parameter of this operation");
                    }
                }
            }

            for (var i = 0; i < operation.Before.Count; i++)
            {
                var step = operation.Before[i];
                if (step.AuthorizationLocation == WireLocation.None)
                {
                    var authorizationPath = path + ".before[" + i.ToString(CultureInfo.InvariantCulture) + "].authorization";
                    Report(SpecDiagnostics.InvalidValue, authorizationPath, "none", authorizationPath, "the API key is always sent: form or query");
                }

                if (step.Poll is { } stepPoll && (!stepPoll.Parameters.IsEmpty || stepPoll.SessionIdLocation == WireLocation.None))
                {
                    var stepPollPath = path + ".before[" + i.ToString(CultureInfo.InvariantCulture) + "].poll";
                    Report(SpecDiagnostics.InvalidValue, stepPollPath, "poll", stepPollPath, "a step's poll asks about the session: no params, no sessionId: none");
                }

                if (step.When is { } when && !boolParameters.Contains(when))
                {
                    var stepPath = path + ".before[" + i.ToString(CultureInfo.InvariantCulture) + "].when";
                    Report(SpecDiagnostics.InvalidReference, stepPath, when, stepPath, "a bool parameter of this operation");
                }
            }

            if (operation.After is { } after)
            {
                CheckAfter(operation, after, path + ".after");
            }
        }

        /// <summary>The wait after an operation asks about the session the reply names, when the request carried a parameter.</summary>
        private void CheckAfter(OperationModel operation, AfterModel after, string path)
        {
            if (!after.Poll.Parameters.IsEmpty || after.Poll.SessionIdLocation == WireLocation.None)
            {
                Report(SpecDiagnostics.InvalidValue, path + ".poll", "poll", path + ".poll", "the wait asks about the session the reply names: no params, no sessionId: none");
            }

            if (after.WhenWire is not { } when)
            {
                return;
            }

            // The wire names the request can carry: its own parameters' and those of the records it flattens.
            var wires = new HashSet<string>(System.StringComparer.Ordinal);
            foreach (var parameter in operation.Parameters)
            {
                if (parameter.Wire is { } wire)
                {
                    wires.Add(wire);
                }

                if (parameter.Flatten && parameter.Type is { Kind: TypeKind.Named } type && _types.TryGetRecord(type.Name, out var record))
                {
                    foreach (var field in record.Fields)
                    {
                        if (field.Wire is { } fieldWire)
                        {
                            wires.Add(fieldWire);
                        }
                    }
                }
            }

            if (!wires.Contains(when))
            {
                Report(SpecDiagnostics.InvalidReference, path + ".when", when, path + ".when", "a wire parameter of this operation's request");
            }
        }

        private void CheckConstraints(TypeRef type, LiteralValue? literal, RangeModel? range, EquatableArray<string> allowed, string path)
        {
            var numeric = type.Kind is TypeKind.Int or TypeKind.Long or TypeKind.Double;
            if (range is not null)
            {
                if (!numeric)
                {
                    Report(SpecDiagnostics.InvalidValue, path + ".range", "[" + range.Min + ", " + range.Max + "]", path + ".range", "a range needs an int, long or double type");
                }
                else if (range.MinValue > range.MaxValue)
                {
                    Report(SpecDiagnostics.InvalidRange, path + ".range", range.Min, range.Max, path + ".range");
                }
                else if (type.Kind != TypeKind.Double && (!IsWhole(range.Min) || !IsWhole(range.Max)))
                {
                    Report(SpecDiagnostics.InvalidValue, path + ".range", "[" + range.Min + ", " + range.Max + "]", path + ".range", "bounds of an integer range must be whole numbers");
                }
            }

            if (range is null && _context.Has(path + ".error"))
            {
                Report(SpecDiagnostics.InvalidValue, path + ".error", "error", path + ".error", "an error message goes with a range");
            }

            if (!allowed.IsEmpty && type.Kind != TypeKind.String)
            {
                Report(SpecDiagnostics.InvalidValue, path + ".allowed", string.Join(", ", allowed), path + ".allowed", "allowed values need a string type");
            }

            if (literal is null)
            {
                return;
            }

            var defaultPath = path + ".default";
            var fits = type.Kind switch
            {
                TypeKind.String => true,
                TypeKind.Bool => literal.Kind == LiteralKind.Boolean,
                TypeKind.Int => literal.Kind == LiteralKind.Integer && int.TryParse(literal.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
                TypeKind.Long => literal.Kind == LiteralKind.Integer && long.TryParse(literal.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
                TypeKind.Double => literal.Kind is LiteralKind.Integer or LiteralKind.Number
                    && double.TryParse(literal.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && !double.IsInfinity(number) && !double.IsNaN(number),
                TypeKind.Named => _types.IsEnum(type.Name) && literal.Kind == LiteralKind.String,
                // Lists and maps take a JSON literal (e.g. "{}") sent when the argument is null; records take none.
                TypeKind.Map or TypeKind.List => literal.Kind == LiteralKind.String && LooksLikeJson(literal.Text, type.Kind),
                _ => false,
            };
            if (!fits)
            {
                Report(SpecDiagnostics.InvalidDefault, defaultPath, literal.Text, defaultPath, "is not a value of type " + type);
                return;
            }

            if (range is not null && numeric && double.TryParse(literal.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                && (value < range.MinValue || value > range.MaxValue))
            {
                Report(SpecDiagnostics.InvalidDefault, defaultPath, literal.Text, defaultPath, "is outside the range [" + range.Min + ", " + range.Max + "]");
            }

            if (!allowed.IsEmpty && type.Kind == TypeKind.String && !Contains(allowed, literal.Text))
            {
                Report(SpecDiagnostics.InvalidDefault, defaultPath, literal.Text, defaultPath, "is not one of the allowed values " + string.Join(", ", allowed));
            }
        }

        private static bool LooksLikeJson(string text, TypeKind kind)
        {
            var trimmed = text.Trim();
            return kind == TypeKind.Map ? trimmed.StartsWith("{", System.StringComparison.Ordinal) && trimmed.EndsWith("}", System.StringComparison.Ordinal)
                : trimmed.StartsWith("[", System.StringComparison.Ordinal) && trimmed.EndsWith("]", System.StringComparison.Ordinal);
        }

        /// <summary>Collections and records travel only as one JSON string; primitives only as plain text.</summary>
        private void CheckEncoding(TypeRef type, bool encodeJson, string path)
        {
            var structured = type.Kind is TypeKind.List or TypeKind.Map or TypeKind.Json || (type.Kind == TypeKind.Named && !_types.IsEnum(type.Name));
            if (structured != encodeJson && _context.Has(path + ".encode"))
            {
                Report(SpecDiagnostics.InvalidValue, path + ".encode", encodeJson ? "json" : "plain", path + ".encode",
                    structured ? "lists, maps, records and json values are always sent as one JSON string (encode: json)" : "only lists, maps, records and json values can be JSON-encoded");
            }
        }

        private static bool IsWhole(string text) => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);

        private static bool Contains(EquatableArray<string> values, string value)
        {
            foreach (var candidate in values)
            {
                if (candidate == value)
                {
                    return true;
                }
            }

            return false;
        }

        private static OperationModel? Find(EquatableArray<OperationModel> operations, string key)
        {
            foreach (var operation in operations)
            {
                if (operation.Key == key)
                {
                    return operation;
                }
            }

            return null;
        }
    }
}
