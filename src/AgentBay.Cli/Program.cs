using System;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace AgentBay.Cli;

/// <summary>The <c>agentbay</c> command.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        if (args is ["emulator", ..])
        {
            // The emulator handles Ctrl+C and SIGTERM itself.
            return await CliApp.RunAsync(args, Console.Out, Console.Error, Environment.GetEnvironmentVariable).ConfigureAwait(false);
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        // MCP clients stop their servers with SIGTERM: handled like Ctrl+C, so the session mcp serve created is deleted.
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        return await CliApp.RunAsync(args, Console.Out, Console.Error, Environment.GetEnvironmentVariable, cancellationToken: stop.Token).ConfigureAwait(false);
    }
}
