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

    if (args is ["--probe"])
    {
        // Which sandbox modes work on this machine, and for each one that does not, what is missing.
        foreach (var mode in new[] { SandboxMode.Bubblewrap, SandboxMode.Namespaces, SandboxMode.None })
        {
            var probe = AgentBayEmulator.ProbeSandbox(mode);
            Console.WriteLine(probe.IsAvailable ? $"{SandboxModes.Name(mode)}: available ({probe.Detail})" : $"{SandboxModes.Name(mode)}: not available: {probe.Detail}");
        }

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

AgentBayEmulator started;
try
{
    started = await AgentBayEmulator.StartAsync(options);
}
catch (Exception e) when (e is InvalidOperationException or PlatformNotSupportedException or FormatException)
{
    // A sandbox that was asked for and does not work, or an unknown AGENTBAY_EMULATOR_SANDBOX: say what and stop.
    Console.Error.WriteLine(e.Message);
    return 1;
}

await using var emulator = started;
Console.WriteLine($"AgentBay emulator listening on {emulator.Endpoint} (sandbox: {emulator.SandboxName})");
if (emulator.SandboxFallbackReason is { } fallback)
{
    Console.WriteLine($"Not a stronger sandbox, because {fallback}.");
}
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
