using System.Collections.Generic;
using AgentBay.Generators.Diagnostics;
using AgentBay.Generators.Model;
using AgentBay.Generators.Spec.Syntax;

namespace AgentBay.Generators.Binding;

/// <summary>
/// Turns a spec syntax tree into a <see cref="SpecModel"/>. It checks shapes (mapping, list, value), keys and literal
/// forms; cross-references (types, records, operations) are the validator's job.
/// </summary>
internal static partial class SpecBinder
{
    public const string DefaultToolsClass = "SessionTools";
    public const string DefaultToolsProperty = "Tools";
    public const string DefaultTextResult = "McpToolResult";

    public static SpecModel? Bind(SpecNode root, BindingContext context)
    {
        var mapping = context.AsMapping(root, "(root)");
        if (mapping is null)
        {
            return null;
        }

        var entries = context.Entries(mapping, "", "$schema", "agentbay", "namespace", "service", "enums", "records", "client", "session", "tools", "toolsClass");
        BindVersion(entries, context);
        var ns = context.String(entries, "namespace", "") ?? "AgentBay";
        var service = entries.TryGetValue("service", out var serviceEntry) ? BindService(serviceEntry.Value, context) : null;
        var enums = entries.TryGetValue("enums", out var enumsEntry) ? BindEnums(enumsEntry.Value, context) : EquatableArray<EnumModel>.Empty;
        var records = entries.TryGetValue("records", out var recordsEntry) ? BindRecords(recordsEntry.Value, context) : EquatableArray<RecordModel>.Empty;
        var client = entries.TryGetValue("client", out var clientEntry) ? BindClient(clientEntry.Value, context) : null;
        string? toolsClass = null;
        string? toolsProperty = null;
        SessionModel? session = null;
        if (entries.TryGetValue("session", out var sessionEntry))
        {
            session = BindSession(sessionEntry.Value, context, out toolsClass, out toolsProperty);
        }

        toolsClass ??= context.String(entries, "toolsClass", "") ?? DefaultToolsClass;
        var textResult = session?.ToolCall?.ResultRecord ?? DefaultTextResult;
        var tools = entries.TryGetValue("tools", out var toolsEntry) ? BindTools(toolsEntry.Value, textResult, context) : EquatableArray<ToolModel>.Empty;
        return new SpecModel(ns, service, enums, records, client, session, new ToolsModel(toolsClass, toolsProperty ?? DefaultToolsProperty, tools));
    }

    private static void BindVersion(Dictionary<string, SpecMappingEntry> entries, BindingContext context)
    {
        if (!entries.TryGetValue("agentbay", out var entry))
        {
            context.Report(SpecDiagnostics.MissingKey, SpecLocation.FileStart(context.FilePath), "agentbay", "(root)");
            return;
        }

        var scalar = context.AsScalar(entry.Value, "agentbay");
        if (scalar is not null && scalar.Value != "1")
        {
            context.Report(SpecDiagnostics.UnsupportedVersion, scalar, scalar.Value, "agentbay");
        }
    }

    private static ServiceModel? BindService(SpecNode node, BindingContext context)
    {
        var mapping = context.AsMapping(node, "service");
        if (mapping is null)
        {
            return null;
        }

        var entries = context.Entries(mapping, "service", "endpoint", "apiVersion");
        var endpoint = context.String(entries, "endpoint", "service", required: true);
        var version = context.String(entries, "apiVersion", "service", required: true);
        return endpoint is null || version is null ? null : new ServiceModel(endpoint, version);
    }

    private static EquatableArray<EnumModel> BindEnums(SpecNode node, BindingContext context)
    {
        var mapping = context.AsMapping(node, "enums");
        if (mapping is null)
        {
            return EquatableArray<EnumModel>.Empty;
        }

        var result = new List<EnumModel>();
        foreach (var entry in context.NamedEntries(mapping, "enums", "type"))
        {
            var path = "enums." + entry.Key.Value;
            var enumMapping = context.AsMapping(entry.Value, path);
            if (enumMapping is null)
            {
                continue;
            }

            var entries = context.Entries(enumMapping, path, "doc", "values");
            var values = new List<EnumValueModel>();
            if (entries.TryGetValue("values", out var valuesEntry))
            {
                var valuesMapping = context.AsMapping(valuesEntry.Value, path + ".values");
                if (valuesMapping is not null)
                {
                    foreach (var value in context.NamedEntries(valuesMapping, path + ".values", "enum value"))
                    {
                        var wire = context.AsScalar(value.Value, path + ".values." + value.Key.Value);
                        if (wire is not null)
                        {
                            values.Add(new EnumValueModel(value.Key.Value, wire.Value));
                        }
                    }
                }
            }
            else
            {
                context.Report(SpecDiagnostics.MissingKey, context.LocationOf(path), "values", path);
            }

            result.Add(new EnumModel(entry.Key.Value, context.String(entries, "doc", path), EquatableArray.From(values)));
        }

        return EquatableArray.From(result);
    }

    /// <summary>Parses a type string at <paramref name="path"/>, reporting a located error when it is malformed.</summary>
    internal static TypeRef? BindType(SpecNode node, string path, BindingContext context)
    {
        var scalar = context.AsScalar(node, path);
        if (scalar is null)
        {
            return null;
        }

        var type = TypeParser.Parse(scalar.Value, out var error);
        if (type is null)
        {
            context.Report(SpecDiagnostics.UnknownType, scalar, scalar.Value, path, error ?? "malformed type");
        }

        return type;
    }

    internal static LiteralValue? BindLiteral(SpecNode node, string path, BindingContext context)
    {
        if (node is not SpecScalar scalar || scalar.IsNull)
        {
            context.Report(SpecDiagnostics.UnexpectedNode, node, "a literal value", path, BindingContext.Describe(node));
            return null;
        }

        if (scalar.Style == SpecScalarStyle.Plain)
        {
            if (scalar.TryGetBoolean(out _))
            {
                return new LiteralValue(LiteralKind.Boolean, scalar.Value);
            }

            if (scalar.TryGetInt64(out _))
            {
                return new LiteralValue(LiteralKind.Integer, scalar.Value);
            }

            if (scalar.TryGetDouble(out _))
            {
                return new LiteralValue(LiteralKind.Number, scalar.Value);
            }
        }

        return new LiteralValue(LiteralKind.String, scalar.Value);
    }

    internal static RangeModel? BindRange(SpecNode node, string path, BindingContext context)
    {
        var sequence = context.AsSequence(node, path);
        if (sequence is null)
        {
            return null;
        }

        if (sequence.Items.Count != 2
            || sequence.Items[0] is not SpecScalar min || !min.TryGetDouble(out var minValue)
            || sequence.Items[1] is not SpecScalar max || !max.TryGetDouble(out var maxValue))
        {
            context.Report(SpecDiagnostics.InvalidValue, node, DescribeRange(sequence), path, "a range is [min, max] with two numbers");
            return null;
        }

        return new RangeModel(min.Value, max.Value, minValue, maxValue);
    }

    private static string DescribeRange(SpecSequence sequence)
    {
        var parts = new List<string>();
        foreach (var item in sequence.Items)
        {
            parts.Add(item is SpecScalar scalar ? scalar.Value : BindingContext.Describe(item));
        }

        return "[" + string.Join(", ", parts) + "]";
    }
}
