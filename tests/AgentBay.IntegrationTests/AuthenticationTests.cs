using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using AgentBay.IntegrationTests.Infrastructure;
using AgentBay.Runtime;
using Xunit;

namespace AgentBay.IntegrationTests;

/// <summary>
/// A missing or wrong API key: the client refuses to start without one, every call with a wrong one fails (as an
/// AuthenticationException or a failed result, per the operation's failure mode), and nothing is created. This class
/// never creates a session, so the emulator's SessionCount must stay 0 throughout.
/// </summary>
public sealed class AuthenticationTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private readonly string _wrongKey = "akm-wrong-" + Guid.NewGuid().ToString("N");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_client_without_a_key_is_refused_before_any_request(string? key)
    {
        var error = Assert.Throws<AuthenticationException>(() => new AgentBayClient(fixture.Options(key)));
        Assert.Equal("API key is required. Provide it as a parameter or set the AGENTBAY_API_KEY environment variable", error.Message);
        Assert.Throws<AuthenticationException>(() => new AgentBayTransport(fixture.Options(key), AgentBayClient.ServiceInfo));
        Assert.Equal(0, fixture.Emulator.SessionCount);
    }

    [Theory]
    [InlineData(Mode.Async)]
    [InlineData(Mode.Sync)]
    public async Task Create_with_a_wrong_key_fails_and_creates_nothing(Mode mode)
    {
        using var client = fixture.NewClient(_wrongKey);
        var parameters = new CreateSessionParams { Labels = new Dictionary<string, string> { ["k"] = "v" } };
        var created = await mode.Call(() => client.CreateAsync(parameters), () => client.Create(parameters));

        Assert.False(created.Success);
        Assert.StartsWith("Failed to create session: code: 401, The specified API key is not valid.", created.ErrorMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(_wrongKey, created.ErrorMessage, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(created.RequestId));
        Assert.Throws<InvalidOperationException>(() => created.Session);
        Assert.Equal(0, fixture.Emulator.SessionCount);
        var listed = await fixture.Client.ListAsync(maxResults: 100);
        Assert.Empty(listed.SessionIds);
    }

    [Theory]
    [InlineData(Mode.Async)]
    [InlineData(Mode.Sync)]
    public async Task Every_kind_of_operation_fails_with_a_wrong_key(Mode mode)
    {
        using var client = fixture.NewClient(_wrongKey);
        var session = new Session(client.Transport, "session-0000000000000wrong");

        var list = await mode.Call(() => client.ListAsync(), () => client.List());
        Assert.False(list.Success);
        Assert.Contains("code: 401", list.ErrorMessage, StringComparison.Ordinal);

        var get = await mode.Call(() => client.GetAsync(session.SessionId), () => client.Get(session.SessionId));
        Assert.False(get.Success);
        Assert.Throws<InvalidOperationException>(() => get.Session);

        // ListMcpTools propagates: the AuthenticationException itself.
        var tools = await Assert.ThrowsAsync<AuthenticationException>(() => mode.Call(() => session.ListMcpToolsAsync(), () => session.ListMcpTools()));
        Assert.Equal("InvalidApiKey.Invalid", tools.Code);
        Assert.Equal(401, tools.HttpStatusCode);
        Assert.False(string.IsNullOrEmpty(tools.RequestId));
        Assert.DoesNotContain(_wrongKey, tools.Message, StringComparison.Ordinal);

        // Operations whose failure mode is "throw" wrap it in a SessionException.
        var labels = await Assert.ThrowsAsync<SessionException>(() => mode.Call(() => session.GetLabelsAsync(), () => session.GetLabels()));
        Assert.IsType<AuthenticationException>(labels.InnerException);
        Assert.Equal(401, labels.HttpStatusCode);
        Assert.Equal("InvalidApiKey.Invalid", labels.Code);

        var shell = await mode.Call(() => session.Tools.ShellAsync("echo hi"), () => session.Tools.Shell("echo hi"));
        Assert.False(shell.Success);
        Assert.StartsWith("API request failed: code: 401, The specified API key is not valid.", shell.ErrorMessage, StringComparison.Ordinal);

        var pause = await mode.Call(() => session.PauseAsync(TimeSpan.FromSeconds(2), EmulatorFixture.FastPoll), () => session.Pause(TimeSpan.FromSeconds(2), EmulatorFixture.FastPoll));
        Assert.False(pause.Success);
        Assert.Equal(401, pause.HttpStatusCode);

        var raw = await Assert.ThrowsAsync<AuthenticationException>(() => Wire.SendAsync(client.Transport, "GetSession", session.SessionId));
        Assert.Equal("InvalidApiKey.Invalid", raw.Code);
        Assert.Equal(0, fixture.Emulator.SessionCount);
    }

    [Theory]
    [InlineData(Mode.Async)]
    [InlineData(Mode.Sync)]
    public async Task A_wrong_key_is_not_reported_as_a_missing_session(Mode mode)
    {
        using var client = fixture.NewClient(_wrongKey);
        var session = new Session(client.Transport, "session-0000000000000wrong");

        // Get's failure mode is "result": the result must name the authentication failure, not a missing session.
        var get = await mode.Call(() => client.GetAsync(session.SessionId), () => client.Get(session.SessionId));
        Assert.False(get.Success);
        Assert.StartsWith($"Failed to get session {session.SessionId}: code: 401, The specified API key is not valid.", get.ErrorMessage, StringComparison.Ordinal);

        // Info's failure mode is "throw": a SessionException carrying the AuthenticationException.
        var info = await Assert.ThrowsAsync<SessionException>(() => mode.Call(() => session.InfoAsync(), () => session.Info()));
        Assert.IsType<AuthenticationException>(info.InnerException);
        Assert.Equal(401, info.HttpStatusCode);
    }

    [Fact]
    public async Task A_request_without_Authorization_gets_the_error_envelope_and_creates_nothing()
    {
        using var http = new HttpClient();
        var url = $"{fixture.Emulator.Endpoint}/?Action=CreateMcpSession&Format=json&Version=2025-05-06&Timestamp=2026-01-29T09:00:00Z&SignatureNonce={Guid.NewGuid():N}";
        using var reply = await http.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string> { ["ImageId"] = "linux_latest" }));

        Assert.Equal(HttpStatusCode.Unauthorized, reply.StatusCode);
        using var body = JsonDocument.Parse(await reply.Content.ReadAsStringAsync());
        Assert.Equal("InvalidApiKey.Missing", body.RootElement.GetProperty("Code").GetString());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("RequestId").GetString()));
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("Message").GetString()));
        Assert.Equal(0, fixture.Emulator.SessionCount);
    }
}
