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
        spec = ResolvePages(spec);
        var types = TypesOf(spec);
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
            // The client's file depends on its groups' names only: a group's operations live in the group's own file.
            units.Add(new ClientUnit(prefix + client.ClassName + ".g.cs", types, spec.Service, client with { Groups = EquatableArray<GroupModel>.Empty },
                ForwardTargets(client, spec.Session), recordInfos, spec.Session?.DisposeOperation, GroupRefs(client.Groups)));
            AddGroups(units, prefix, types, client.Groups, sessionIdWire: null, recordInfos);
        }

        if (spec.Session is { } session)
        {
            var servers = new List<ToolServer>();
            foreach (var tool in spec.Tools.Tools)
            {
                servers.Add(new ToolServer(tool.Name, tool.Server));
            }

            servers.Sort((a, b) => string.CompareOrdinal(a.Tool, b.Tool));
            units.Add(new SessionUnit(prefix + session.ClassName + ".g.cs", types, session with { Groups = EquatableArray<GroupModel>.Empty }, spec.Tools.ClassName,
                spec.Tools.Property, EquatableArray.From(servers), recordInfos, GroupRefs(session.Groups), WatchArgument(spec, session.Files)));
            AddGroups(units, prefix, types, session.Groups, session.IdWire, recordInfos);
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

    /// <summary>The spec's namespace, sorted enum names and session class, shared by its units.</summary>
    public static TypeContext TypesOf(SpecModel spec)
    {
        var enums = new List<string>();
        foreach (var enumModel in spec.Enums)
        {
            enums.Add(enumModel.Name);
        }

        enums.Sort(System.StringComparer.Ordinal);
        return new TypeContext(spec.Namespace, EquatableArray.From(enums), spec.Session?.ClassName);
    }

    private static EquatableArray<GroupRef> GroupRefs(EquatableArray<GroupModel> groups)
    {
        var refs = new List<GroupRef>();
        foreach (var group in groups)
        {
            refs.Add(new GroupRef(group.ClassName, group.Property, group.Doc));
        }

        return EquatableArray.From(refs);
    }

    private static void AddGroups(List<EmitUnit> units, string prefix, TypeContext types, EquatableArray<GroupModel> groups, string? sessionIdWire,
        EquatableArray<RecordInfo> records)
    {
        foreach (var group in groups)
        {
            units.Add(new GroupUnit(prefix + group.ClassName + ".g.cs", types, group, sessionIdWire, records));
        }
    }

    /// <summary>The element type of the record's list field <paramref name="name"/>, or null when there is none.</summary>
    private static TypeRef? ListItemType(RecordModel record, string name)
    {
        foreach (var field in record.Fields)
        {
            if (field.Name == name && field.Type.Kind == TypeKind.List)
            {
                return field.Type.Arguments[0];
            }
        }

        return null;
    }

    private static RecordInfo Describe(RecordModel record)
    {
        string? success = null;
        string? errorMessage = null;
        string? requestId = null;
        string? sessionWire = null;
        foreach (var field in record.Fields)
        {
            if (field.Source == FieldSource.Success && success is null)
            {
                success = field.Name;
            }
            else if (field.Source == FieldSource.ErrorMessage && errorMessage is null)
            {
                errorMessage = field.Name;
            }
            else if (field.Source == FieldSource.RequestId && requestId is null)
            {
                requestId = field.Name;
            }
            else if (field.Type.Kind == TypeKind.Session && field.Source == FieldSource.Wire && sessionWire is null)
            {
                sessionWire = field.Wire;
            }
        }

        return new RecordInfo(record.Name, Emit.RecordEmitter.HasSessionField(record), record.TypeParameters.Count, success, errorMessage, requestId,
            sessionWire);
    }

    /// <summary>Gives every paged operation the type of its items, read from its result record's list field.</summary>
    private static SpecModel ResolvePages(SpecModel spec)
    {
        var records = new Dictionary<string, RecordModel>();
        foreach (var record in spec.Records)
        {
            records[record.Name] = record;
        }

        EquatableArray<OperationModel> Resolve(EquatableArray<OperationModel> operations)
        {
            var result = new List<OperationModel>();
            var changed = false;
            foreach (var operation in operations)
            {
                var itemType = operation.Pages is not null && operation.Returns is { } returns && records.TryGetValue(returns.Type.Name, out var record)
                    ? ListItemType(record, operation.Pages.ItemsField)
                    : null;
                changed |= itemType is not null;
                result.Add(itemType is null ? operation : operation with { Pages = operation.Pages! with { ItemType = itemType } });
            }

            return changed ? EquatableArray.From(result) : operations;
        }

        EquatableArray<GroupModel> ResolveGroups(EquatableArray<GroupModel> groups)
        {
            var result = new List<GroupModel>();
            foreach (var group in groups)
            {
                result.Add(group with { Operations = Resolve(group.Operations) });
            }

            return EquatableArray.From(result);
        }

        return spec with
        {
            Client = spec.Client is { } client ? client with { Operations = Resolve(client.Operations), Groups = ResolveGroups(client.Groups) } : null,
            Session = spec.Session is { } session ? session with { Operations = Resolve(session.Operations), Groups = ResolveGroups(session.Groups) } : null,
        };
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

    /// <summary>
    /// The wire name of the watch tool's path argument (validation made sure it has exactly one), or <c>path</c> when
    /// the tool comes from another spec file of the project.
    /// </summary>
    private static string? WatchArgument(SpecModel spec, FilesModel? files)
    {
        if (files?.WatchTool is not { } watch)
        {
            return null;
        }

        foreach (var tool in spec.Tools.Tools)
        {
            if (tool.Name == watch && tool.Arguments.Count == 1)
            {
                return tool.Arguments[0].Wire;
            }
        }

        return "path";
    }
}
