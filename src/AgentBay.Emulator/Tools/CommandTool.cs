using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace AgentBay.Emulator.Tools;

/// <summary>
/// A tool defined by the emulator's user as a shell command (a stand-in for the tools of a custom image):
/// <c>{arg}</c> placeholders become the single-quoted argument values, so arguments can never inject shell syntax.
/// </summary>
internal static partial class CommandTool
{
    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(50);

    public static async Task<ToolResult> RunAsync(string template, ToolArgs args, ToolContext context)
    {
        var command = Placeholder().Replace(template, match => Quote(args.RequiredString(match.Groups[1].Value)));
        var outcome = await context.RunAsync(["/bin/sh", "-c", command], null, null, null, TimeLimit).ConfigureAwait(false);
        return outcome.ExitCode == 0 && !outcome.TimedOut
            ? new ToolResult(outcome.Stdout, IsError: false)
            : new ToolResult(outcome.Stderr.Length > 0 ? outcome.Stderr : $"Command exited with code {outcome.ExitCode}", IsError: true);
    }

    /// <summary>The argument names of <paramref name="template"/>, in order of first use.</summary>
    public static IReadOnlyList<string> ArgumentNames(string template) =>
        Placeholder().Matches(template).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();

    private static string Quote(string value)
    {
        var quoted = new StringBuilder("'");
        quoted.Append(value.Replace("'", "'\\''", StringComparison.Ordinal));
        return quoted.Append('\'').ToString();
    }

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Placeholder();
}
