using System.Collections.Generic;
using AgentBay.Generators.Diagnostics;
using AgentBay.Generators.Model;
using AgentBay.Generators.Spec.Syntax;

namespace AgentBay.Generators.Binding;

internal static partial class SpecBinder
{
    private static EquatableArray<ToolModel> BindTools(SpecNode node, string textResult, BindingContext context)
    {
        var mapping = context.AsMapping(node, "tools");
        if (mapping is null)
        {
            return EquatableArray<ToolModel>.Empty;
        }

        var result = new List<ToolModel>();
        foreach (var entry in context.NamedEntries(mapping, "tools", "tool"))
        {
            var tool = BindTool(entry.Key.Value, entry.Value, "tools." + entry.Key.Value, textResult, context);
            if (tool is not null)
            {
                result.Add(tool);
            }
        }

        return EquatableArray.From(result);
    }

    private static ToolModel? BindTool(string name, SpecNode node, string path, string textResult, BindingContext context)
    {
        var mapping = context.AsMapping(node, path);
        if (mapping is null)
        {
            return null;
        }

        var entries = context.Entries(mapping, path, "server", "method", "doc", "args", "result");
        var server = context.String(entries, "server", path, required: true);
        var method = context.String(entries, "method", path) ?? Naming.ToPascalCase(name);
        var arguments = new List<ToolArgumentModel>();
        if (entries.TryGetValue("args", out var argsEntry) && context.AsMapping(argsEntry.Value, path + ".args") is { } argsMapping)
        {
            foreach (var argument in context.NamedEntries(argsMapping, path + ".args", "argument"))
            {
                var bound = BindToolArgument(argument.Key.Value, argument.Value, path + ".args." + argument.Key.Value, context);
                if (bound is not null)
                {
                    arguments.Add(bound);
                }
            }
        }

        var result = entries.TryGetValue("result", out var resultEntry)
            ? BindToolResult(resultEntry.Value, path + ".result", context)
            : new ToolResultModel(null, false, null, null);
        if (result is null || server is null)
        {
            return null;
        }

        if (result.Record is null)
        {
            result = result with { Record = textResult };
        }

        return new ToolModel(name, server, method, context.String(entries, "doc", path), EquatableArray.From(arguments), result);
    }

    private static ToolArgumentModel? BindToolArgument(string wire, SpecNode node, string path, BindingContext context)
    {
        var mapping = context.AsMapping(node, path);
        if (mapping is null)
        {
            return null;
        }

        var entries = context.Entries(mapping, path, "type", "name", "default", "range", "error", "allowed", "doc");
        if (!entries.TryGetValue("type", out var typeEntry))
        {
            context.Report(SpecDiagnostics.MissingKey, context.LocationOf(path), "type", path);
            return null;
        }

        var type = BindType(typeEntry.Value, path + ".type", context);
        var literal = entries.TryGetValue("default", out var defaultEntry) ? BindLiteral(defaultEntry.Value, path + ".default", context) : null;
        var range = entries.TryGetValue("range", out var rangeEntry) ? BindRange(rangeEntry.Value, path + ".range", context) : null;
        var name = context.String(entries, "name", path) ?? Naming.ToCamelCase(wire);
        return type is null
            ? null
            : new ToolArgumentModel(wire, name, type, literal, range, context.String(entries, "error", path),
                EquatableArray.From(context.StringList(entries, "allowed", path)), context.String(entries, "doc", path));
    }

    private static ToolResultModel? BindToolResult(SpecNode node, string path, BindingContext context)
    {
        if (node is SpecScalar { IsNull: false } scalar)
        {
            if (scalar.Value == "text")
            {
                return new ToolResultModel(null, false, null, null);
            }

            context.Report(SpecDiagnostics.InvalidValue, scalar, scalar.Value, path, "expected text, or a mapping with record and format");
            return null;
        }

        if (context.AsMapping(node, path) is not { } mapping)
        {
            return null;
        }

        var entries = context.Entries(mapping, path, "record", "format", "success");
        var format = context.String(entries, "format", path) ?? "text";
        if (format is not "text" and not "json")
        {
            context.Report(SpecDiagnostics.InvalidValue, context.LocationOf(path + ".format"), format, path + ".format", "expected text or json");
        }

        string? successField = null;
        LiteralValue? successEquals = null;
        if (entries.TryGetValue("success", out var successEntry) && context.AsMapping(successEntry.Value, path + ".success") is { } successMapping)
        {
            var successEntries = context.Entries(successMapping, path + ".success", "field", "equals");
            successField = context.String(successEntries, "field", path + ".success", required: true);
            if (successEntries.TryGetValue("equals", out var equalsEntry))
            {
                successEquals = BindLiteral(equalsEntry.Value, path + ".success.equals", context);
            }
            else
            {
                context.Report(SpecDiagnostics.MissingKey, context.LocationOf(path + ".success"), "equals", path + ".success");
            }
        }

        return new ToolResultModel(context.String(entries, "record", path), format == "json", successField, successEquals);
    }
}
