using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace AgentBay.Cli.Specs;

/// <summary>What differs for one tool present on both sides.</summary>
/// <param name="Tool">The tool name.</param>
/// <param name="Changes">One line per difference (argument added, removed, retyped, required-ness, constraints, server).</param>
internal sealed record ToolChange(string Tool, IReadOnlyList<string> Changes);

/// <summary>The drift between a spec file and what a service lists now.</summary>
/// <param name="Added">Tools the service has and the file does not.</param>
/// <param name="Removed">Tools the file has and the service no longer lists.</param>
/// <param name="Changed">Tools on both sides whose signatures differ.</param>
/// <param name="Notes">Differences that are not drift: arguments the service's schema cannot type (the file's type is kept).</param>
internal sealed record DiffResult(IReadOnlyList<SpecTool> Added, IReadOnlyList<string> Removed, IReadOnlyList<ToolChange> Changed, IReadOnlyList<string> Notes)
{
    public bool HasDrift => Added.Count > 0 || Removed.Count > 0 || Changed.Count > 0;

    /// <summary>The report, one line per tool and one indented line per change; ends with a summary line.</summary>
    public string Format()
    {
        var text = new StringBuilder();
        foreach (var tool in Added)
        {
            text.Append("+ tool '").Append(tool.Name).Append("' (added): ").Append(Signature(tool)).Append('\n');
        }

        foreach (var tool in Removed)
        {
            text.Append("- tool '").Append(tool).Append("' (removed)\n");
        }

        foreach (var change in Changed)
        {
            text.Append("~ tool '").Append(change.Tool).Append("' (changed)\n");
            foreach (var line in change.Changes)
            {
                text.Append("    ").Append(line).Append('\n');
            }
        }

        foreach (var note in Notes)
        {
            text.Append("  note: ").Append(note).Append('\n');
        }

        text.Append(HasDrift
            ? $"drift: {Added.Count} added, {Removed.Count} removed, {Changed.Count} changed\n"
            : "no drift: the spec's tools match the image\n");
        return text.ToString();
    }

    private static string Signature(SpecTool tool) =>
        tool.Method + "(" + string.Join(", ", tool.Arguments.Select(a => a.WireName + ": " + a.Type)) + ")";
}

/// <summary>
/// Compares tool signatures (pure): server, argument names, base types, required-ness, defaults, ranges and allowed
/// values. C# names, docs and results are not compared: a pulled spec cannot know them (see docs/cli.md).
/// </summary>
internal static class SpecDiff
{
    /// <param name="file">The tools of the spec file (the expected side).</param>
    /// <param name="service">The tools the service lists now, converted.</param>
    public static DiffResult Compare(IReadOnlyList<SpecTool> file, IReadOnlyList<SpecTool> service)
    {
        var expected = file.GroupBy(t => t.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var actual = service.GroupBy(t => t.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var added = actual.Values.Where(t => !expected.ContainsKey(t.Name)).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        var removed = expected.Keys.Where(n => !actual.ContainsKey(n)).OrderBy(n => n, StringComparer.Ordinal).ToList();
        var changed = new List<ToolChange>();
        var notes = new List<string>();
        foreach (var name in expected.Keys.Where(actual.ContainsKey).OrderBy(n => n, StringComparer.Ordinal))
        {
            var changes = CompareTool(expected[name], actual[name], notes);
            if (changes.Count > 0)
            {
                changed.Add(new ToolChange(name, changes));
            }
        }

        return new DiffResult(added, removed, changed, notes);
    }

    private static List<string> CompareTool(SpecTool file, SpecTool service, List<string> notes)
    {
        var changes = new List<string>();
        if (!string.Equals(file.Server ?? "", service.Server ?? "", StringComparison.Ordinal))
        {
            changes.Add($"server: {file.Server} -> {service.Server}");
        }

        var fileArgs = file.Arguments.ToDictionary(a => a.WireName, StringComparer.Ordinal);
        var serviceArgs = service.Arguments.ToDictionary(a => a.WireName, StringComparer.Ordinal);
        foreach (var arg in service.Arguments.Where(a => !fileArgs.ContainsKey(a.WireName)))
        {
            changes.Add($"+ argument '{arg.WireName}': {arg.Type}{(arg.Required ? " (required)" : "")}");
        }

        foreach (var arg in file.Arguments.Where(a => !serviceArgs.ContainsKey(a.WireName)))
        {
            changes.Add($"- argument '{arg.WireName}': {arg.Type}");
        }

        foreach (var before in file.Arguments.Where(a => serviceArgs.ContainsKey(a.WireName)))
        {
            var after = serviceArgs[before.WireName];
            var what = $"argument '{before.WireName}'";
            if (after.Lossy)
            {
                // The service's schema says more than a spec type can; the file's type may well be the right one.
                if (before.BaseType != after.BaseType)
                {
                    notes.Add($"tool '{file.Name}' {what}: the image's schema cannot be typed (pulled as {after.BaseType}); the file's {before.BaseType} is not compared");
                }
            }
            else if (before.BaseType != after.BaseType)
            {
                changes.Add($"~ {what}: type {before.BaseType} -> {after.BaseType}");
            }

            if (before.Required != after.Required)
            {
                changes.Add($"~ {what}: {(before.Required ? "required" : "optional")} -> {(after.Required ? "required" : "optional")}");
            }

            if (!Same(before.Default, after.Default))
            {
                changes.Add($"~ {what}: default {Show(before.Default)} -> {Show(after.Default)}");
            }

            if (!(before.Range is null ? after.Range is null : before.Range.SameAs(after.Range)))
            {
                changes.Add($"~ {what}: range {before.Range?.ToString() ?? "none"} -> {after.Range?.ToString() ?? "none"}");
            }

            if (!SameList(before.Allowed, after.Allowed))
            {
                changes.Add($"~ {what}: allowed {ShowList(before.Allowed)} -> {ShowList(after.Allowed)}");
            }
        }

        return changes;
    }

    private static bool Same(SpecValue? a, SpecValue? b) => a is null ? b is null : a.SameAs(b);

    private static bool SameList(IReadOnlyList<string>? a, IReadOnlyList<string>? b) =>
        a is null ? b is null : b is not null && a.SequenceEqual(b, StringComparer.Ordinal);

    private static string Show(SpecValue? value) => value?.ToString() ?? "none";

    private static string ShowList(IReadOnlyList<string>? values) => values is null ? "none" : "[" + string.Join(", ", values) + "]";
}
