using System;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading.Tasks;
using AgentBay.Emulator.Tests.Infrastructure;
using AgentBay.TestSupport;
using Xunit;

namespace AgentBay.Emulator.Tests;

/// <summary>GetLink (protocol reference §4): the port rule, and a URL that really reaches a server in the session.</summary>
public sealed class GetLinkTests : EmulatorTestBase
{
    [Theory]
    [InlineData("8080")]
    [InlineData("30099")]
    [InlineData("30200")]
    [InlineData("0")]
    [InlineData("-1")]
    public async Task PortsOutsideTheRangeAreRefused(string port)
    {
        var sessionId = await Client.CreateSessionAsync();
        var response = await Client.CallAsync("GetLink", ("SessionId", sessionId), ("Port", port), ("ProtocolType", "https"));
        WireProtocolTests.AssertErrorShape(response, HttpStatusCode.BadRequest, "InvalidParameter.Port");
        Assert.Equal($"Invalid port value: {port}. Port must be an integer in the range [30100, 30199].", (string)response.Body["Message"]!);
    }

    [Fact]
    public async Task HttpProtocolAndMissingPortAreRefusedAsTheServiceDoes()
    {
        var sessionId = await Client.CreateSessionAsync();
        var http = await Client.CallAsync("GetLink", ("SessionId", sessionId), ("Port", "30150"), ("ProtocolType", "http"));
        Assert.Equal(HttpStatusCode.BadRequest, http.Status);
        Assert.Contains("http not supported", (string)http.Body["Message"]!, StringComparison.Ordinal);
        var cdp = await Client.CallAsync("GetLink", ("SessionId", sessionId));
        Assert.Equal(HttpStatusCode.BadRequest, cdp.Status);
        Assert.Contains("only BrowserUse image support cdp", (string)cdp.Body["Message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InRangePortsGetALoopbackUrl()
    {
        var sessionId = await Client.CreateSessionAsync();
        var https = await Client.OkAsync("GetLink", ("SessionId", sessionId), ("Port", "30100"), ("ProtocolType", "https"));
        Assert.Equal("http://127.0.0.1:30100/", (string)https.Data!["Url"]!);
        var wss = await Client.OkAsync("GetLink", ("SessionId", sessionId), ("Port", "30199"), ("ProtocolType", "wss"));
        Assert.Equal("ws://127.0.0.1:30199/", (string)wss.Data!["Url"]!);
    }

    public static TheoryData<SandboxMode> Modes => Sandboxes.Modes();

    [SandboxTheory]
    [MemberData(nameof(Modes))]
    public async Task TheUrlReachesAServerStartedInTheSession(SandboxMode mode)
    {
        if (!Host.OnPath("python3"))
        {
            return; // the server below is python's; PythonFact tests report the missing interpreter
        }

        // A port of its own per mode (and apart from the integration tests' 30150), so no other run can hold it.
        var port = 30160 + Array.IndexOf(Sandboxes.All, mode);
        AssertPortFree(port);
        await using var test = await TestEmulator.StartAsync(mode);
        var client = test.Client;
        var sessionId = await client.CreateSessionAsync();
        await client.ToolAsync(sessionId, "write_file", new { path = "/tmp/www/hello.txt", content = "hello from the session" });
        var start = await client.ShellAsync(sessionId,
            $"cd /tmp/www && nohup python3 -m http.server {port} --bind 127.0.0.1 > /dev/null 2>&1 &");
        Assert.Equal(0, start.ExitCode);

        var url = (string)(await client.OkAsync("GetLink", ("SessionId", sessionId), ("Port", port.ToString()), ("ProtocolType", "https"))).Data!["Url"]!;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        string? body = null;
        await Poll.UntilAsync(async () =>
        {
            try
            {
                body = await http.GetStringAsync(url + "hello.txt");
                return true;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false; // not listening yet, or too slow to answer on a loaded machine: ask again
            }
        }, "the session's server to answer", timeoutSeconds: 60);
        Assert.Equal("hello from the session", body);

        // Deleting the session stops its server.
        await client.OkAsync("ReleaseMcpSession", ("SessionId", sessionId));
        await Poll.UntilAsync(() => IsPortFree(port), "the server to stop with its session", timeoutSeconds: 30);
    }

    private static void AssertPortFree(int port) =>
        Assert.True(IsPortFree(port), $"port {port} is already in use on this machine; the test needs it free");

    private static bool IsPortFree(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }
}
