using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using AgentBay.Emulator;
using AgentBay.Reliability.Tests.Infrastructure;
using AgentBay.Runtime;
using Xunit;

namespace AgentBay.Reliability.Tests;

/// <summary>
/// The emulator's edges: it binds loopback only, a bad key has no effect at all, and bodies and session counts have
/// limits with errors that say which limit. (Path escapes: tests/AgentBay.Emulator.Tests/PathEscapeTests.cs.)
/// </summary>
public sealed class EmulatorBoundaryTests : IDisposable
{
    private const string Key = "akm-boundary-7d8e9f0a1b";
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly string _root = Directory.CreateTempSubdirectory("agentbay-boundary-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private Task<AgentBayEmulator> StartAsync(int maxSessions = 100, long maxBody = 16 * 1024 * 1024) => AgentBayEmulator.StartAsync(new EmulatorOptions
    {
        ApiKeys = [Key],
        WorkRoot = _root,
        MaxSessions = maxSessions,
        MaxRequestBodyBytes = maxBody,
        DeleteDelay = TimeSpan.FromMilliseconds(50),
    });

    /// <summary>Wildcards, private-range addresses, and this machine's own non-loopback addresses (if it has any).</summary>
    public static TheoryData<string> NonLoopbackHosts()
    {
        var hosts = new TheoryData<string> { "0.0.0.0", "::", "[::]", "192.168.1.20", "10.0.0.7", "172.16.5.4", "169.254.1.1", "fe80::1", "example.com" };
        var own = NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !System.Net.IPAddress.IsLoopback(a));
        if (own is not null)
        {
            hosts.Add(own.ToString());
        }

