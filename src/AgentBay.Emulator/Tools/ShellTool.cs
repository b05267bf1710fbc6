using System;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AgentBay.Emulator.Http;

namespace AgentBay.Emulator.Tools;

/// <summary>
/// The <c>shell</c> tool: <c>/bin/sh -c command</c> in the session, answering
/// <c>{"stdout","stderr","exit_code","traceId"}</c> as text (also when it fails, as the 0.15+ service does).
/// </summary>
internal static class ShellTool
{
    /// <summary>Exit code reported for a command killed by its time limit (as coreutils' timeout(1) does).</summary>
    public const int TimeoutExitCode = 124;

    private const long MaxTimeoutMs = 50_000;

    public static async Task<ToolResult> RunAsync(ToolArgs args, ToolContext context)
    {
        var command = args.RequiredString("command");

        // The SDK clamps to 50 s; a larger value from another client is clamped the same way rather than refused.
        var timeoutMs = Math.Min(args.Integer("timeout_ms", MaxTimeoutMs, 1, long.MaxValue), MaxTimeoutMs);
        var outcome = await context.RunAsync(
            ["/bin/sh", "-c", command], args.OptionalString("cwd"), args.StringMap("envs"), null, TimeSpan.FromMilliseconds(timeoutMs))
            .ConfigureAwait(false);

        var exitCode = outcome.TimedOut ? TimeoutExitCode : outcome.ExitCode;
        var stderr = outcome.TimedOut
            ? outcome.Stderr + $"Command timed out after {timeoutMs} ms; its process group was killed.\n"
            : outcome.Stderr;
        var text = new JsonObject
        {
            ["stdout"] = outcome.Stdout,
            ["stderr"] = stderr,
            ["exit_code"] = exitCode,
            ["traceId"] = Guid.NewGuid().ToString("N"),
        }.ToJsonString(JsonText.Options);
        return new ToolResult(text, IsError: exitCode != 0);
    }
}
