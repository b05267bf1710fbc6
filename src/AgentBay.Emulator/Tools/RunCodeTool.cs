using System;
using System.Diagnostics;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AgentBay.Emulator.Http;
using AgentBay.Emulator.Sandbox;

namespace AgentBay.Emulator.Tools;

/// <summary>
/// The <c>run_code</c> tool: feeds the code to <c>python3 -</c> or <c>node -</c> on standard input (no temporary file
/// to clean up) and answers the JSON the SDK parses: <c>{result, stdout[], stderr[], executionError, ...}</c>.
/// </summary>
internal static class RunCodeTool
{
    public static async Task<ToolResult> RunAsync(ToolArgs args, ToolContext context)
    {
        var code = args.RequiredString("code");
        var language = args.RequiredString("language").Trim().ToLowerInvariant();
        var timeoutSeconds = args.Integer("timeout_s", 60, 1, 3600);
        var interpreter = language switch
        {
            "python" or "py" or "python3" => "python3",
            "javascript" or "js" or "node" or "nodejs" => "node",
            _ => throw new ToolException($"Unsupported language '{language}': the emulator runs python (py, python3) and javascript (js, node, nodejs)."),
        };
        if (SandboxProbe.FindOnPath(interpreter) is null)
        {
            throw new ToolException($"Cannot run {language} code: the '{interpreter}' interpreter is not installed on the emulator's machine.");
        }

        var clock = Stopwatch.StartNew();
        var outcome = await context.RunAsync([interpreter, "-"], null, null, code, TimeSpan.FromSeconds(timeoutSeconds))
            .ConfigureAwait(false);
        string? error = outcome switch
        {
            { TimedOut: true } => $"TimeoutError: execution exceeded {timeoutSeconds} s and was killed",
            { ExitCode: 0 } => null,
            _ => LastLine(outcome.Stderr) ?? $"Process exited with code {outcome.ExitCode}",
        };
        var text = new JsonObject
        {
            ["result"] = new JsonArray(),
            ["stdout"] = Lines(outcome.Stdout),
            ["stderr"] = Lines(outcome.Stderr),
            ["executionError"] = error,
            ["execution_time"] = Math.Round(clock.Elapsed.TotalSeconds, 3),
            ["execution_count"] = 1,
        }.ToJsonString(JsonText.Options);
        return new ToolResult(text, IsError: error is not null);
    }

    /// <summary>Lines with their line breaks kept, so joining them gives the output back exactly.</summary>
    private static JsonArray Lines(string text)
    {
        var lines = new JsonArray();
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            end = end < 0 ? text.Length : end + 1;
            lines.Add(text[start..end]);
            start = end;
        }

        return lines;
    }

    /// <summary>
    /// The error line of a traceback: the last line that names an error (Python's <c>ValueError: x</c>, Node's
    /// <c>Error: x</c>), else the last line. Node prints its version after the stack, which is not the error.
    /// </summary>
    private static string? LastLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var named = lines.LastOrDefault(line => System.Text.RegularExpressions.Regex.IsMatch(line, @"^(?:[A-Za-z_][\w.]*)?(Error|Exception)\b.*:"));
        return named ?? lines.LastOrDefault(line => !line.StartsWith("Node.js v", StringComparison.Ordinal));
    }
}