        return hosts;
    }

    [Theory]
    [MemberData(nameof(NonLoopbackHosts))]
    public async Task A_non_loopback_address_is_refused_before_anything_is_bound_or_created(string host)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => AgentBayEmulator.StartAsync(new EmulatorOptions { Host = host, ApiKeys = [Key], WorkRoot = _root }));

        Assert.Contains("loopback", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
        Assert.All(ProcessTable.OwnListeningAddresses(), address => Assert.True(System.Net.IPAddress.IsLoopback(address), $"this process listens on {address}"));
    }

    [Fact]
    public async Task A_running_emulator_listens_on_loopback_only()
    {
        await using var emulator = await StartAsync();

        var listening = ProcessTable.OwnListeningAddresses();

        Assert.Contains(System.Net.IPAddress.Loopback, listening);
        Assert.All(listening, address => Assert.True(System.Net.IPAddress.IsLoopback(address), $"this process listens on {address}"));
    }

    public static TheoryData<string?> BadKeys => new() { null, "", "Bearer ", "Bearer wrong-key", Key, "bearer " + Key, "Basic " + Key, "Bearer " + Key[..^1], "Bearer " + Key + "x" };

    [Theory]
    [MemberData(nameof(BadKeys))]
    public async Task A_missing_or_wrong_key_has_no_effect_on_sessions_files_or_processes(string? authorization)
    {
        await using var emulator = await StartAsync();
        var victim = (await RawCall.PostAsync(Http, emulator.Endpoint, Key, "CreateMcpSession", [new("Labels", "{\"keep\":\"me\"}")])).Body;
        var sessionId = JsonDocument.Parse(victim).RootElement.GetProperty("Data").GetProperty("SessionId").GetString()!;
        var marker = "nokey-" + Guid.NewGuid().ToString("N");
        var filesBefore = Files(emulator.WorkDirectory);
        var attempts = new (string Action, KeyValuePair<string, string>[] Parameters)[]
        {
            ("CreateMcpSession", [new("Labels", $"{{\"m\":\"{marker}\"}}")]),
            ("CallMcpTool", [new("SessionId", sessionId), new("Name", "shell"), new("Args", $"{{\"command\":\"touch /home/user/{marker}; sleep 30; : {marker}\"}}")]),
            ("CallMcpTool", [new("SessionId", sessionId), new("Name", "write_file"), new("Args", $"{{\"path\":\"/tmp/{marker}\",\"content\":\"x\"}}")]),
            ("CallMcpTool", [new("SessionId", "session-" + marker[..17]), new("Name", "shell"), new("Args", "{\"command\":\"echo\"}"), new("AutoGenSession", "true")]),
            ("SetLabel", [new("SessionId", sessionId), new("Labels", $"{{\"m\":\"{marker}\"}}")]),
            ("PauseSessionAsync", [new("SessionId", sessionId)]),
            ("DeleteSessionAsync", [new("SessionId", sessionId)]),
            ("ReleaseMcpSession", [new("SessionId", sessionId)]),
            ("GetContext", [new("Name", marker), new("AllowCreate", "true")]),
            ("SyncContext", [new("SessionId", sessionId)]),
        };

        foreach (var (action, parameters) in attempts)
        {
            var form = new List<KeyValuePair<string, string>>(parameters);
            if (authorization is not null)
            {
                form.Add(new("Authorization", authorization));
            }

            var reply = await RawCall.PostAsync(Http, emulator.Endpoint, null, action, form);
            Assert.Equal(401, reply.Status);
            Assert.Contains("InvalidApiKey", reply.Body, StringComparison.Ordinal);
        }

        Assert.Equal(1, emulator.SessionCount);
        Assert.Equal(filesBefore, Files(emulator.WorkDirectory));
        Assert.Empty(ProcessTable.WithMarker(marker));
        var state = await RawCall.PostAsync(Http, emulator.Endpoint, Key, "GetSession", [new("SessionId", sessionId)]);
        Assert.Contains("\"Status\":\"RUNNING\"", state.Body, StringComparison.Ordinal);
        var labels = await RawCall.PostAsync(Http, emulator.Endpoint, Key, "GetLabel", [new("SessionId", sessionId)]);
        Assert.Contains("keep", labels.Body, StringComparison.Ordinal);
        var context = await RawCall.PostAsync(Http, emulator.Endpoint, Key, "GetContext", [new("Name", marker)]);
        Assert.Contains("InvalidContext.NotFound", context.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_before_it_is_read_and_nothing_runs()
    {
        await using var emulator = await StartAsync(maxBody: 64 * 1024);
        var sessionId = await CreateAsync(emulator);
        // Far more than loopback's socket buffers hold: the client is still sending when the 413 is written, and
        // must read it all the same (the emulator discards the rest of the body rather than resetting the socket).
        var big = new string('x', 8 * 1024 * 1024);

        var reply = await RawCall.PostAsync(Http, emulator.Endpoint, Key, "CallMcpTool",
            [new("SessionId", sessionId), new("Name", "write_file"), new("Args", JsonSerializer.Serialize(new { path = "/tmp/big.txt", content = big }))]);

        Assert.Equal(413, reply.Status);
        Assert.Contains("\"Code\":\"RequestBodyTooLarge\"", reply.Body, StringComparison.Ordinal);
        Assert.Contains("limit of 65536 bytes", reply.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(Files(emulator.WorkDirectory), f => f.EndsWith("big.txt", StringComparison.Ordinal));
        // Under the limit the same call works.
        var small = await RawCall.PostAsync(Http, emulator.Endpoint, Key, "CallMcpTool",
            [new("SessionId", sessionId), new("Name", "write_file"), new("Args", JsonSerializer.Serialize(new { path = "/tmp/small.txt", content = big[..1000] }))]);
        Assert.Equal(200, small.Status);
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_refused_too()
    {
        await using var emulator = await StartAsync(maxBody: 64 * 1024);
        var body = "Authorization=Bearer+" + Key + "&Name=write_file&Args=" + new string('y', 8 * 1024 * 1024);
        using var content = new StreamContent(new MemoryStream(Encoding.ASCII.GetBytes(body)));
        content.Headers.ContentType = new("application/x-www-form-urlencoded");
        using var request = new HttpRequestMessage(HttpMethod.Post, emulator.Endpoint + "/?Action=CallMcpTool&Version=2025-05-06") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await Http.SendAsync(request);

        Assert.Equal(413, (int)response.StatusCode);
        Assert.Contains("RequestBodyTooLarge", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_generated_client_reports_the_body_limit_by_name()
    {
        await using var emulator = await StartAsync(maxBody: 64 * 1024);
        using var client = new AgentBayClient(new AgentBayOptions { ApiKey = Key, Endpoint = emulator.Endpoint });
        var session = (await client.CreateAsync()).Session;

        var write = await session.Tools.WriteFileAsync("/tmp/big.txt", new string('z', 8 * 1024 * 1024));

        Assert.False(write.Success);
        Assert.Contains("code: 413", write.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("exceeds the emulator's limit of 65536 bytes", write.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sessions_beyond_the_limit_are_refused_naming_it_and_leave_no_folder()
    {
        await using var emulator = await StartAsync(maxSessions: 3);
        using var client = new AgentBayClient(new AgentBayOptions { ApiKey = Key, Endpoint = emulator.Endpoint });
        var sessions = new List<Session>();
        for (var i = 0; i < 3; i++)
        {
            var created = await client.CreateAsync();
            Assert.True(created.Success, created.ErrorMessage);
            sessions.Add(created.Session);
        }

        var refused = await client.CreateAsync();

        Assert.False(refused.Success);
        Assert.Contains("[QuotaExceeded.Session]", refused.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("3 live sessions", refused.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(3, emulator.SessionCount);
        Assert.Equal(3, Directory.GetDirectories(Path.Combine(emulator.WorkDirectory, "sessions")).Length);
        var auto = await new Session(client.Transport, "session-auto0000000000000").CallMcpToolAsync("shell",
            new Dictionary<string, object?> { ["command"] = "echo" }, autoGenSession: true);
        Assert.False(auto.Success);
        Assert.Contains("QuotaExceeded.Session", auto.ErrorMessage, StringComparison.Ordinal);

        Assert.True((await sessions[0].DeleteAsync(pollInterval: TimeSpan.FromMilliseconds(50))).Success);
        var again = await client.CreateAsync();
        Assert.True(again.Success, again.ErrorMessage);
    }

    private static async Task<string> CreateAsync(AgentBayEmulator emulator)
    {
        var reply = await RawCall.PostAsync(Http, emulator.Endpoint, Key, "CreateMcpSession");
        return JsonDocument.Parse(reply.Body).RootElement.GetProperty("Data").GetProperty("SessionId").GetString()!;
    }

    private static List<string> Files(string directory) =>
        Directory.EnumerateFileSystemEntries(directory, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Order(StringComparer.Ordinal).ToList();

}
