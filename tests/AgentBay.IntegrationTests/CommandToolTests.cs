using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using AgentBay;
using AgentBay.Emulator;
using AgentBay.Runtime;
using AgentBay.IntegrationTests.Infrastructure;
using AgentBay.TestSupport;
using Xunit;

namespace AgentBay.IntegrationTests;

/// <summary>Extra tools defined as commands (a custom image's tools) run in the session with quoted arguments.</summary>
public sealed class CommandToolTests
{
    [SandboxTheory]
    [MemberData(nameof(Forms.EveryMode), MemberType = typeof(Forms))]
    public async Task A_command_tool_runs_in_the_session_and_its_arguments_cannot_inject_shell_syntax(SandboxMode sandbox)
    {
        var marker = Path.Combine(Path.GetTempPath(), "agentbay-injected-" + System.Guid.NewGuid().ToString("N"));
        await using var emulator = await AgentBayEmulator.StartAsync(new EmulatorOptions
        {
            DeleteDelay = System.TimeSpan.FromMilliseconds(50),
            Sandbox = Sandboxes.Require(sandbox),
            CommandTools = new Dictionary<string, string> { ["count_lines"] = "wc -l < {path}", ["echo_arg"] = "printf '%s' {text}" },
        });
        using var client = new AgentBayClient(new AgentBayOptions { ApiKey = emulator.ApiKey, Endpoint = emulator.Endpoint });
        await using var session = (await client.CreateAsync()).Session;
        await session.Tools.WriteFileAsync("/tmp/three.txt", "a\nb\nc\n");

        var lines = await session.CallMcpToolAsync("count_lines", new Dictionary<string, object?> { ["path"] = "/tmp/three.txt" });
        var echoed = await session.CallMcpToolAsync("echo_arg", new Dictionary<string, object?> { ["text"] = $"x'; touch {marker}; echo '" });
        var missing = await session.CallMcpToolAsync("count_lines", new Dictionary<string, object?>());
        var failing = await session.CallMcpToolAsync("count_lines", new Dictionary<string, object?> { ["path"] = "/tmp/none.txt" });

        Assert.True(lines.Success, lines.ErrorMessage);
        Assert.Equal("3", lines.Data!.Trim());
        Assert.Equal($"x'; touch {marker}; echo '", echoed.Data);
        Assert.False(File.Exists(marker));
        Assert.False(missing.Success);
        Assert.Contains("path", missing.ErrorMessage);
        Assert.False(failing.Success);
    }
}
