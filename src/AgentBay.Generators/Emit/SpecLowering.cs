using System.Collections.Generic;
using AgentBay.Generators.Model;

namespace AgentBay.Generators.Emit;

/// <summary>
/// Splits a validated spec into emit units, one per generated file, each holding only what its file needs. The units are
/// ordered by hint name so that output is deterministic.
/// </summary>
internal static class SpecLowering
{
    public static EquatableArray<EmitUnit> Lower(SpecModel spec)
    {
        var enums = new List<string>();
        foreach (var enumModel in spec.Enums)
        {
            enums.Add(enumModel.Name);
        }

        enums.Sort(System.StringComparer.Ordinal);
        var types = new TypeContext(spec.Namespace, EquatableArray.From(enums), spec.Session?.ClassName);
        var records = new List<RecordInfo>();
        var recordsByName = new Dictionary<string, RecordInfo>();
        foreach (var record in spec.Records)
        {
            var info = Describe(record);
            records.Add(info);
            recordsByName[record.Name] = info;
        }

        records.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        var recordInfos = EquatableArray.From(records);
        var units = new List<EmitUnit>();
        var prefix = spec.Namespace + ".";
        foreach (var enumModel in spec.Enums)
        {
            units.Add(new EnumUnit(prefix + enumModel.Name + ".g.cs", types, enumModel));
        }

        foreach (var record in spec.Records)
        {
            units.Add(new RecordUnit(prefix + record.Name + ".g.cs", types, WithTypeParameters(record)));
        }

        if (spec.Client is { } client)
        {
            units.Add(new ClientUnit(prefix + client.ClassName + ".g.cs", types, spec.Service, client, ForwardTargets(client, spec.Session), recordInfos, spec.Session?.DisposeOperation));
        }

        if (spec.Session is { } session)
        {
            var servers = new List<ToolServer>();
            foreach (var tool in spec.Tools.Tools)
            {
                servers.Add(new ToolServer(tool.Name, tool.Server));
            }

            servers.Sort((a, b) => string.CompareOrdinal(a.Tool, b.Tool));
            units.Add(new SessionUnit(prefix + session.ClassName + ".g.cs", types, session, spec.Tools.ClassName, spec.Tools.Property, EquatableArray.From(servers), recordInfos));
            units.Add(new ToolsClassUnit(prefix + spec.Tools.ClassName + ".g.cs", types, spec.Tools.ClassName));
        }

        foreach (var tool in spec.Tools.Tools)
        {
            var result = recordsByName.TryGetValue(tool.Result.Record!, out var info) ? info : new RecordInfo(tool.Result.Record!, false, 0, null);
            units.Add(new ToolUnit(prefix + spec.Tools.ClassName + "." + tool.Method + ".g.cs", types, spec.Tools.ClassName, tool, result));
        }

        units.Sort((a, b) => string.CompareOrdinal(a.HintName, b.HintName));
        return EquatableArray.From(units);
    }

    private static RecordInfo Describe(RecordModel record)
    {
        string? success = null;
        foreach (var field in record.Fields)
        {
            if (field.Source == FieldSource.Success && success is null)
            {
                success = field.Name;
            }
        }

        return new RecordInfo(record.Name, Emit.RecordEmitter.HasSessionField(record), record.TypeParameters.Count, success);
    }

    private static EquatableArray<OperationModel> ForwardTargets(ClientModel client, SessionModel? session)
    {
        var targets = new List<OperationModel>();
        if (session is null)
        {
            return EquatableArray<OperationModel>.Empty;
        }

        foreach (var operation in client.Operations)
        {
            if (operation.ForwardTo is null)
            {
                continue;
            }

            foreach (var candidate in session.Operations)
            {
                if (candidate.Key == operation.ForwardTo)
                {
                    targets.Add(candidate);
                }
            }
        }

        return EquatableArray.From(targets);
    }

    /// <summary>Marks the names that are the record's own type parameters, which the type parser cannot know.</summary>
    private static RecordModel WithTypeParameters(RecordModel record)
    {
        if (record.TypeParameters.IsEmpty)
        {
            return record;
        }

        var parameters = new HashSet<string>(record.TypeParameters);
        var fields = new List<FieldModel>();
        foreach (var field in record.Fields)
        {
            fields.Add(field with { Type = Mark(field.Type, parameters) });
        }

        return record with { Fields = EquatableArray.From(fields) };
    }

    private static TypeRef Mark(TypeRef type, HashSet<string> parameters)
    {
        if (type.Kind == TypeKind.Named && type.Arguments.IsEmpty && parameters.Contains(type.Name))
        {
            return type with { Kind = TypeKind.TypeParameter };
        }

        if (type.Arguments.IsEmpty)
        {
            return type;
        }

        var arguments = new List<TypeRef>();
        foreach (var argument in type.Arguments)
        {
            arguments.Add(Mark(argument, parameters));
        }

        return type with { Arguments = EquatableArray.From(arguments) };
    }
}
