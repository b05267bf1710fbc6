using System.Collections.Generic;
using AgentBay.Generators.Model;

namespace AgentBay.Generators.Emit;

/// <summary>
/// The units of the Microsoft.Extensions.AI functions: one per tool (schema, argument conversion, result JSON) and one per
/// tools class (<c>AsAIFunctions</c>). They are produced for every valid spec; the pipeline emits them only when the
/// compilation references AgentBay.Generated.AI, so without that package the output is unchanged.
/// </summary>
internal static class AIFunctionLowering
{
    /// <summary>Metadata name of the type whose presence switches the AI functions on.</summary>
    public const string FunctionTypeName = "AgentBay.Runtime.AI.AgentBayToolFunction";

    public static EquatableArray<AIToolUnit> Lower(SpecModel spec, TypeContext types)
    {
        if (spec.Tools.Tools.IsEmpty)
        {
            return EquatableArray<AIToolUnit>.Empty;
        }

        var records = new Dictionary<string, RecordModel>();
        foreach (var record in spec.Records)
        {
            records[record.Name] = record;
        }

        var enums = new Dictionary<string, EnumModel>();
        foreach (var enumModel in spec.Enums)
        {
            enums[enumModel.Name] = enumModel;
        }

        var units = new List<AIToolUnit>();
        var prefix = spec.Namespace + "." + spec.Tools.ClassName + ".";
        foreach (var tool in spec.Tools.Tools)
        {
            var usedRecords = new SortedDictionary<string, RecordModel>(System.StringComparer.Ordinal);
            var usedEnums = new SortedDictionary<string, EnumModel>(System.StringComparer.Ordinal);
            foreach (var argument in tool.Arguments)
            {
                Collect(argument.Type, records, enums, usedRecords, usedEnums);
            }

            var result = records.TryGetValue(tool.Result.Record!, out var resultRecord) && resultRecord.TypeParameters.IsEmpty ? resultRecord : null;
            units.Add(new AIToolUnit(prefix + tool.Method + ".AI.g.cs", types, spec.Tools.ClassName, tool, result,
                EquatableArray.From(new List<RecordModel>(usedRecords.Values)), EquatableArray.From(new List<EnumModel>(usedEnums.Values))));
        }

        units.Sort((a, b) => string.CompareOrdinal(a.HintName, b.HintName));
        return EquatableArray.From(units);
    }

    /// <summary>One <c>AsAIFunctions</c> unit per tools class, over the tools of every spec file; a tool name seen twice is listed once.</summary>
    public static EquatableArray<AIFunctionsClassUnit> Classes(IEnumerable<AIToolUnit> tools)
    {
        var classes = new SortedDictionary<string, (string Namespace, string ToolsClass, SortedDictionary<string, AIToolRef> Tools)>(System.StringComparer.Ordinal);
        foreach (var unit in tools)
        {
            var key = unit.Types.Namespace + "." + unit.ToolsClass;
            if (!classes.TryGetValue(key, out var entry))
            {
                entry = (unit.Types.Namespace, unit.ToolsClass, new SortedDictionary<string, AIToolRef>(System.StringComparer.Ordinal));
                classes[key] = entry;
            }

            if (!entry.Tools.ContainsKey(unit.Tool.Name))
            {
                entry.Tools[unit.Tool.Name] = new AIToolRef(unit.Tool.Name, unit.Tool.Method);
            }
        }

        var units = new List<AIFunctionsClassUnit>();
        foreach (var pair in classes)
        {
            units.Add(new AIFunctionsClassUnit(pair.Key + ".AIFunctions.g.cs", pair.Value.Namespace, pair.Value.ToolsClass,
                EquatableArray.From(new List<AIToolRef>(pair.Value.Tools.Values))));
        }

        return EquatableArray.From(units);
    }

    private static void Collect(TypeRef type, Dictionary<string, RecordModel> records, Dictionary<string, EnumModel> enums,
        SortedDictionary<string, RecordModel> usedRecords, SortedDictionary<string, EnumModel> usedEnums)
    {
        foreach (var argument in type.Arguments)
        {
            Collect(argument, records, enums, usedRecords, usedEnums);
        }

        if (type.Kind != TypeKind.Named)
        {
            return;
        }

        if (enums.TryGetValue(type.Name, out var enumModel))
        {
            usedEnums[type.Name] = enumModel;
        }
        else if (records.TryGetValue(type.Name, out var record) && record.TypeParameters.IsEmpty && !usedRecords.ContainsKey(type.Name))
        {
            usedRecords[type.Name] = record;
            foreach (var field in record.Fields)
            {
                Collect(field.Type, records, enums, usedRecords, usedEnums);
            }
        }
    }
}
