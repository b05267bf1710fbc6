using System;
using System.Collections.Generic;
using System.Linq;
using AgentBay.Generators.Spec.Syntax;

namespace AgentBay.Cli.Specs;

/// <summary>
/// Reads the <c>tools</c> section of a spec file (YAML or JSON, with the generator's own reader) into the same model the
/// converter produces, so that <see cref="SpecDiff"/> can compare the two. Pure; reports problems as
/// <see cref="CliException"/>.
/// </summary>
internal static class SpecToolReader
{
    /// <summary>Reads the tools of <paramref name="text"/>; <paramref name="path"/> picks JSON (<c>.json</c>) or YAML.</summary>
    /// <exception cref="CliException">The text is not a spec, or a tool or argument has the wrong shape.</exception>
    public static IReadOnlyList<SpecTool> Read(string text, string path)
    {
        var read = SpecReader.Read(text, path);
        if (read.Error is { } error)
        {
            throw new CliException($"{path}:{error.Range.Start.Line + 1}:{error.Range.Start.Column + 1}: {error.Message}");
        }

        if (read.Root is not SpecMapping root)
        {
            throw new CliException($"{path}: not a spec (the top level is not a mapping)");
        }

        if (!root.TryGet("tools", out var toolsNode) || toolsNode is SpecScalar { IsNull: true })
        {
            return [];
        }

        if (toolsNode is not SpecMapping tools)
        {
            throw new CliException($"{path}: 'tools' is not a mapping");
        }

        var result = new List<SpecTool>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in tools.Entries)
        {
            var name = entry.Key.Value;
            if (!seen.Add(name))
            {
                continue; // the generator uses the first one too (AGB1008)
            }

            if (entry.Value is not SpecMapping tool)
            {
                throw new CliException($"{path}: tools.{name} is not a mapping");
            }

            var arguments = new List<SpecArgument>();
            if (tool.TryGet("args", out var argsNode) && argsNode is SpecMapping args)
            {
                foreach (var arg in args.Entries)
                {
                    arguments.Add(Argument(path, name, arg));
                }
            }

            result.Add(new SpecTool(
                name,
                Text(tool, "server"),
                Text(tool, "method") ?? Names.Method(name),
                Text(tool, "doc"),
                arguments,
                Result(tool)));
        }

        return result;
    }

    private static SpecArgument Argument(string path, string tool, SpecMappingEntry entry)
    {
        var wire = entry.Key.Value;
        if (entry.Value is not SpecMapping arg)
        {
            throw new CliException($"{path}: tools.{tool}.args.{wire} is not a mapping");
        }

        var type = Text(arg, "type") ?? throw new CliException($"{path}: tools.{tool}.args.{wire} has no type");
        SpecRange? range = null;
        if (arg.TryGet("range", out var rangeNode) && rangeNode is SpecSequence { Items: [SpecScalar min, SpecScalar max] })
        {
            range = new SpecRange(Value(min), Value(max));
        }

        IReadOnlyList<string>? allowed = arg.TryGet("allowed", out var allowedNode) && allowedNode is SpecSequence list
            ? list.Items.OfType<SpecScalar>().Select(s => s.Value).ToList()
            : null;
        return new SpecArgument(
            wire,
            Text(arg, "name") ?? Names.Parameter(wire),
            NormalizeType(type),
            arg.TryGet("default", out var d) && d is SpecScalar { IsNull: false } scalar ? Value(scalar) : null,
            range,
            allowed,
            Text(arg, "doc"));
    }

    private static string Result(SpecMapping tool)
    {
        if (!tool.TryGet("result", out var node))
        {
            return "text";
        }

        return node switch
        {
            SpecScalar scalar => scalar.Value,
            SpecMapping mapping => Text(mapping, "record") ?? "text",
            _ => "text",
        };
    }

    /// <summary>The type without spaces: <c>map&lt;string, string&gt;</c> and <c>map&lt;string,string&gt;</c> are one type.</summary>
    public static string NormalizeType(string type) => string.Concat(type.Where(c => !char.IsWhiteSpace(c)));

    private static SpecValue Value(SpecScalar scalar)
    {
        if (scalar.TryGetBoolean(out var b))
        {
            return SpecValue.Boolean(b);
        }

        return scalar.TryGetDouble(out _) ? SpecValue.Number(scalar.Value) : SpecValue.String(scalar.Value);
    }

    private static string? Text(SpecMapping mapping, string key) =>
        mapping.TryGet(key, out var node) && node is SpecScalar { IsNull: false } scalar ? scalar.Value : null;
}
