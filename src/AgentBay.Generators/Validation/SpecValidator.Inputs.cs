using System.Collections.Generic;
using AgentBay.Generators.Diagnostics;
using AgentBay.Generators.Model;

namespace AgentBay.Generators.Validation;

internal static partial class SpecValidator
{
    private sealed partial class Run
    {
        /// <summary>
        /// Records sent to the service (tool arguments, JSON or flattened parameters) are written field by field: a
        /// dotted wire path or a session field has no input form, so such records are rejected where they are declared.
        /// </summary>
        public void CheckInputRecords()
        {
            var inputs = new HashSet<string>();
            foreach (var tool in _spec.Tools.Tools)
            {
                foreach (var argument in tool.Arguments)
                {
                    CollectRecords(argument.Type, inputs);
                }
            }

            foreach (var operations in new[] { _spec.Client?.Operations, _spec.Session?.Operations })
            {
                foreach (var operation in operations ?? EquatableArray<OperationModel>.Empty)
                {
                    foreach (var parameter in operation.Parameters)
                    {
                        if (parameter.Type is { } type)
                        {
                            CollectRecords(type, inputs);
                        }
                    }
                }
            }

            foreach (var record in _spec.Records)
            {
                if (!inputs.Contains(record.Name))
                {
                    continue;
                }

                foreach (var field in record.Fields)
                {
                    var fieldPath = "records." + record.Name + ".fields." + field.Name;
                    if (field.Source == FieldSource.Wire && field.Wire is { } wire && wire.IndexOf('.') >= 0)
                    {
                        Report(SpecDiagnostics.InvalidValue, fieldPath + ".wire", wire, fieldPath + ".wire",
                            "record " + record.Name + " is sent to the service, where a field needs a plain (undotted) wire name");
                    }

                    if (field.Type.Kind == TypeKind.Session)
                    {
                        Report(SpecDiagnostics.InvalidValue, fieldPath + ".type", field.Type.ToString(), fieldPath + ".type",
                            "record " + record.Name + " is sent to the service, and a session field can only be read from a reply");
                    }
                }
            }
        }

        private void CollectRecords(TypeRef type, HashSet<string> records)
        {
            if (type.Kind is TypeKind.List or TypeKind.Map)
            {
                CollectRecords(type.Element, records);
                return;
            }

            if (type.Kind != TypeKind.Named || !_types.TryGetRecord(type.Name, out var record) || !records.Add(record.Name))
            {
                return;
            }

            foreach (var field in record.Fields)
            {
                if (field.Source == FieldSource.Wire)
                {
                    CollectRecords(field.Type, records);
                }
            }
        }
    }
}
