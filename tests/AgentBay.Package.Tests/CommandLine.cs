using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading.Tasks;

namespace AgentBay.Package.Tests;

/// <summary>The result of one command: exit code and everything it printed.</summary>
public sealed record CommandResult(int ExitCode, string Output, TimeSpan Elapsed)
{
    public CommandResult EnsureSuccess(string what) =>
        ExitCode == 0 ? this : throw new Xunit.Sdk.XunitException($"{what} failed with exit code {ExitCode}:\n{Output}");
}

/// <summary>Runs dotnet and other commands with a time limit, as a user would in a terminal.</summary>
public static class CommandLine
{
    public static async Task<CommandResult> RunAsync(string fileName, string arguments, string workingDirectory, IDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The outer test run's MSBuild settings must not leak into the user's build.
        foreach (var variable in new[] { "MSBuildSDKsPath", "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "VSTEST_HOST_DEBUG", "DOTNET_HOST_PATH" })
        {
            start.Environment.Remove(variable);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }

        var output = new StringBuilder();
        var watch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var finished = process.WaitForExitAsync();
        if (await Task.WhenAny(finished, Task.Delay(timeout ?? TimeSpan.FromMinutes(5))) != finished)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{fileName} {arguments}' did not finish in time:\n{output}");
        }

        await finished;
        return new CommandResult(process.ExitCode, output.ToString(), watch.Elapsed);
    }

    public static Task<CommandResult> DotnetAsync(string arguments, string workingDirectory, IDictionary<string, string?>? environment = null, TimeSpan? timeout = null) =>
        RunAsync("dotnet", arguments, workingDirectory, environment, timeout);

    public static string RepoRoot { get; } = FindRepoRoot();

    private static string FindRepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "AgentBay.Generated.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("AgentBay.Generated.sln not found");
    }
}
