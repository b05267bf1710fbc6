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
                text.Append(CultureInfo.InvariantCulture, $$"""
                      run_{{id}}:
                        server: synthetic_shell
                        method: Run{{id}}
                        doc: {{doc}}
                        args:
                          command: { type: string, doc: The command to run. }
                          timeout_ms: { type: int, name: timeoutMs, default: 50000, range: [1, 50000], doc: Time limit in milliseconds. }
                          cwd: { type: "string?", doc: Working directory. }
                          envs: { type: "map<string,string>?", doc: Extra environment variables. }
                        result: { record: ShellResult, format: json, success: { field: ExitCode, equals: 0 } }

                    """);
                break;
            case 1:
                text.Append(CultureInfo.InvariantCulture, $$"""
                      read_{{id}}:
                        server: synthetic_files
                        method: Read{{id}}
                        doc: {{doc}}
                        args:
                          path: { type: string, doc: Absolute path of the file. }
                          offset: { type: "int?", range: [0, 2147483647], doc: Offset of the first byte. }
                          length: { type: "int?", range: [0, 2147483647], doc: Number of bytes. }
                        result: text

                    """);
                break;
            case 2:
                text.Append(CultureInfo.InvariantCulture, $$"""
                      write_{{id}}:
                        server: synthetic_files
                        method: Write{{id}}
                        doc: {{doc}}
                        args:
                          path: { type: string, doc: Absolute path of the file. }
                          content: { type: string, doc: The text to write. }
                          mode: { type: string, default: overwrite, allowed: [overwrite, append], doc: Overwrite or append. }
                        result: text

                    """);
                break;
            default:
                text.Append(CultureInfo.InvariantCulture, $$"""
                      edit_{{id}}:
                        server: synthetic_files
                        method: Edit{{id}}
                        doc: {{doc}}
                        args:
                          path: { type: string, doc: Absolute path of the file. }
                          edits: { type: "list<FileEdit>", doc: "The replacements, in order." }
                          dryRun: { type: bool, default: false, doc: Show the change without writing it. }
                        result: text

                    """);
                break;
        }
    }
}
