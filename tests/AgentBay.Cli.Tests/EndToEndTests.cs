using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AgentBay.Cli.Specs;
using AgentBay.Cli.Tests.Infrastructure;
using AgentBay.Emulator;
using AgentBay.Runtime;
using Xunit;

namespace AgentBay.Cli.Tests;

/// <summary><c>spec pull</c> and <c>spec diff</c> against the in-process emulator, and the pulled specs through the generator.</summary>
public sealed class EndToEndTests
{
    private static Task<AgentBayEmulator> StartAsync(IReadOnlyDictionary<string, string>? commandTools = null) =>
        AgentBayEmulator.StartAsync(new EmulatorOptions
        {
            Sandbox = SandboxPreference.None, // pulling runs no command
            DeleteDelay = TimeSpan.Zero,
            CommandTools = commandTools ?? new Dictionary<string, string>(),
        });

    private static async Task<(CliRun Run, string Spec)> PullAsync(AgentBayEmulator emulator, string image = "linux_latest")
    {
        var output = Run.TempSpecPath();
        try
        {
            var run = await Run.CliAsync(["spec", "pull", "--image", image, "--endpoint", emulator.Endpoint, "--output", output], Run.Key(emulator.ApiKey));
            Assert.True(run.ExitCode == 0, run.ToString());
            return (run, await File.ReadAllTextAsync(output));
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static async Task<int> LiveSessionsAsync(AgentBayEmulator emulator)
    {
        using var transport = new AgentBayTransport(new AgentBayOptions { ApiKey = emulator.ApiKey, Endpoint = emulator.Endpoint }, ToolListFetcherService);
        var request = new AgentBayRequest("ListSession");
        request.Add("Status", "RUNNING");
        using var reply = await transport.SendAsync(request, async: true, CancellationToken.None);
        return reply.Body.GetProperty("Data").GetArrayLength();
    }

    private static AgentBayServiceInfo ToolListFetcherService => Fetch.ToolListFetcher.Service;

    [Fact]
    public async Task Pulling_the_standard_image_writes_every_tool_and_deletes_the_session()
    {
        await using var emulator = await StartAsync();
        var (run, spec) = await PullAsync(emulator);

        Assert.Contains($"# Tools of image 'linux_latest' as '{emulator.Endpoint}' lists them", spec, StringComparison.Ordinal);
        var tools = SpecToolReader.Read(spec, "pulled.agentbay.yaml");
        Assert.Equal(14, tools.Count);
        Assert.Equal(tools.Select(t => t.Name).Order(StringComparer.Ordinal), tools.Select(t => t.Name));
        Assert.Equal(
            "warning: tool 'edit_file' at /properties/edits/items/properties: nested object with properties not expressible; typed as raw JSON",
            Assert.Single(run.Stderr.Split('\n'), l => l.StartsWith("warning:", StringComparison.Ordinal)));
        Assert.Equal(0, await LiveSessionsAsync(emulator));

        // Deterministic: a second pull writes the same bytes.
        Assert.Equal(spec, (await PullAsync(emulator)).Spec);
    }

    [Fact]
    public async Task The_pulled_standard_spec_compiles_and_matches_the_hand_written_signatures_except_the_known_differences()
    {
        await using var emulator = await StartAsync();
        var (_, spec) = await PullAsync(emulator);

        var handWritten = Generator.ToolSignatures(Generator.Compile(("session.agentbay.yaml", Generator.StandardSpec)));
        var pulled = Generator.ToolSignatures(Generator.Compile(
            ("session.agentbay.yaml", Generator.StandardSpecWithoutTools),
            ("pulled.agentbay.yaml", spec)));
        Assert.Equal(handWritten.Keys, pulled.Keys);

        // What a tool list cannot say: result records (ListMcpTools has no output schema), records as arguments, and
        // C# names chosen by hand. Everything else is the same signature.
        var known = new Dictionary<string, (string HandWritten, string Pulled)>
        {
            ["shell"] = (
                "System.Threading.Tasks.Task<AgentBay.ShellResult> ShellAsync(string command, int timeoutMs = 50000, string? cwd = null, System.Collections.Generic.IReadOnlyDictionary<string, string>? envs = null, System.Threading.CancellationToken cancellationToken = null)",
                "System.Threading.Tasks.Task<AgentBay.McpToolResult> ShellAsync(string command, int timeoutMs = 50000, string? cwd = null, System.Collections.Generic.IReadOnlyDictionary<string, string>? envs = null, System.Threading.CancellationToken cancellationToken = null)"),
            ["run_code"] = (
                "System.Threading.Tasks.Task<AgentBay.CodeResult> RunCodeAsync(string code, string language, int timeoutSeconds = 60, System.Threading.CancellationToken cancellationToken = null)",
                "System.Threading.Tasks.Task<AgentBay.McpToolResult> RunCodeAsync(string code, string language, int timeoutS = 60, System.Threading.CancellationToken cancellationToken = null)"),
            ["get_metrics"] = (
                "System.Threading.Tasks.Task<AgentBay.MetricsResult> GetMetricsAsync(System.Threading.CancellationToken cancellationToken = null)",
                "System.Threading.Tasks.Task<AgentBay.McpToolResult> GetMetricsAsync(System.Threading.CancellationToken cancellationToken = null)"),
            ["edit_file"] = (
                "System.Threading.Tasks.Task<AgentBay.McpToolResult> EditFileAsync(string path, System.Collections.Generic.IReadOnlyList<AgentBay.FileEdit> edits, bool dryRun = false, System.Threading.CancellationToken cancellationToken = null)",
                "System.Threading.Tasks.Task<AgentBay.McpToolResult> EditFileAsync(string path, System.Text.Json.JsonElement edits, bool dryRun = false, System.Threading.CancellationToken cancellationToken = null)"),
        };
        foreach (var (tool, signature) in handWritten)
        {
            if (known.TryGetValue(tool, out var difference))
            {
                Assert.Equal(difference.HandWritten, signature);
                Assert.Equal(difference.Pulled, pulled[tool]);
            }
            else
            {
                Assert.Equal(signature, pulled[tool]);
            }
        }
    }

    [Fact]
    public async Task A_custom_tool_becomes_a_typed_method()
    {
        await using var emulator = await StartAsync(new Dictionary<string, string> { ["count_lines"] = "wc -l < {path} # {max_lines}" });
        var (_, spec) = await PullAsync(emulator, "custom_image");

        Assert.Contains("""
              count_lines:
                server: emulator_command_tools
                method: CountLines
            """.Replace("\r\n", "\n", StringComparison.Ordinal), spec, StringComparison.Ordinal);
        Assert.Contains("      max_lines: { type: string, name: maxLines }\n", spec, StringComparison.Ordinal);

        var compilation = Generator.Compile(("session.agentbay.yaml", Generator.StandardSpecWithoutTools), ("custom.agentbay.yaml", spec));
        var tools = compilation.GetTypeByMetadataName("AgentBay.SessionTools")!;
        var method = Assert.Single(tools.GetMembers("CountLinesAsync").OfType<Microsoft.CodeAnalysis.IMethodSymbol>());
        Assert.Equal(["string path", "string maxLines", "System.Threading.CancellationToken cancellationToken"],
            method.Parameters.Select(p => p.Type.ToDisplayString() + " " + p.Name));
        Assert.Equal("System.Threading.Tasks.Task<AgentBay.McpToolResult>", method.ReturnType.ToDisplayString());
        Assert.Single(tools.GetMembers("CountLines")); // and the synchronous twin
    }

    [Fact]
    public async Task Diff_reports_a_changed_command_tool_with_exit_code_1_and_0_when_unchanged()
    {
        var file = Run.TempSpecPath();
        try
        {
            await using (var before = await StartAsync(new Dictionary<string, string> { ["count_lines"] = "wc -l < {path}", ["stay"] = "echo {x}" }))
            {
                var pull = await Run.CliAsync(["spec", "pull", "--image", "custom_image", "--endpoint", before.Endpoint, "--output", file], Run.Key(before.ApiKey));
                Assert.True(pull.ExitCode == 0, pull.ToString());
                var same = await Run.CliAsync(["spec", "diff", file, "--image", "custom_image", "--endpoint", before.Endpoint], Run.Key(before.ApiKey));
                Assert.True(same.ExitCode == 0, same.ToString());
                Assert.Equal("no drift: the spec's tools match the image\n", same.Stdout);
            }

            // The emulator restarted with another definition of the tool: a new placeholder, one gone.
            await using var after = await StartAsync(new Dictionary<string, string> { ["count_lines"] = "wc -l < {file} | head -n {limit}", ["stay"] = "echo {x}" });
            var changed = await Run.CliAsync(["spec", "diff", file, "--image", "custom_image", "--endpoint", after.Endpoint], Run.Key(after.ApiKey));
            Assert.True(changed.ExitCode == 1, changed.ToString());
            Assert.Equal("""
                ~ tool 'count_lines' (changed)
                    + argument 'file': string (required)
                    + argument 'limit': string (required)
                    - argument 'path': string
                drift: 0 added, 0 removed, 1 changed

                """.Replace("\r\n", "\n", StringComparison.Ordinal), changed.Stdout);
            Assert.Equal(0, await LiveSessionsAsync(after));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Diff_of_the_standard_spec_with_the_standard_image_is_no_drift()
    {
        await using var emulator = await StartAsync();
        var specPath = Path.Combine(AppContext.BaseDirectory, "specs", "session.agentbay.yaml");
        var run = await Run.CliAsync(["spec", "diff", specPath, "--image", "linux_latest", "--endpoint", emulator.Endpoint], Run.Key(emulator.ApiKey));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("""
              note: tool 'edit_file' argument 'edits': the image's schema cannot be typed (pulled as json); the file's list<FileEdit> is not compared
            no drift: the spec's tools match the image

            """.Replace("\r\n", "\n", StringComparison.Ordinal), run.Stdout);
    }

    [Fact]
    public async Task Diff_lists_tools_the_file_lacks_and_a_tool_the_image_dropped()
    {
        await using var emulator = await StartAsync(new Dictionary<string, string> { ["count_lines"] = "wc -l < {path}" });
        var file = Run.TempSpecPath();
        try
        {
            await File.WriteAllTextAsync(file, "agentbay: 1\ntools:\n  shell:\n    server: wuying_shell\n    args:\n      command: { type: string }\n      timeout_ms: { type: int, default: 50000, range: [1, 50000] }\n      cwd: { type: \"string?\" }\n      envs: { type: \"map<string, string>?\" }\n  retired:\n    server: x\n");
            var run = await Run.CliAsync(["spec", "diff", file, "--image", "linux_latest", "--endpoint", emulator.Endpoint], Run.Key(emulator.ApiKey));
            Assert.True(run.ExitCode == 1, run.ToString());
            Assert.Contains("+ tool 'count_lines' (added): CountLines(path: string)\n", run.Stdout, StringComparison.Ordinal);
            Assert.Contains("- tool 'retired' (removed)\n", run.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("tool 'shell'", run.Stdout, StringComparison.Ordinal);
            Assert.EndsWith("drift: 14 added, 1 removed, 0 changed\n", run.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Pull_without_output_writes_the_spec_to_stdout()
    {
        await using var emulator = await StartAsync();
        var run = await Run.CliAsync(["spec", "pull", "--image", "linux_latest", "--endpoint", emulator.Endpoint], Run.Key(emulator.ApiKey));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith("# Tools of image 'linux_latest'", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(emulator.ApiKey, run.Stdout + run.Stderr, StringComparison.Ordinal);
        Assert.Equal(14, SpecToolReader.Read(run.Stdout, "stdout.agentbay.yaml").Count);
    }

    [Fact]
    public async Task The_emulator_command_runs_the_emulators_own_program()
    {
        var help = await Run.CliAsync(["emulator", "--help"]);
        Assert.Equal(0, help.ExitCode);
        var bad = await Run.CliAsync(["emulator", "--tool", "no-equals-sign"]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Equal("error: --tool expects NAME=COMMAND, e.g. count_lines='wc -l < {path}'; got 'no-equals-sign'.\n", bad.Stderr);
        var unknown = await Run.CliAsync(["emulator", "--frobnicate"]);
        Assert.Equal(2, unknown.ExitCode);
    }
}
