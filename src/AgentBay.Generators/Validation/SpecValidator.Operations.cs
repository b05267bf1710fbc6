using System.Collections.Generic;
using System.Globalization;
using AgentBay.Generators.Diagnostics;
using AgentBay.Generators.Model;

namespace AgentBay.Generators.Validation;

internal static partial class SpecValidator
{
    private sealed partial class Run
    {
        private static readonly string[] ReservedSessionMembers = { "Dispose", "DisposeAsync", "ToString", "GetHashCode", "Equals", "GetType" };

        public void CheckSession(SessionModel session)
        {
            if (session.DisposeOperation is { } dispose && Find(session.Operations, dispose) is null)
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
        }

        public void CheckOperations(string owner, EquatableArray<OperationModel> operations, bool isSession)
        {
            var methods = new Dictionary<string, string>();
            foreach (var reserved in ReservedSessionMembers)
            {
                methods[reserved] = "a member every class has";
            }

            foreach (var operation in operations)
            {
                var path = owner + ".operations." + operation.Key;
                var methodPath = _context.Has(path + ".method") ? path + ".method" : path;
                Declare(methods, operation.Method, methodPath, "method", keyLocation: methodPath == path);
                switch (operation.Kind)
                {
                    case OperationKind.Forward:
                        CheckForward(operation, path, isSession);
                        break;
                    case OperationKind.ToolCall:
                        if (!isSession || _spec.Session?.ToolCall is null)
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
                    if (parameter.Kind == ParameterKind.Bound && parameter.Binding is not "regionId")
                    {
                        Report(SpecDiagnostics.InvalidReference, parameterPath + ".bind", parameter.Binding!, parameterPath + ".bind", "a client setting (regionId)");
                    }

                    continue;
                }

                Declare(names, parameter.Name, parameterPath, "parameter");
                var type = parameter.Type!;
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

            foreach (var name in new[] { "cancellationToken", "timeout", "pollInterval" })
            {
                if (names.ContainsKey(name) && (name == "cancellationToken" || operation.Poll is not null))
                {
                    Report(SpecDiagnostics.DuplicateName, path + ".params." + name, "parameter", name, path + ".params." + name, "a generated parameter");
                }
            }

            if (operation.Returns is { } returns)
            {
                var returnsPath = _context.Has(path + ".returns.type") ? path + ".returns.type" : path + ".returns";
                CheckType(returns.Type, returnsPath, null);
                if (returns.Type.Kind != TypeKind.Named || !_types.TryGetRecord(returns.Type.Name, out _))
                {
                    Report(SpecDiagnostics.UnknownRecord, returnsPath, returns.Type.ToString(), returnsPath);
                }
            }

            for (var i = 0; i < operation.Before.Count; i++)
            {
                var step = operation.Before[i];
                if (step.When is { } when && !boolParameters.Contains(when))
                {
                    var stepPath = path + ".before[" + i.ToString(CultureInfo.InvariantCulture) + "].when";
                    Report(SpecDiagnostics.InvalidReference, stepPath, when, stepPath, "a bool parameter of this operation");
                }
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
                TypeKind.Long => literal.Kind == LiteralKind.Integer,
                TypeKind.Double => literal.Kind is LiteralKind.Integer or LiteralKind.Number,
                TypeKind.Named => _types.IsEnum(type.Name) && literal.Kind == LiteralKind.String,
                // Collections and records take a JSON literal sent when the argument is null.
                TypeKind.Map or TypeKind.List => literal.Kind == LiteralKind.String,
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
