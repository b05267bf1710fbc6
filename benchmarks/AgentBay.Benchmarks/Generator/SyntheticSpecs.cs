using System;
using System.Globalization;
using System.Text;

namespace AgentBay.Benchmarks.Generator;

/// <summary>
/// Specs with N tools: the standard spec's enums, records, client and session, then N tools built from four shapes
/// the standard tools use (a JSON record result with a range and a map; optional ints; defaults and allowed values;
/// a list of records), so every tool exercises binding, validation, lowering and emission like a real one.
/// </summary>
internal static class SyntheticSpecs
{
    public static string Create(int tools, int changedTool = -1)
    {
        var standard = GeneratorInputs.StandardSpec.Replace("\r\n", "\n", StringComparison.Ordinal);
        var cut = standard.IndexOf("\ntools:\n", StringComparison.Ordinal);
        if (cut < 0)
        {
            throw new InvalidOperationException("The standard spec has no top-level 'tools:' section to replace.");
        }

        var text = new StringBuilder(standard, 0, cut + 1, standard.Length + tools * 700);
        text.Append("tools:\n");
        for (var i = 0; i < tools; i++)
        {
            AppendTool(text, i, changed: i == changedTool);
        }

        return text.ToString();
    }

    private static void AppendTool(StringBuilder text, int i, bool changed)
    {
        var id = i.ToString("D4", CultureInfo.InvariantCulture);
        var doc = changed ? $"Tool {id}, with its documentation edited." : $"Tool {id} of the synthetic spec.";
        switch (i % 4)
        {
            case 0:
                AppendTool(text, $"run_{id}", "synthetic_shell", $"Run{id}", doc,
                    "{ record: ShellResult, format: json, success: { field: ExitCode, equals: 0 } }",
                    "command: { type: string, doc: The command to run. }",
                    "timeout_ms: { type: int, name: timeoutMs, default: 50000, range: [1, 50000], doc: Time limit in milliseconds. }",
                    "cwd: { type: \"string?\", doc: Working directory. }",
                    "envs: { type: \"map<string,string>?\", doc: Extra environment variables. }");
                break;
            case 1:
                AppendTool(text, $"read_{id}", "synthetic_files", $"Read{id}", doc, "text",
                    "path: { type: string, doc: Absolute path of the file. }",
                    "offset: { type: \"int?\", range: [0, 2147483647], doc: Offset of the first byte. }",
                    "length: { type: \"int?\", range: [0, 2147483647], doc: Number of bytes. }");
                break;
            case 2:
                AppendTool(text, $"write_{id}", "synthetic_files", $"Write{id}", doc, "text",
                    "path: { type: string, doc: Absolute path of the file. }",
                    "content: { type: string, doc: The text to write. }",
                    "mode: { type: string, default: overwrite, allowed: [overwrite, append], doc: Overwrite or append. }");
                break;
            default:
                AppendTool(text, $"edit_{id}", "synthetic_files", $"Edit{id}", doc, "text",
                    "path: { type: string, doc: Absolute path of the file. }",
                    "edits: { type: \"list<FileEdit>\", doc: \"The replacements, in order.\" }",
                    "dryRun: { type: bool, default: false, doc: Show the change without writing it. }");
                break;
        }
    }

    /// <summary>One entry of the <c>tools:</c> section: its header, one line per argument, and its result.</summary>
    private static void AppendTool(StringBuilder text, string name, string server, string method, string doc, string result, params string[] args)
    {
        text.Append(CultureInfo.InvariantCulture, $"""
              {name}:
                server: {server}
                method: {method}
                doc: {doc}
                args:

            """);
        foreach (var arg in args)
        {
            text.Append("      ").Append(arg).Append('\n');
        }

        text.Append("    result: ").Append(result).Append('\n');
    }
}
