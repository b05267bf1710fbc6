using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using AgentBay.TestSupport;
using Xunit;

namespace AgentBay.Emulator.Tests;

/// <summary>The emulator's own program (<c>dotnet AgentBay.Emulator.dll</c>): what it prints about its sandbox.</summary>
public sealed class CommandLineProgramTests
{
    private static readonly string Program = Path.Combine(AppContext.BaseDirectory, "AgentBay.Emulator.dll");

    [Fact]
    public async Task Probe_lists_every_mode_with_what_it_uses_or_lacks()
    {
        var (exit, stdout, _) = await RunAsync(["--probe"], null, TimeSpan.FromSeconds(120));
        Assert.Equal(0, exit);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        for (var i = 0; i < 3; i++)
        {
            var probe = AgentBayEmulator.ProbeSandbox(Sandboxes.All[i]);
            var name = SandboxModes.Name(Sandboxes.All[i]);
            Assert.Equal(probe.IsAvailable ? $"{name}: available ({probe.Detail})" : $"{name}: not available: {probe.Detail}", lines[i]);
        }
    }

    [Fact]
    public async Task A_mode_asked_for_that_does_not_work_stops_the_program_with_the_reason()
    {
        var unavailable = Array.FindAll(Sandboxes.All, mode => !AgentBayEmulator.ProbeSandbox(mode).IsAvailable);
        if (unavailable.Length == 0)
        {
            return; // every mode works here: nothing to refuse
        }

        var missing = unavailable[0];
        var (exit, _, stderr) = await RunAsync(["--port", "0", "--api-key", "k", "--sandbox", SandboxModes.Name(missing)], null, TimeSpan.FromSeconds(120));
        Assert.Equal(1, exit);
        Assert.Contains($"'{SandboxModes.Name(missing)}' was asked for but does not work here: {AgentBayEmulator.ProbeSandbox(missing).Detail}", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_variable_is_read_by_the_program_and_a_bad_value_is_refused()
    {
        var (exit, _, stderr) = await RunAsync(["--port", "0", "--api-key", "k"], "jail", TimeSpan.FromSeconds(120));
        Assert.Equal(1, exit);
        Assert.Contains("AGENTBAY_EMULATOR_SANDBOX must be auto, bwrap, namespaces or none (got 'jail').", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_start_the_program_prints_its_endpoint_and_sandbox_mode()
    {
        var psi = Start(["--port", "0", "--api-key", "k", "--sandbox", "none"], null);
        using var process = Process.Start(psi)!;
        try
        {
            // The console log comes first; the program's own line follows it.
            string? line;
            do
            {
                line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(120));
            }
            while (line is not null && !line.StartsWith("AgentBay emulator listening on http", StringComparison.Ordinal));

            Assert.Matches(@"^AgentBay emulator listening on http://127\.0\.0\.1:\d+ \(sandbox: none\)$", line);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static ProcessStartInfo Start(string[] args, string? sandboxVariable)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Program);
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment.Remove("AGENTBAY_API_KEY");
        if (sandboxVariable is null)
        {
            psi.Environment.Remove(SandboxModes.EnvironmentVariable);
        }
        else
        {
            psi.Environment[SandboxModes.EnvironmentVariable] = sandboxVariable;
        }

        return psi;
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string[] args, string? sandboxVariable, TimeSpan bound)
    {
        using var process = Process.Start(Start(args, sandboxVariable))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(bound);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
