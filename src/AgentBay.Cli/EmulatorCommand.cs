using System;
using System.IO;
using System.Reflection;
using System.Threading.Tasks;
using AgentBay.Emulator;

namespace AgentBay.Cli;

/// <summary>
/// <c>agentbay emulator ...</c>: runs the emulator's own program (its entry point, so its command-line parsing,
/// start-up messages and Ctrl+C handling are exactly those of <c>agentbay-emulator</c>).
/// </summary>
internal static class EmulatorCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter stderr)
    {
        var entryPoint = typeof(AgentBayEmulator).Assembly.EntryPoint
            ?? throw new CliException("the emulator assembly has no entry point");
        object? returned;
        try
        {
            returned = entryPoint.Invoke(null, entryPoint.GetParameters().Length == 0 ? [] : [args]);
            switch (returned)
            {
                case Task<int> task:
                    return await task.ConfigureAwait(false);
                case Task task:
                    await task.ConfigureAwait(false);
                    return 0;
                case int code:
                    return code;
                default:
                    return 0;
            }
        }
        catch (TargetInvocationException e) when (e.InnerException is { } inner)
        {
            return await Report(inner, stderr).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or IOException)
        {
            return await Report(e, stderr).ConfigureAwait(false);
        }
    }

    // The emulator's program lets a few option errors (a bad --tool, a port in use) escape: one line, not a stack trace.
    private static async Task<int> Report(Exception e, TextWriter stderr)
    {
        await stderr.WriteLineAsync("error: " + e.Message.ReplaceLineEndings(" ")).ConfigureAwait(false);
        return CliApp.Failure;
    }
}
