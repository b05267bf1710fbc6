using System.Collections.Generic;
using System.Globalization;
using AgentBay.Generators.Binding;
using AgentBay.Generators.Diagnostics;
using AgentBay.Generators.Model;

namespace AgentBay.Generators.Validation;

/// <summary>
/// Checks what binding cannot see locally: names are C# identifiers and unique, types and records resolve, ranges and
/// defaults agree, and references between operations hold. Problems are located through the bind's source map.
/// </summary>
internal static partial class SpecValidator
{
    public static void Validate(SpecModel spec, BindingContext context)
    {
        var types = new TypeScope(spec);
        var validator = new Run(spec, context, types);
        validator.CheckNamespace();
        validator.CheckTypeNames();
        validator.CheckEnums();
        validator.CheckRecords();
        if (spec.Client is not null)
        {
            validator.CheckOperations("client", spec.Client.Operations, isSession: false, spec.Client.Groups, "Transport");
            validator.CheckGroups("client", spec.Client.Groups, isSession: false);
        }

        if (spec.Session is not null)
        {
            validator.CheckSession(spec.Session);
            validator.CheckOperations("session", spec.Session.Operations, isSession: true, spec.Session.Groups, "Transport", "SessionId", spec.Tools.Property);
            validator.CheckGroups("session", spec.Session.Groups, isSession: true);
        }

        validator.CheckTools();
        validator.CheckInputRecords();
        validator.CheckSomethingIsDeclared();
    }

    /// <summary>The named types a spec declares, for resolving type references.</summary>
    private sealed class TypeScope
    {
        private readonly Dictionary<string, RecordModel> _records = new();
        private readonly HashSet<string> _enums = new();

        public TypeScope(SpecModel spec)
        {
            HasSession = spec.Session is not null;
            foreach (var record in spec.Records)
            {
                _records[record.Name] = record;
            }

            foreach (var enumModel in spec.Enums)
            {
                _enums.Add(enumModel.Name);
            }
        }

        public bool HasSession { get; }

        public bool TryGetRecord(string name, out RecordModel record) => _records.TryGetValue(name, out record!);

        public bool IsEnum(string name) => _enums.Contains(name);
    }

    private sealed partial class Run
    {
        private readonly SpecModel _spec;
        private readonly BindingContext _context;
        private readonly TypeScope _types;

        public Run(SpecModel spec, BindingContext context, TypeScope types)
        {
            _spec = spec;
            _context = context;
            _types = types;
        }

        /// <summary>
        /// A spec with none of the declaring sections (e.g. one cut short after <c>service</c>) would generate nothing at
        /// all; say so instead of leaving the user with silently missing types.
        /// </summary>
        public void CheckSomethingIsDeclared()
        {
            if (_spec.Enums.IsEmpty && _spec.Records.IsEmpty && _spec.Client is null && _spec.Session is null && _spec.Tools.Tools.IsEmpty)
            {
                _context.Report(SpecDiagnostics.MissingKey, SpecLocation.FileStart(_context.FilePath), "enums, records, client, session or tools", "(root)");
            }
        }

        public void CheckNamespace()
        {
            if (Naming.TooLong(_spec.Namespace))
            {
                Report(SpecDiagnostics.InvalidIdentifier, "namespace", _spec.Namespace, "namespace", Naming.LengthProblem);
                return;
            }

            foreach (var part in _spec.Namespace.Split('.'))
            {
                if (Naming.IdentifierProblem(part) is { } problem)
                {
                    Report(SpecDiagnostics.InvalidIdentifier, "namespace", _spec.Namespace, "namespace", problem);
                    return;
                }
            }
        }

        public void CheckTypeNames()
        {
            var seen = new Dictionary<string, string>();
            foreach (var enumModel in _spec.Enums)
            {
                Declare(seen, enumModel.Name, "enums." + enumModel.Name, "type");
            }

            foreach (var record in _spec.Records)
            {
                Declare(seen, record.Name, "records." + record.Name, "type");
            }

            if (_spec.Client is not null)
            {
                Declare(seen, _spec.Client.ClassName, "client.class", "type", keyLocation: false);
                foreach (var group in _spec.Client.Groups)
                {
                    Declare(seen, group.ClassName, "client.groups." + group.Key + ".class", "type", keyLocation: false);
                }
            }

            if (_spec.Session is not null)
            {
                Declare(seen, _spec.Session.ClassName, "session.class", "type", keyLocation: false);
                foreach (var group in _spec.Session.Groups)
                {
                    Declare(seen, group.ClassName, "session.groups." + group.Key + ".class", "type", keyLocation: false);
                }

                Declare(seen, _spec.Tools.ClassName, "session.tools.class", "type", keyLocation: false);
                Declare(new Dictionary<string, string>(), _spec.Tools.Property, "session.tools.property", "property", keyLocation: false);
            }
            else if (!_spec.Tools.Tools.IsEmpty)
            {
                Declare(seen, _spec.Tools.ClassName, "toolsClass", "type", keyLocation: false);
            }
        }

