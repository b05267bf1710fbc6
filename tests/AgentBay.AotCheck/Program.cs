using System;
using System.Threading.Tasks;
using AgentBay.Runtime;

namespace AgentBay.AotCheck;

/// <summary>
/// Runs <see cref="Usage"/> against the endpoint given as the only argument (the key from AGENTBAY_API_KEY) and checks
/// what came back, so a native build that compiled but misbehaves (a trimmed serializer, a missing generic
/// instantiation) fails. Prints one line "AOT check OK: ..." and exits 0, or names what was wrong and exits 1.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length != 1)
        {
            Console.Error.WriteLine("usage: AgentBay.AotCheck ENDPOINT   (API key in AGENTBAY_API_KEY)");
            return 2;
        }

        string? report;
        try
        {
            var options = AgentBayOptions.FromEnvironment();
            options.Endpoint = args[0];
            using var client = new AgentBayClient(options);
            report = await Usage.RunAsync(client).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is AgentBayException or InvalidOperationException)
        {
            Console.Error.WriteLine("AOT check FAILED: " + exception.GetType().Name + ": " + exception.Message);
            return 1;
        }

        // Usage returns the shell's stdout, the session count, every AI function's name and schema, and the result of
        // the shell function: each must be there, as JIT-compiled code gives it.
        string[] expected = ["hi\n", "shell{\"type\":\"object\"", "write_file{", "\"success\":true,\"stdout\":\"hi\\n\""];
        foreach (var part in expected)
        {
            if (report is null || !report.Contains(part, StringComparison.Ordinal))
            {
                Console.Error.WriteLine("AOT check FAILED: the run's report lacks " + part + "; report: " + report);
                return 1;
            }
        }

        Console.WriteLine($"AOT check OK: typed shell, raw CallMcpTool, EditFile, List, every AI function's schema, and the shell function ran ({(System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported ? "JIT" : "native AOT")})");
        return 0;
    }
}
