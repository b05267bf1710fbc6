using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using AgentBay.IntegrationTests.Infrastructure;
using AgentBay.Runtime;
using AgentBay.Emulator;
using AgentBay.TestSupport;
using Xunit;

namespace AgentBay.IntegrationTests;

/// <summary>Session operations over HTTP: labels, info, get_link, list_mcp_tools, raw call_mcp_tool, foreign keys.</summary>
public sealed class SessionOperationTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private const int FirstLinkPort = 30150;

    [Theory]
    [InlineData(Mode.Async)]
    [InlineData(Mode.Sync)]
    public async Task SetLabels_replaces_the_labels_GetLabels_reads_them(Mode mode)
    {
        await using var lease = await fixture.CreateSessionAsync(new Dictionary<string, string> { ["initial"] = "yes" });
        var session = lease.Session;
        var first = new Dictionary<string, string> { ["project"] = "integration", ["owner"] = "tests", ["quote"] = "a \"b\" = c & d" };

        var set = await mode.Call(() => session.SetLabelsAsync(first), () => session.SetLabels(first));
        Assert.True(set.Success, set.ErrorMessage);
        Assert.True(set.Data);
        var got = await mode.Call(() => session.GetLabelsAsync(), () => session.GetLabels());
        Assert.True(got.Success, got.ErrorMessage);
        Assert.Equal(first.OrderBy(l => l.Key), got.Data!.OrderBy(l => l.Key));

        var second = new Dictionary<string, string> { ["stage"] = "two" };
        await mode.Call(() => session.SetLabelsAsync(second), () => session.SetLabels(second));
        var replaced = await mode.Call(() => session.GetLabelsAsync(), () => session.GetLabels());
        Assert.Equal(second, replaced.Data);

        // The listing filters on the new labels, not the old ones.
        var listed = await fixture.Client.ListAsync(second);
        Assert.Contains(listed.SessionIds, s => s.SessionId == lease.Id);
        var old = await fixture.Client.ListAsync(new Dictionary<string, string> { ["initial"] = "yes" });
        Assert.DoesNotContain(old.SessionIds, s => s.SessionId == lease.Id);
    }

    [Fact]
    public async Task SetLabels_refuses_an_empty_set_before_sending()
    {
        await using var lease = await fixture.CreateSessionAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => lease.Session.SetLabelsAsync(new Dictionary<string, string>()));
    }

    [Theory]
    [InlineData(Mode.Async)]
    [InlineData(Mode.Sync)]
    public async Task Info_describes_the_session(Mode mode)
    {
        await using var lease = await fixture.CreateSessionAsync();
        var info = await mode.Call(() => lease.Session.InfoAsync(), () => lease.Session.Info());
        Assert.True(info.Success, info.ErrorMessage);
        Assert.False(string.IsNullOrEmpty(info.RequestId));
        var data = info.Data!;
        Assert.Equal(lease.Id, data.SessionId);
        Assert.False(string.IsNullOrEmpty(data.ResourceUrl));
        Assert.False(string.IsNullOrEmpty(data.ResourceId));
        Assert.False(string.IsNullOrEmpty(data.ResourceType));
    }

    [Theory]
    [InlineData(Mode.Async)]
    [InlineData(Mode.Sync)]
    public async Task Operations_on_a_deleted_session_throw_SessionException_with_not_found(Mode mode)
    {
        await using var lease = await fixture.CreateSessionAsync();
        var deleted = await lease.Session.DeleteAsync(timeout: EmulatorFixture.LifecycleTimeout, pollInterval: EmulatorFixture.FastPoll);
        Assert.True(deleted.Success, deleted.ErrorMessage);
        await Eventually.SessionGone(fixture.Client, lease.Id);

        var info = await mode.Call(() => lease.Session.InfoAsync(), () => lease.Session.Info());
        Assert.False(info.Success);
        Assert.Equal($"Session {lease.Id} not found", info.ErrorMessage);
        var labels = await Assert.ThrowsAsync<SessionException>(() => mode.Call(() => lease.Session.GetLabelsAsync(), () => lease.Session.GetLabels()));
        Assert.Equal("InvalidMcpSession.NotFound", labels.Code);
        Assert.StartsWith($"Failed to get labels for session {lease.Id}:", labels.Message, StringComparison.Ordinal);
    }

    [SandboxTheory("python3")]
    [MemberData(nameof(Forms.EveryModeAndForm), MemberType = typeof(Forms))]
    public async Task GetLink_reaches_a_server_started_in_the_session(SandboxMode sandbox, Mode mode)
    {
        // 30150, 30151, 30152 for the three modes: a server of one mode's run cannot answer for another's.
        var linkPort = FirstLinkPort + Array.IndexOf(Sandboxes.All, sandbox);
        await Eventually.Until(() => Task.FromResult(PortIsFree(linkPort)), free => free,
            $"port {linkPort} on 127.0.0.1 to be free (another process is using it)", TimeSpan.FromSeconds(30));
        var token = "served-" + Guid.NewGuid().ToString("N");
        await using var lease = await fixture.CreateSessionAsync(sandbox);
        var write = await lease.Tools.WriteFileAsync("/home/user/www/index.html", token);
        Assert.True(write.Success, write.ErrorMessage);
        var start = await lease.Tools.ShellAsync(
            $"cd /home/user/www && (nohup python3 -m http.server {linkPort} --bind 127.0.0.1 >/dev/null 2>&1 &) && echo started", timeoutMs: 10000);
        Assert.True(start.Success, start.Output);

        var link = await mode.Call(() => lease.Session.GetLinkAsync(port: linkPort), () => lease.Session.GetLink(port: linkPort));
        Assert.True(link.Success, link.ErrorMessage);
        Assert.Equal($"http://127.0.0.1:{linkPort}/", link.Data);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var body = await Eventually.Until(async () =>
        {
            try
            {
                return await http.GetStringAsync(new Uri(new Uri(link.Data!), "index.html"));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return ""; // not listening yet, or slow to answer on a loaded machine: ask again
            }
        }, text => text.Length > 0, "the server in the session to answer", TimeSpan.FromSeconds(60));
        Assert.Equal(token, body);

        // Deleting the session kills its processes: the port is free again.
        var deleted = await lease.Session.DeleteAsync(timeout: EmulatorFixture.LifecycleTimeout, pollInterval: EmulatorFixture.FastPoll);
        Assert.True(deleted.Success, deleted.ErrorMessage);
        await Eventually.Until(() => Task.FromResult(PortIsFree(linkPort)), free => free, "the session's server to be killed");
    }

    [Fact]
    public async Task GetLink_checks_the_port_range_and_maps_service_errors_to_SessionException()
    {
        await using var lease = await fixture.CreateSessionAsync();
        var range = Assert.Throws<ArgumentOutOfRangeException>(() => lease.Session.GetLink(port: 30200));
        Assert.StartsWith("Invalid port value: 30200. Port must be an integer in the range [30100, 30199].", range.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => lease.Session.GetLinkAsync(port: 30099));

        // The emulator requires a port; its InvalidParameter reply surfaces as the spec's "throw" failure.
        var error = await Assert.ThrowsAsync<SessionException>(() => lease.Session.GetLinkAsync());
        Assert.StartsWith("Failed to get link:", error.Message, StringComparison.Ordinal);
        Assert.Equal("InvalidParameter", error.Code);
        Assert.Equal(400, error.HttpStatusCode);

        var wss = await lease.Session.GetLinkAsync(protocolType: "wss", port: 30199);
        Assert.True(wss.Success, wss.ErrorMessage);
        Assert.Equal("ws://127.0.0.1:30199/", wss.Data);
    }

    [Theory]
    [InlineData(Mode.Async)]
    [InlineData(Mode.Sync)]
    public async Task ListMcpTools_lists_exactly_the_spec_tools(Mode mode)
    {
        await using var lease = await fixture.CreateSessionAsync();
        var tools = await mode.Call(() => lease.Session.ListMcpToolsAsync(), () => lease.Session.ListMcpTools());
        Assert.False(string.IsNullOrEmpty(tools.RequestId));

        var spec = SpecTools();
        Assert.NotEmpty(spec);
        Assert.Equal(spec.Keys.Order(StringComparer.Ordinal), tools.Tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.All(tools.Tools, tool =>
        {
            Assert.Equal(spec[tool.Name], tool.Server);
            Assert.False(string.IsNullOrWhiteSpace(tool.Description), tool.Name + " has no description");
            Assert.Equal(JsonValueKind.Object, tool.InputSchema!.Value.ValueKind);
        });

        var shell = tools.Tools.Single(t => t.Name == "shell").InputSchema!.Value;
        Assert.Equal("object", shell.GetProperty("type").GetString());
        var properties = shell.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { "command", "cwd", "envs", "timeout_ms" }, properties);
        Assert.Equal(new[] { "command" }, shell.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData(Mode.Async)]
    [InlineData(Mode.Sync)]
    public async Task CallMcpTool_runs_a_tool_with_untyped_arguments(Mode mode)
    {
        await using var lease = await fixture.CreateSessionAsync();
        var args = new Dictionary<string, object?> { ["command"] = "echo raw-$((6*7))", ["timeout_ms"] = 5000 };

        var raw = await mode.Call(() => lease.Session.CallMcpToolAsync("shell", args), () => lease.Session.CallMcpTool("shell", args));
        Assert.True(raw.Success, raw.ErrorMessage);
        using var text = JsonDocument.Parse(raw.Data!);
        Assert.Equal("raw-42\n", text.RootElement.GetProperty("stdout").GetString());
        Assert.Equal(0, text.RootElement.GetProperty("exit_code").GetInt32());

        var write = new Dictionary<string, object?> { ["path"] = "/home/user/raw.txt", ["content"] = "via raw call" };
        var written = await mode.Call(() => lease.Session.CallMcpToolAsync("write_file", write), () => lease.Session.CallMcpTool("write_file", write));
        Assert.True(written.Success, written.ErrorMessage);
        Assert.Equal("via raw call", (await lease.Tools.ReadFileAsync("/home/user/raw.txt")).Data);

        var unknown = await mode.Call(() => lease.Session.CallMcpToolAsync("no_such_tool", new Dictionary<string, object?>()),
            () => lease.Session.CallMcpTool("no_such_tool", new Dictionary<string, object?>()));
        Assert.False(unknown.Success);
        Assert.Equal("Tool 'no_such_tool' is not available in this session.", unknown.ErrorMessage);

        var failing = new Dictionary<string, object?> { ["command"] = "echo nope >&2; exit 7" };
        var failed = await mode.Call(() => lease.Session.CallMcpToolAsync("shell", failing), () => lease.Session.CallMcpTool("shell", failing));
        Assert.False(failed.Success);
        using var failedText = JsonDocument.Parse(failed.ErrorMessage!);
        Assert.Equal(7, failedText.RootElement.GetProperty("exit_code").GetInt32());
        Assert.Equal("nope\n", failedText.RootElement.GetProperty("stderr").GetString());
    }

    [Fact]
    public async Task A_client_with_another_key_cannot_use_or_delete_the_session()
    {
        await using var lease = await fixture.CreateSessionAsync();
        var before = fixture.Emulator.SessionCount;
        using var stranger = fixture.NewClient("akm-wrong-" + Guid.NewGuid().ToString("N"));
        var foreign = new Session(stranger.Transport, lease.Id);

        var shell = await foreign.Tools.ShellAsync("touch ~/pwned && echo pwned");
        Assert.False(shell.Success);
        Assert.Null(shell.Stdout);
        Assert.Contains("code: 401", shell.ErrorMessage, StringComparison.Ordinal);
        var write = foreign.Tools.WriteFile("/home/user/pwned2", "x");
        Assert.False(write.Success);

        var delete = await foreign.DeleteAsync(timeout: EmulatorFixture.LifecycleTimeout, pollInterval: EmulatorFixture.FastPoll);
        Assert.False(delete.Success);
        Assert.Equal(401, delete.HttpStatusCode);
        await foreign.DisposeAsync(); // deletes nothing either

        Assert.Equal(before, fixture.Emulator.SessionCount);
        var owner = await lease.Tools.ShellAsync("ls -a ~");
        Assert.True(owner.Success, owner.Output);
        Assert.DoesNotContain("pwned", owner.Stdout, StringComparison.Ordinal);
        Assert.True((await fixture.Client.GetAsync(lease.Id)).Success);
    }

    /// <summary>Tool names and servers from the spec file the generator compiled (copied next to the tests).</summary>
    private static Dictionary<string, string> SpecTools()
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "spec", "session.agentbay.yaml"));
        var tools = new Dictionary<string, string>(StringComparer.Ordinal);
        string? current = null;
        var inTools = false;
        foreach (var line in lines)
        {
            if (line.Length > 0 && !char.IsWhiteSpace(line[0]) && !line.StartsWith('#'))
            {
                inTools = line.TrimEnd() == "tools:";
                continue;
            }

            if (!inTools)
            {
                continue;
            }

            if (Regex.Match(line, @"^  ([A-Za-z_][\w]*):\s*$") is { Success: true } tool)
            {
                current = tool.Groups[1].Value;
                tools[current] = "";
            }
            else if (current is not null && Regex.Match(line, @"^    server:\s*(\S+)\s*$") is { Success: true } server)
            {
                tools[current] = server.Groups[1].Value;
            }
        }

        return tools;
    }

    private static bool PortIsFree(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }
}