        public void CheckEnums()
        {
            foreach (var enumModel in _spec.Enums)
            {
                var seen = new Dictionary<string, string>();
                foreach (var value in enumModel.Values)
                {
                    Declare(seen, value.Name, "enums." + enumModel.Name + ".values." + value.Name, "enum value");
                }
            }
        }

        public void CheckRecords()
        {
            foreach (var record in _spec.Records)
            {
                var path = "records." + record.Name;
                var typeParameters = new HashSet<string>(record.TypeParameters);
                foreach (var typeParameter in record.TypeParameters)
                {
                    if (Naming.IdentifierProblem(typeParameter) is { } problem)
                    {
                        Report(SpecDiagnostics.InvalidIdentifier, path + ".typeParameters", typeParameter, path + ".typeParameters", problem);
                    }
                }

                var names = new Dictionary<string, string>();
                foreach (var field in record.Fields)
                {
                    var fieldPath = path + ".fields." + field.Name;
                    Declare(names, field.Name, fieldPath, "field");
                    if (field.Name == record.Name)
                    {
                        Report(SpecDiagnostics.InvalidIdentifier, fieldPath, field.Name, fieldPath, " (a member cannot have the name of its record)");
                    }

                    CheckType(field.Type, fieldPath + ".type", typeParameters);
                    CheckNestedRecords(field.Type, fieldPath + ".type", topLevel: true);
                    if (field.Source == FieldSource.Wire)
                    {
                        CheckEncoding(field.Type, field.EncodeJson, fieldPath);
                    }

                    if (field.Wire is not null)
                    {
                        CheckPath(field.Wire, fieldPath + ".wire");
                    }
                }
            }
        }

        public void CheckTools()
        {
            var methods = new Dictionary<string, string>();
            foreach (var tool in _spec.Tools.Tools)
            {
                var path = "tools." + tool.Name;
                Declare(methods, tool.Method, _context.Has(path + ".method") ? path + ".method" : path, "tool method", keyLocation: !_context.Has(path + ".method"));
                var argumentNames = new Dictionary<string, string>();
                foreach (var argument in tool.Arguments)
                {
                    var argumentPath = path + ".args." + argument.Wire;
                    Declare(argumentNames, argument.Name, _context.Has(argumentPath + ".name") ? argumentPath + ".name" : argumentPath, "argument", keyLocation: !_context.Has(argumentPath + ".name"));
                    if (System.Array.IndexOf(ToolReservedNames, argument.Name) >= 0)
                    {
                        Report(SpecDiagnostics.DuplicateName, argumentPath, "argument", argument.Name, argumentPath, "a name the generated code uses", keyLocation: true);
                    }

                    CheckType(argument.Type, argumentPath + ".type", null);
                    CheckNestedRecords(argument.Type, argumentPath + ".type", topLevel: false);
                    CheckConstraints(argument.Type, argument.Default, argument.Range, argument.Allowed, argumentPath);
                }

                CheckToolResult(tool, path);
            }
        }

        private void CheckToolResult(ToolModel tool, string path)
        {
            var recordName = tool.Result.Record!;
            var recordPath = _context.Has(path + ".result.record") ? path + ".result.record" : path + ".result";
            if (!_types.TryGetRecord(recordName, out var record))
            {
                // A tool-only spec may lean on the standard spec's text result record; only a record it names must exist here.
                if (tool.Result.Json || _spec.Session is not null)
                {
                    Report(SpecDiagnostics.UnknownRecord, recordPath, recordName, recordPath);
                }

                return;
            }

            if (HoldsSession(record))
            {
                // A tool's result is read from the call's outcome without a session factory.
                Report(SpecDiagnostics.InvalidValue, recordPath, recordName, recordPath, $"the record {recordName} holds a session, so it cannot be a tool's result");
                return;
            }

            if (tool.Result.SuccessField is not { } successField)
            {
                return;
            }

            var field = FindField(record, successField);
            if (field is null)
            {
                Report(SpecDiagnostics.InvalidReference, path + ".result.success.field", successField, path + ".result.success.field",
                    "a field of record " + recordName);
                return;
            }

            if (FindSource(record, FieldSource.Success) is null)
            {
                Report(SpecDiagnostics.InvalidReference, path + ".result.success", recordName, path + ".result.success", "a record with a 'from: success' field to refine");
            }

            var equals = tool.Result.SuccessEquals;
            var fits = equals is null || field.Type.Kind switch
            {
                TypeKind.Int or TypeKind.Long => equals.Kind == LiteralKind.Integer,
                TypeKind.Double => equals.Kind is LiteralKind.Integer or LiteralKind.Number,
                TypeKind.Bool => equals.Kind == LiteralKind.Boolean,
                TypeKind.String => true,
                _ => false,
            };
            if (!fits)
            {
                Report(SpecDiagnostics.InvalidValue, path + ".result.success.equals", equals!.Text, path + ".result.success.equals",
                    "it cannot be compared with field " + successField + " of type " + field.Type);
            }
        }

        private static FieldModel? FindField(RecordModel record, string name)
        {
            foreach (var field in record.Fields)
            {
                if (field.Name == name)
                {
                    return field;
                }
            }

            return null;
        }

