using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AgentBay.Cli.Tests.Infrastructure;
using AgentBay.Emulator;
using AgentBay.Runtime;
using ModelContextProtocol;
using Xunit;

namespace AgentBay.Cli.Tests;

/// <summary><c>agentbay mcp serve</c> driven by the SDK's MCP client over pipes, against the in-process emulator.</summary>
public sealed class McpServeTests
{
    private static Task<AgentBayEmulator> StartEmulatorAsync() =>
        AgentBayEmulator.StartAsync(new EmulatorOptions
        {
            // Commands run without an OS sandbox (paths are still rewritten into the session): tests need a shell, not isolation.
            Sandbox = SandboxPreference.None,
            DeleteDelay = TimeSpan.Zero,
            CommandTools = new Dictionary<string, string>(),
        });

    private static Task<McpServerRun> ServeAsync(AgentBayEmulator emulator, params string[] options) =>
        McpServerRun.StartAsync([.. options, "--endpoint", emulator.Endpoint], Run.Key(emulator.ApiKey));

    private static AgentBayTransport Transport(AgentBayEmulator emulator) =>
        new(new AgentBayOptions { ApiKey = emulator.ApiKey, Endpoint = emulator.Endpoint }, Fetch.ToolListFetcher.Service);

    private static async Task<JsonElement> SendAsync(AgentBayEmulator emulator, string action, params (string Name, string Value, ParameterLocation Location)[] parameters)
    {
        using var transport = Transport(emulator);
        var request = new AgentBayRequest(action);
        foreach (var (name, value, location) in parameters)
        {
            request.Add(name, value, location);
        }

        using var reply = await transport.SendAsync(request, async: true, CancellationToken.None);
        Assert.True(reply.Success, reply.ToString());
        return reply.Body.GetProperty("Data").Clone();
    }

    private static async Task<string[]> RunningSessionsAsync(AgentBayEmulator emulator) =>
        [.. (await SendAsync(emulator, "ListSession", ("Status", "RUNNING", ParameterLocation.Form))).EnumerateArray()
            .Select(s => s.ValueKind == JsonValueKind.String ? s.GetString()! : s.GetProperty("SessionId").GetString()!)];

    private static async Task<string> StatusAsync(AgentBayEmulator emulator, string sessionId) =>
        (await SendAsync(emulator, "GetSessionDetail", ("SessionId", sessionId, ParameterLocation.Query))).GetProperty("Status").GetString()!;

    private static async Task<string> CreateSessionAsync(AgentBayEmulator emulator) =>
        (await SendAsync(emulator, "CreateMcpSession", ("ImageId", "linux_latest", ParameterLocation.Form))).GetProperty("SessionId").GetString()!;

    /// <summary>The server's stdout held protocol messages and nothing else; its text stdout nothing at all; the key appears nowhere.</summary>
    private static void AssertCleanOutput(McpServerRun server, CliRun run, string apiKey)
    {
        Assert.Equal("", run.Stdout);
        var lines = server.ProtocolOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            using var message = JsonDocument.Parse(line);
            Assert.Equal("2.0", message.RootElement.GetProperty("jsonrpc").GetString());
        }

