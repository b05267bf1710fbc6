using System.Collections.Generic;
using AgentBay.Generators.Diagnostics;
using AgentBay.Generators.Model;
using AgentBay.Generators.Spec.Syntax;

namespace AgentBay.Generators.Binding;

internal static partial class SpecBinder
{
    private static EquatableArray<RecordModel> BindRecords(SpecNode node, BindingContext context)
    {
        var mapping = context.AsMapping(node, "records");
        if (mapping is null)
        {
            return EquatableArray<RecordModel>.Empty;
        }

        var result = new List<RecordModel>();
        foreach (var entry in context.NamedEntries(mapping, "records", "type"))
        {
            var record = BindRecord(entry.Key.Value, entry.Value, "records." + entry.Key.Value, context);
            if (record is not null)
            {
                result.Add(record);
            }
        }

        return EquatableArray.From(result);
    }

    private static RecordModel? BindRecord(string name, SpecNode node, string path, BindingContext context)
    {
        var mapping = context.AsMapping(node, path);
        if (mapping is null)
        {
            return null;
        }

        var entries = context.Entries(mapping, path, "doc", "typeParameters", "fields");
        var typeParameters = context.StringList(entries, "typeParameters", path);
        var fields = new List<FieldModel>();
        if (entries.TryGetValue("fields", out var fieldsEntry))
        {
            var fieldsMapping = context.AsMapping(fieldsEntry.Value, path + ".fields");
            if (fieldsMapping is not null)
            {
                foreach (var field in context.NamedEntries(fieldsMapping, path + ".fields", "field"))
                {
                    var bound = BindField(field.Key.Value, field.Value, path + ".fields." + field.Key.Value, context);
                    if (bound is not null)
                    {
                        fields.Add(bound);
                    }
                }
            }
        }
        else
        {
            context.Report(SpecDiagnostics.MissingKey, context.LocationOf(path), "fields", path);
        }

        return new RecordModel(name, context.String(entries, "doc", path), EquatableArray.From(typeParameters), EquatableArray.From(fields));
    }

    private static FieldModel? BindField(string name, SpecNode node, string path, BindingContext context)
    {
        var mapping = context.AsMapping(node, path);
        if (mapping is null)
        {
            return null;
        }

        var entries = context.Entries(mapping, path, "type", "wire", "from", "encode", "doc");
        TypeRef? type = null;
        if (entries.TryGetValue("type", out var typeEntry))
        {
            type = BindType(typeEntry.Value, path + ".type", context);
        }
        else
        {
            context.Report(SpecDiagnostics.MissingKey, context.LocationOf(path), "type", path);
        }

        var wire = context.String(entries, "wire", path);
        var from = context.String(entries, "from", path);
        var source = FieldSource.Wire;
        if (from is not null)
        {
            if (!TryParseSource(from, out source))
            {
                context.Report(SpecDiagnostics.InvalidValue, context.LocationOf(path + ".from"), from, path + ".from",
                    "expected one of requestId, success, errorMessage, code, message, httpStatusCode, status, data, text");
            }
            else if (wire is not null)
            {
                context.Report(SpecDiagnostics.InvalidValue, context.LocationOf(path + ".wire"), wire, path + ".wire",
                    "a field takes either 'wire' or 'from', not both");
            }
            else if (type is not null && ExpectedSourceType(source) is { } expected && type.Kind != expected)
            {
                // The outcome's values have fixed types (RequestId string, Success bool, HttpStatusCode int?...): another
                // type would generate an assignment that does not compile.
                context.Report(SpecDiagnostics.InvalidValue, context.LocationOf(path + ".type"), typeEntry!.Value is SpecScalar scalar ? scalar.Value : from,
                    path + ".type", "a 'from: " + from + "' field must be of type " + TypeRef.KeywordOf(expected) + " or " + TypeRef.KeywordOf(expected) + "?");
            }
        }
        else if (wire is null)
        {
            context.Report(SpecDiagnostics.MissingKey, context.LocationOf(path), "wire", path);
        }

        var encodeJson = BindEncode(entries, path, context);
        return type is null ? null : new FieldModel(name, type, source, wire, encodeJson, context.String(entries, "doc", path));
    }

    private static bool BindEncode(Dictionary<string, SpecMappingEntry> entries, string path, BindingContext context)
    {
        var encode = context.String(entries, "encode", path);
        if (encode is null || encode == "plain")
        {
            return false;
        }

        if (encode == "json")
        {
            return true;
        }

        context.Report(SpecDiagnostics.InvalidValue, context.LocationOf(path + ".encode"), encode, path + ".encode", "expected json or plain");
        return false;
    }

    /// <summary>The type kind a field filled from the operation outcome must have; null for data, which is read as any type.</summary>
    private static TypeKind? ExpectedSourceType(FieldSource source) => source switch
    {
        FieldSource.RequestId or FieldSource.ErrorMessage or FieldSource.Code or FieldSource.Message or FieldSource.Status or FieldSource.Text or FieldSource.StepError => TypeKind.String,
        FieldSource.Success => TypeKind.Bool,
        FieldSource.HttpStatusCode => TypeKind.Int,
        _ => null,
    };

    private static bool TryParseSource(string text, out FieldSource source)
    {
        source = text switch
        {
            "requestId" => FieldSource.RequestId,
            "success" => FieldSource.Success,
            "errorMessage" => FieldSource.ErrorMessage,
            "code" => FieldSource.Code,
            "message" => FieldSource.Message,
            "httpStatusCode" => FieldSource.HttpStatusCode,
            "status" => FieldSource.Status,
            "data" => FieldSource.Data,
            "text" => FieldSource.Text,
            "stepError" => FieldSource.StepError,
            _ => FieldSource.Wire,
        };
        return source != FieldSource.Wire;
    }
}
