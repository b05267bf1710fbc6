using System;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using AgentBay.Emulator;
using AgentBay.Emulator.Hosting;

// Command line host: parse, start, print where to connect, wait for Ctrl+C or SIGTERM, clean up.
EmulatorOptions options;
try
{
    if (args is ["--help"] or ["-h"])
    {
        Console.WriteLine(CommandLine.Usage);
        return 0;
    }

    options = CommandLine.Parse(args, Environment.GetEnvironmentVariable("AGENTBAY_API_KEY"));
}
catch (FormatException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(CommandLine.Usage);
    return 2;
}

await using var emulator = await AgentBayEmulator.StartAsync(options);
Console.WriteLine($"AgentBay emulator listening on {emulator.Endpoint} (sandbox: {(emulator.IsSandboxed ? "bubblewrap" : "none")})");
if (options.ApiKeys.Count == 0)
{
    // A generated key is useless unless the user sees it; configured keys are never echoed.
    Console.WriteLine($"Generated API key: {emulator.ApiKey}");
}

if (options.CertificateOutputPath is { } certificatePath)
{
    Console.WriteLine($"Certificate (PEM): {certificatePath}");
}

Console.WriteLine("Press Ctrl+C to stop.");
using var stop = new CancellationTokenSource();
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    Console.WriteLine("Stopping: killing session processes and removing session folders.");
}

return 0;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