        Assert.DoesNotContain(apiKey, server.ProtocolOutput + run.Stderr, StringComparison.Ordinal);
    }

    /// <summary>DeleteSessionAsync was accepted: the session is going (DELETING) or gone (FINISH), whichever the emulator reached.</summary>
    private static void AssertDeleted(string status) => Assert.Contains(status, new[] { "DELETING", "FINISH" });

    private static void AssertUsageError(CliRun run, string expected)
    {
        Assert.True(run.ExitCode == 2, run.ToString());
        var error = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public async Task Tools_list_is_the_session_tool_list_with_schemas_passed_through()
    {
        await using var emulator = await StartEmulatorAsync();
        using var listed = JsonDocument.Parse((await SendAsync(emulator, "ListMcpTools", ("ImageId", "linux_latest", ParameterLocation.Form))).GetString()!);
        var expected = listed.RootElement.EnumerateArray().ToArray();

        await using var server = await ServeAsync(emulator, "--image", "linux_latest");
        var tools = await server.Client.ListToolsAsync(cancellationToken: new CancellationTokenSource(McpServerRun.Patience).Token);

        Assert.Equal(expected.Select(t => t.GetProperty("name").GetString()), tools.Select(t => t.Name));
        foreach (var (want, got) in expected.Zip(tools))
        {
            Assert.Equal(want.GetProperty("description").GetString(), got.Description);
            Assert.True(JsonElement.DeepEquals(want.GetProperty("inputSchema"), got.JsonSchema), $"{got.Name}: {got.JsonSchema}");
        }

        var shell = tools.Single(t => t.Name == "shell").JsonSchema;
        Assert.Equal(JsonValueKind.Object, shell.GetProperty("properties").GetProperty("command").ValueKind);

        var run = await server.StopAsync();
        Assert.True(run.ExitCode == 0, run.ToString());
        AssertCleanOutput(server, run, emulator.ApiKey);
    }

    [Fact]
    public async Task Only_lists_exactly_the_named_tools()
    {
        await using var emulator = await StartEmulatorAsync();
        await using var server = await ServeAsync(emulator, "--image", "linux_latest", "--only", "write_file, shell");
        var tools = await server.Client.ListToolsAsync(cancellationToken: new CancellationTokenSource(McpServerRun.Patience).Token);

        Assert.Equal(["shell", "write_file"], tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.True((await server.StopAsync()).ExitCode == 0);
    }

    [Fact]
    public async Task A_file_written_through_write_file_is_read_back_by_shell()
    {
        await using var emulator = await StartEmulatorAsync();
        await using var server = await ServeAsync(emulator, "--image", "linux_latest");
        using var patience = new CancellationTokenSource(McpServerRun.Patience);
        var path = $"/tmp/mcp-bridge-{Guid.NewGuid():N}.txt";

        var written = await server.Client.CallToolAsync("write_file", McpServerRun.Arguments(("path", path), ("content", "hello through MCP")), cancellationToken: patience.Token);
        Assert.True(written.IsError is not true, McpServerRun.Text(written));

        var read = await server.Client.CallToolAsync("shell", McpServerRun.Arguments(("command", $"cat {path}")), cancellationToken: patience.Token);
        Assert.True(read.IsError is not true, McpServerRun.Text(read));
        using var shellResult = JsonDocument.Parse(McpServerRun.Text(read)); // shell answers {stdout, stderr, exit_code}
        Assert.Equal("hello through MCP", shellResult.RootElement.GetProperty("stdout").GetString());

        var run = await server.StopAsync();
        Assert.True(run.ExitCode == 0, run.ToString());
        AssertCleanOutput(server, run, emulator.ApiKey);
    }

    [Fact]
    public async Task A_failing_tool_is_an_error_result_and_the_server_serves_the_next_call()
    {
        await using var emulator = await StartEmulatorAsync();
        await using var server = await ServeAsync(emulator, "--image", "linux_latest");
        using var patience = new CancellationTokenSource(McpServerRun.Patience);

        var missing = await server.Client.CallToolAsync("read_file", McpServerRun.Arguments(("path", "/tmp/no-such-file-" + Guid.NewGuid().ToString("N"))),
            cancellationToken: patience.Token);
        Assert.True(missing.IsError);
        Assert.NotEqual("", McpServerRun.Text(missing).Trim());

        var next = await server.Client.CallToolAsync("shell", McpServerRun.Arguments(("command", "echo still here")), cancellationToken: patience.Token);
        Assert.True(next.IsError is not true, McpServerRun.Text(next));
        Assert.Contains("still here", McpServerRun.Text(next), StringComparison.Ordinal);

        var run = await server.StopAsync();
        Assert.True(run.ExitCode == 0, run.ToString());
        AssertCleanOutput(server, run, emulator.ApiKey);
    }

    [Fact]
    public async Task An_unknown_tool_is_an_error_naming_it_and_the_server_goes_on()
    {
        await using var emulator = await StartEmulatorAsync();
        await using var server = await ServeAsync(emulator, "--image", "linux_latest", "--only", "shell");
        using var patience = new CancellationTokenSource(McpServerRun.Patience);

        var unknown = await Assert.ThrowsAsync<McpProtocolException>(async () =>
            await server.Client.CallToolAsync("no_such_tool", McpServerRun.Arguments(), cancellationToken: patience.Token));
        Assert.Equal(McpErrorCode.InvalidParams, unknown.ErrorCode);
        Assert.Contains("no_such_tool", unknown.Message, StringComparison.Ordinal);

        // A tool the session has but --only left out is just as unknown to the client.
        var hidden = await Assert.ThrowsAsync<McpProtocolException>(async () =>
            await server.Client.CallToolAsync("read_file", McpServerRun.Arguments(("path", "/tmp/x")), cancellationToken: patience.Token));
        Assert.Contains("read_file", hidden.Message, StringComparison.Ordinal);

        var next = await server.Client.CallToolAsync("shell", McpServerRun.Arguments(("command", "echo ok")), cancellationToken: patience.Token);
        Assert.True(next.IsError is not true, McpServerRun.Text(next));

        var run = await server.StopAsync();
        Assert.True(run.ExitCode == 0, run.ToString());
        AssertCleanOutput(server, run, emulator.ApiKey);
    }

    [Fact]
    public async Task With_image_the_session_is_created_at_start_and_deleted_when_the_input_ends()
    {
        await using var emulator = await StartEmulatorAsync();
        await using var server = await ServeAsync(emulator, "--image", "linux_latest");

        var sessionId = Assert.Single(await RunningSessionsAsync(emulator));
        var run = await server.StopAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Empty(await RunningSessionsAsync(emulator));
        AssertDeleted(await StatusAsync(emulator, sessionId));
        Assert.Contains($"agentbay mcp: deleted session {sessionId}", run.Stderr, StringComparison.Ordinal);
        AssertCleanOutput(server, run, emulator.ApiKey);
    }

    [Fact]
    public async Task With_image_Ctrl_C_stops_the_server_and_deletes_the_session()
    {
        await using var emulator = await StartEmulatorAsync();
        await using var server = await ServeAsync(emulator, "--image", "linux_latest");
        var sessionId = Assert.Single(await RunningSessionsAsync(emulator));

        server.Interrupt();
        var run = await server.WaitForExitAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        AssertDeleted(await StatusAsync(emulator, sessionId));
        Assert.Empty(await RunningSessionsAsync(emulator));
    }

    [Fact]
    public async Task With_session_the_server_attaches_and_leaves_the_session_running()
    {
        await using var emulator = await StartEmulatorAsync();
        var sessionId = await CreateSessionAsync(emulator);

        await using (var server = await ServeAsync(emulator, "--session", sessionId))
        {
            using var patience = new CancellationTokenSource(McpServerRun.Patience);
            var touched = await server.Client.CallToolAsync("write_file", McpServerRun.Arguments(("path", "/tmp/attached.txt"), ("content", "x")),
                cancellationToken: patience.Token);
            Assert.True(touched.IsError is not true, McpServerRun.Text(touched));
            var run = await server.StopAsync();
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.DoesNotContain("deleted", run.Stderr, StringComparison.Ordinal);
        }

        Assert.Equal([sessionId], await RunningSessionsAsync(emulator));
        Assert.Equal("RUNNING", await StatusAsync(emulator, sessionId));
    }

    [Fact]
    public async Task Unknown_only_names_are_an_error_naming_them_and_the_created_session_is_deleted()
    {
        await using var emulator = await StartEmulatorAsync();
        var run = await Run.CliAsync(["mcp", "serve", "--image", "linux_latest", "--endpoint", emulator.Endpoint, "--only", "shell,nope,also_nope"],
            Run.Key(emulator.ApiKey), protocol: EmptyProtocol());

        AssertUsageError(run, "error: --only names tools the session does not have: nope, also_nope");
        Assert.Empty(await RunningSessionsAsync(emulator));
    }

    [Fact]
    public async Task An_unknown_session_is_an_error_naming_it()
    {
        await using var emulator = await StartEmulatorAsync();
        var run = await Run.CliAsync(["mcp", "serve", "--session", "session-nope", "--endpoint", emulator.Endpoint], Run.Key(emulator.ApiKey), protocol: EmptyProtocol());
        AssertUsageError(run, "could not find session session-nope");
    }

    [Theory]
    [InlineData("mcp serve needs --session ID (attach to a session) or --image IMAGE (create one)")]
    [InlineData("mcp serve takes --session or --image, not both", "--session", "s-1", "--image", "linux_latest")]
    [InlineData("unknown option '--output'", "--image", "linux_latest", "--output", "x")]
    [InlineData("--only needs tool names", "--image", "linux_latest", "--only", ",")]
    [InlineData("--image needs a value", "--image")]
    public async Task Bad_options_exit_with_2_and_one_error_line(string expected, params string[] options)
    {
        var run = await Run.CliAsync(["mcp", "serve", .. options], Run.Key("k"), protocol: EmptyProtocol());
        AssertUsageError(run, expected);
    }

    [Fact]
    public async Task A_missing_api_key_names_the_variable()
    {
        var run = await Run.CliAsync(["mcp", "serve", "--image", "linux_latest"], protocol: EmptyProtocol());
        AssertUsageError(run, "error: no API key: the environment variable AGENTBAY_API_KEY is not set");
        var other = await Run.CliAsync(["mcp", "serve", "--image", "linux_latest", "--api-key-env", "MY_KEY"], Run.Key("k"), protocol: EmptyProtocol());
        AssertUsageError(other, "the environment variable MY_KEY is not set");
    }

    [Fact]
    public async Task Mcp_without_serve_is_a_usage_error()
    {
        AssertUsageError(await Run.CliAsync(["mcp"]), "mcp needs a subcommand: serve");
    }

    /// <summary>Streams for runs that must fail before serving: an input that has ended, an output that must stay empty.</summary>
    private static Mcp.ProtocolStreams EmptyProtocol() => new(new MemoryStream([], writable: false), new MemoryStream());
}
