using System;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using AgentBay.IntegrationTests.Infrastructure;
using Xunit;

namespace AgentBay.IntegrationTests;

/// <summary>
/// A request written by hand, byte for byte as the protocol reference's worked example (§1.6), posted with a plain
/// HttpClient: the emulator must answer it with the raw JSON envelope the SDKs parse.
/// </summary>
public sealed class RawWireTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task A_hand_written_CallMcpTool_form_request_gets_the_JSON_envelope_with_the_shell_output()
    {
        await using var lease = await fixture.CreateSessionAsync();
        using var http = new HttpClient();
        var url = fixture.Emulator.Endpoint
            + "/?Action=CallMcpTool&Format=json&Version=2025-05-06&Timestamp=2026-01-29T09:00:00Z&SignatureNonce=" + Guid.NewGuid().ToString("N");
        // {"command": "echo hand-written", "timeout_ms": 50000}, form-encoded as Python's urlencode does it.
        const string args = "%7B%22command%22%3A+%22echo+hand-written%22%2C+%22timeout_ms%22%3A+50000%7D";
        var body = $"Args={args}&Authorization=Bearer+{fixture.Emulator.ApiKey}&AutoGenSession=False&Name=shell&Server=wuying_shell&SessionId={lease.Id}";
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body, Encoding.ASCII, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("x-acs-action", "CallMcpTool");
        request.Headers.Add("x-acs-version", "2025-05-06");

        using var reply = await http.SendAsync(request);
        var text = await reply.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal("application/json", reply.Content.Headers.ContentType?.MediaType);
        using var envelope = JsonDocument.Parse(text);
        var root = envelope.RootElement;
        Assert.Matches("^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$", root.GetProperty("RequestId").GetString());
        Assert.True(root.GetProperty("Success").GetBoolean(), text);
        Assert.Equal("ok", root.GetProperty("Code").GetString());
        Assert.Equal(200, root.GetProperty("HttpStatusCode").GetInt32());

        var data = root.GetProperty("Data");
        using var parsedData = data.ValueKind == JsonValueKind.String ? JsonDocument.Parse(data.GetString()!) : null;
        var result = parsedData?.RootElement ?? data;
        Assert.False(result.GetProperty("isError").GetBoolean());
        var content = result.GetProperty("content")[0];
        Assert.Equal("text", content.GetProperty("type").GetString());
        using var shell = JsonDocument.Parse(content.GetProperty("text").GetString()!);
        Assert.Equal("hand-written\n", shell.RootElement.GetProperty("stdout").GetString());
        Assert.Equal("", shell.RootElement.GetProperty("stderr").GetString());
        Assert.Equal(0, shell.RootElement.GetProperty("exit_code").GetInt32());
    }

    [Fact]
    public async Task A_hand_written_request_for_an_unknown_session_gets_the_NotFound_error_envelope()
    {
        using var http = new HttpClient();
        var url = fixture.Emulator.Endpoint
            + "/?Action=CallMcpTool&Format=json&Version=2025-05-06&Timestamp=2026-01-29T09:00:00Z&SignatureNonce=" + Guid.NewGuid().ToString("N");
        var body = $"Args=%7B%22command%22%3A+%22ls%22%7D&Authorization=Bearer+{fixture.Emulator.ApiKey}&AutoGenSession=False&Name=shell&Server=wuying_shell&SessionId=session-04bdwfj84pts8knif";

        using var reply = await http.PostAsync(url, new StringContent(body, Encoding.ASCII, "application/x-www-form-urlencoded"));
        var text = await reply.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        using var envelope = JsonDocument.Parse(text);
        Assert.Equal("InvalidMcpSession.NotFound", envelope.RootElement.GetProperty("Code").GetString());
        Assert.Contains("session-04bdwfj84pts8knif", envelope.RootElement.GetProperty("Message").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(envelope.RootElement.GetProperty("RequestId").GetString()));
    }
}
