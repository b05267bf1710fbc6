using System;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading.Tasks;
using AgentBay.Emulator.Tests.Infrastructure;
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

    [PythonFact]
    public async Task TheUrlReachesAServerStartedInTheSession()
    {
        const int port = 30150;
        AssertPortFree(port);
        var sessionId = await Client.CreateSessionAsync();
        await Client.ToolAsync(sessionId, "write_file", new { path = "/tmp/www/hello.txt", content = "hello from the session" });
        var start = await Client.ShellAsync(sessionId,
            $"cd \"$TMPDIR/www\" && nohup python3 -m http.server {port} --bind 127.0.0.1 > /dev/null 2>&1 &");
        Assert.Equal(0, start.ExitCode);

        var url = (string)(await Client.OkAsync("GetLink", ("SessionId", sessionId), ("Port", port.ToString()), ("ProtocolType", "https"))).Data!["Url"]!;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        string? body = null;
        await Poll.UntilAsync(async () =>
        {
            try
            {
                body = await http.GetStringAsync(url + "hello.txt");
                return true;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "the session's server to answer", timeoutSeconds: 15);
        Assert.Equal("hello from the session", body);

        // Deleting the session stops its server.
        await Client.OkAsync("ReleaseMcpSession", ("SessionId", sessionId));
        await Poll.UntilAsync(() => IsPortFree(port), "the server to stop with its session");
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
