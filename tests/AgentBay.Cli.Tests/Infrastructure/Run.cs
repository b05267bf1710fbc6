using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Threading.Tasks;
using AgentBay.Cli.Mcp;

namespace AgentBay.Cli.Tests.Infrastructure;

/// <summary>What one in-process run of the command printed and returned.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>Runs <c>agentbay</c> in-process with its own environment and output.</summary>
internal static class Run
{
    public static async Task<CliRun> CliAsync(string[] args, IReadOnlyDictionary<string, string>? environment = null, HttpMessageInvoker? http = null,
        ProtocolStreams? protocol = null)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var env = environment ?? new Dictionary<string, string>();
        var exit = await CliApp.RunAsync(args, stdout, stderr, name => env.TryGetValue(name, out var value) ? value : null, http,
            protocolStreams: protocol);
        return new CliRun(exit, stdout.ToString(), stderr.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    public static Dictionary<string, string> Key(string key) => new() { ["AGENTBAY_API_KEY"] = key };

    public static string TempSpecPath() => Path.Combine(Path.GetTempPath(), "agentbay-cli-" + Guid.NewGuid().ToString("N") + ".agentbay.yaml");
}