        private static FieldModel? FindSource(RecordModel record, FieldSource source)
        {
            foreach (var field in record.Fields)
            {
                if (field.Source == source)
                {
                    return field;
                }
            }

            return null;
        }

        /// <summary>Checks that every named type resolves, with the right number of type arguments.</summary>
        /// <summary>
        /// A record read from or written to JSON inside another value (a field, a list element, a tool argument) needs the
        /// record's ReadFrom and WriteJson, which the generator gives neither to generic records (their readers take the
        /// type arguments' readers) nor to records holding a session (read only from an operation outcome). A session
        /// itself may only be a record's own field, not an element or an argument.
        /// </summary>
        private static bool HoldsSession(RecordModel record)
        {
            foreach (var field in record.Fields)
            {
                if (field.Type.Kind == TypeKind.Session)
                {
                    return true;
                }
            }

            return false;
        }

        private void CheckNestedRecords(TypeRef type, string path, bool topLevel)
        {
            switch (type.Kind)
            {
                case TypeKind.List:
                case TypeKind.Map:
                    CheckNestedRecords(type.Element, path, topLevel: false);
                    return;
                case TypeKind.Session when !topLevel:
                    Report(SpecDiagnostics.InvalidValue, path, type.ToString(), path, "a session can only be a record's own field, not an element or an argument");
                    return;
                case TypeKind.Named when _types.TryGetRecord(type.Name, out var record):
                    if (record.TypeParameters.Count > 0)
                    {
                        Report(SpecDiagnostics.InvalidValue, path, type.ToString(), path, $"the generic record {record.Name} can only be returned by an operation, not nested in a value");
                    }
                    else if (HoldsSession(record))
                    {
                        Report(SpecDiagnostics.InvalidValue, path, type.ToString(), path, $"the record {record.Name} holds a session, so it can only be returned by an operation, not nested in a value");
                    }

                    return;
                default:
                    return;
            }
        }

        private void CheckType(TypeRef type, string path, HashSet<string>? typeParameters)
        {
            switch (type.Kind)
            {
                case TypeKind.List:
                case TypeKind.Map:
                    CheckType(type.Element, path, typeParameters);
                    return;
                case TypeKind.Session:
                    if (!_types.HasSession)
                    {
                        Report(SpecDiagnostics.UnknownType, path, type.ToString(), path, "'session' needs a session section in the same spec");
                    }

                    return;
                case TypeKind.Named:
                    break;
                default:
                    return;
            }

            if (typeParameters is not null && typeParameters.Contains(type.Name) && type.Arguments.IsEmpty)
            {
                return;
            }

            if (_types.TryGetRecord(type.Name, out var record))
            {
                if (record.TypeParameters.Count != type.Arguments.Count)
                {
                    Report(SpecDiagnostics.UnknownType, path, type.ToString(), path,
                        $"record {record.Name} takes {record.TypeParameters.Count.ToString(CultureInfo.InvariantCulture)} type argument(s)");
                }

                foreach (var argument in type.Arguments)
                {
                    CheckType(argument, path, typeParameters);
                }

                return;
            }

            if (_types.IsEnum(type.Name) && type.Arguments.IsEmpty)
            {
                return;
            }

            Report(SpecDiagnostics.UnknownType, path, type.ToString(), path,
                "expected string, bool, int, long, double, json, session, list<T>, map<string,T>, or a record or enum of this spec");
        }

        private void CheckPath(string wirePath, string path)
        {
            foreach (var segment in wirePath.Split('.'))
            {
                if (segment.Length == 0)
                {
                    Report(SpecDiagnostics.InvalidValue, path, wirePath, path, "a wire path is names separated by single dots");
                    return;
                }
            }
        }

        /// <summary>
        /// Checks that <paramref name="name"/> is an identifier and unique in <paramref name="seen"/>. Names written as keys
        /// are located at the key; names written as values (method: X) at the value.
        /// </summary>
        private void Declare(Dictionary<string, string> seen, string name, string path, string what, bool keyLocation = true)
        {
            if (Naming.IdentifierProblem(name) is { } problem)
            {
                Report(SpecDiagnostics.InvalidIdentifier, path, name, path, problem, keyLocation);
                return;
            }

            if (seen.TryGetValue(name, out var first))
            {
                Report(SpecDiagnostics.DuplicateName, path, what, name, path, first, keyLocation);
                return;
            }

            seen.Add(name, path);
        }

        private void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, string locationPath, params string[] arguments) =>
            _context.Report(descriptor, _context.LocationOf(locationPath), arguments);

        private void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, string locationPath, string a, string b, string c, bool keyLocation) =>
            _context.Report(descriptor, keyLocation ? _context.KeyLocationOf(locationPath) : _context.LocationOf(locationPath), a, b, c);

        private void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, string locationPath, string a, string b, string c, string d, bool keyLocation) =>
            _context.Report(descriptor, keyLocation ? _context.KeyLocationOf(locationPath) : _context.LocationOf(locationPath), a, b, c, d);
    }
}
