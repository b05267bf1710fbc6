using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using AgentBay.Reliability.Tests.Infrastructure;
using AgentBay.Runtime;
using Xunit;

namespace AgentBay.Reliability.Tests;

/// <summary>
/// Which calls the client retries and how long it waits: idempotent reads (flagged in the spec) on transient failures,
/// with exponential backoff and jitter under MaxDelay, the service's Retry-After honoured; everything else once.
/// </summary>
public sealed class IdempotentRetryTests
{
    private readonly DrivenClock _clock = FakeClock.New();

    private ScriptedService Service() => new(_clock);

    [Theory]
    [InlineData(429, "Throttling")]
    [InlineData(500, "InternalError")]
    [InlineData(502, "BadGateway")]
    [InlineData(503, "ServiceUnavailable")]
    [InlineData(504, "GatewayTimeout")]
    public async Task A_read_is_retried_on_a_transient_status_and_then_succeeds(int status, string code)
    {
        var service = Service().On("GetSession", ScriptedService.Error(status, code), ScriptedService.Error(status, code), ScriptedService.Ok(Envelopes.Session("s-1")));
        using var client = Clients.Over(service);

        var result = await FakeClock.DriveAsync(_clock, () => client.GetAsync("s-1"));

        Assert.True(result.Success, result.ErrorMessage);
        Assert.Equal(3, service.CallsOf("GetSession").Count);
    }

    [Fact]
    public async Task Backoff_grows_with_jitter_and_stays_under_MaxDelay()
    {
        var service = Service().On("GetSession", ScriptedService.Error(503, "ServiceUnavailable"));
        using var client = Clients.Over(service, o => o.Retry = new AgentBayRetryOptions
        {
            MaxAttempts = 6,
            BaseDelay = TimeSpan.FromSeconds(1),
            MaxDelay = TimeSpan.FromSeconds(4),
        });

        var result = await FakeClock.DriveAsync(_clock, () => client.GetAsync("s-1"), TimeSpan.FromMilliseconds(20));

        Assert.False(result.Success);
        Assert.Contains("code: 503", result.ErrorMessage, StringComparison.Ordinal);
        var times = service.CallsOf("GetSession").Select(c => c.At).ToArray();
        Assert.Equal(6, times.Length);
        var gaps = times.Zip(times.Skip(1), (a, b) => b - a).ToArray();
        Assert.All(gaps, gap => Assert.InRange(gap, TimeSpan.Zero, TimeSpan.FromSeconds(4) + TimeSpan.FromMilliseconds(40)));
        // Jittered exponential backoff: some waits, together well above one base delay, none beyond the cap.
        Assert.True(gaps.Sum(g => g.TotalSeconds) > 3, string.Join(", ", gaps));
    }

    [Fact]
    public async Task Retry_After_in_seconds_is_waited_for()
    {
        var service = Service().On("GetSession",
            ScriptedService.Error(429, "Throttling.User", "slow down", ("Retry-After", "3")), ScriptedService.Ok(Envelopes.Session("s-1")));
        using var client = Clients.Over(service);

        var result = await FakeClock.DriveAsync(_clock, () => client.GetAsync("s-1"));

        Assert.True(result.Success, result.ErrorMessage);
        var calls = service.CallsOf("GetSession");
        Assert.InRange(calls[1].At - calls[0].At, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3.2));
    }

    [Fact]
    public async Task Retry_After_as_an_http_date_is_waited_for()
    {
        var date = _clock.GetUtcNow().AddSeconds(5);
        var when = date.ToString("r");
        var service = Service().On("ListSession",
            ScriptedService.Error(503, "ServiceUnavailable", "maintenance", ("Retry-After", when)), ScriptedService.Json(200, Envelopes.Listing()));
        using var client = Clients.Over(service);

        var result = await FakeClock.DriveAsync(_clock, () => client.ListAsync());

        Assert.True(result.Success, result.ErrorMessage);
        // Not before the date the service named (measured on the client's clock), and not much after it.
        var calls = service.CallsOf("ListSession");
        Assert.InRange(calls[1].At, date, date.AddMilliseconds(300));
    }

    [Fact]
    public async Task Alibaba_throttling_header_in_milliseconds_wins_even_on_HTTP_400()
    {
        // The gateway answers throttling as HTTP 400 Code Throttling.* with x-acs-retry-after (ms).
        var service = Service().On("GetLabel",
            ScriptedService.Error(400, "Throttling.Api", "flow control", ("x-acs-retry-after", "1500"), ("Retry-After", "9")),
            ScriptedService.Ok("{\"Labels\":\"{\\\"a\\\":\\\"1\\\"}\"}"));
        using var client = Clients.Over(service);

        var labels = await FakeClock.DriveAsync(_clock, () => Clients.SessionOf(client, "s-1").GetLabelsAsync());

        Assert.Equal("1", labels.Data!["a"]);
        var calls = service.CallsOf("GetLabel");
        Assert.InRange(calls[1].At - calls[0].At, TimeSpan.FromMilliseconds(1500), TimeSpan.FromMilliseconds(1700));
    }

    [Fact]
    public async Task A_Retry_After_beyond_MaxDelay_is_not_waited_for_and_is_reported()
    {
        var service = Service().On("ListMcpTools", ScriptedService.Error(429, "Throttling.User", "come back later", ("Retry-After", "120")));
        using var client = Clients.Over(service);

        var error = await Assert.ThrowsAsync<ApiException>(() => FakeClock.DriveAsync(_clock, () => Clients.SessionOf(client, "s-1").ListMcpToolsAsync()));

        Assert.Single(service.CallsOf("ListMcpTools"));
        Assert.Equal(TimeSpan.FromSeconds(120), error.RetryAfter);
        Assert.Equal(429, error.HttpStatusCode);
    }

    [Fact]
    public async Task A_garbled_reply_to_a_read_is_retried()
    {
        var service = Service().On("GetMcpResource",
            ScriptedService.Json(200, "{\"RequestId\":\"R\",\"Success\":true,\"Data\":{\"Sess"),
            ScriptedService.Ok("{\"SessionId\":\"s-1\",\"ResourceUrl\":\"u\",\"DesktopInfo\":{\"AppId\":\"a\"}}"));
        using var client = Clients.Over(service);

        var info = await FakeClock.DriveAsync(_clock, () => Clients.SessionOf(client, "s-1").InfoAsync());

        Assert.True(info.Success, info.ErrorMessage);
        Assert.Equal(2, service.CallsOf("GetMcpResource").Count);
    }

    [Fact]
    public async Task A_read_whose_reply_never_comes_is_retried_after_its_per_request_timeout()
    {
        var service = Service().On("GetSession", ScriptedService.Hang, ScriptedService.Ok(Envelopes.Session("s-1")));
        using var client = Clients.Over(service, o => o.Timeout = TimeSpan.FromSeconds(2));

        var result = await FakeClock.DriveAsync(_clock, () => client.GetAsync("s-1"));

        Assert.True(result.Success, result.ErrorMessage);
        var calls = service.CallsOf("GetSession");
        Assert.True(calls[1].At - calls[0].At >= TimeSpan.FromSeconds(2), "the second attempt came before the first timed out");
    }

    private static readonly Dictionary<string, Func<AgentBayClient, Task<bool>>> Effects = new()
    {
        ["CallMcpTool"] = async c => (await Clients.SessionOf(c, "s-1").Tools.ShellAsync("echo hi")).Success,
        ["PauseSessionAsync"] = async c => (await Clients.SessionOf(c, "s-1").PauseAsync()).Success,
        ["ResumeSessionAsync"] = async c => (await Clients.SessionOf(c, "s-1").ResumeAsync()).Success,
        ["DeleteSessionAsync"] = async c => (await Clients.SessionOf(c, "s-1").DeleteAsync()).Success,
    };

    public static TheoryData<string> NonIdempotentCalls => [.. Effects.Keys];

    [Theory]
    [MemberData(nameof(NonIdempotentCalls))]
    public async Task Calls_with_effects_are_not_retried_after_they_may_have_reached_the_service(string action)
    {
        var call = Effects[action];
        var service = Service()
            .On(action, ScriptedService.Error(503, "ServiceUnavailable"))
            .On("GetSession", ScriptedService.Ok(Envelopes.Status("RUNNING")));
        using var client = Clients.Over(service);

        var succeeded = await FakeClock.DriveAsync(_clock, () => call(client));

        Assert.False(succeeded);
        Assert.Single(service.CallsOf(action));
    }

    [Theory]
    [MemberData(nameof(NonIdempotentCalls))]
    public async Task A_connection_reset_after_sending_is_not_retried_for_calls_with_effects(string action)
    {
        var call = Effects[action];
        var service = Service()
            .On(action, ScriptedService.Throw(() => new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.")))
            .On("GetSession", ScriptedService.Ok(Envelopes.Status("RUNNING")));
        using var client = Clients.Over(service);

        Assert.False(await FakeClock.DriveAsync(_clock, () => call(client)));
        Assert.Single(service.CallsOf(action));
    }

    [Fact]
    public async Task Any_call_is_retried_when_the_connection_could_not_even_be_opened()
    {
        var service = Service().On("CallMcpTool",
            ScriptedService.Throw(() => new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (scripted.test:80)")),
            ScriptedService.Json(200, Envelopes.Ok("{\"content\":[{\"type\":\"text\",\"text\":\"{\\\"stdout\\\":\\\"hi\\\\n\\\",\\\"stderr\\\":\\\"\\\",\\\"exit_code\\\":0}\"}],\"isError\":false}")));
        using var client = Clients.Over(service);

        var shell = await FakeClock.DriveAsync(_clock, () => Clients.SessionOf(client, "s-1").Tools.ShellAsync("echo hi"));

        Assert.True(shell.Success, shell.ErrorMessage);
        Assert.Equal("hi\n", shell.Stdout);
        Assert.Equal(2, service.CallsOf("CallMcpTool").Count);
    }

    [Theory]
    [InlineData(400, "InvalidParameter")]
    [InlineData(400, "InvalidMcpSession.NotFound")]
    [InlineData(401, "InvalidApiKey.NotFound")]
    [InlineData(403, "Forbidden")]
    [InlineData(200, "QuotaExceeded")]
    public async Task Definite_answers_are_not_retried(int status, string code)
    {
        var service = Service().On("GetSession", ScriptedService.Json(status, Envelopes.Error(status, code, "refused")));
        using var client = Clients.Over(service);

        var result = await FakeClock.DriveAsync(_clock, () => client.GetAsync("s-1"));

        Assert.False(result.Success);
        Assert.Single(service.CallsOf("GetSession"));
    }

    [Theory]
    [InlineData(false, 3)]
    [InlineData(true, 1)]
    public async Task Retries_can_be_turned_off(bool enabled, int maxAttempts)
    {
        var service = Service().On("GetSession", ScriptedService.Error(503, "ServiceUnavailable"), ScriptedService.Ok(Envelopes.Session("s-1")));
        using var client = Clients.Over(service, o => o.Retry = new AgentBayRetryOptions { Enabled = enabled, MaxAttempts = maxAttempts });

        var result = await FakeClock.DriveAsync(_clock, () => client.GetAsync("s-1"));

        Assert.False(result.Success);
        Assert.Single(service.CallsOf("GetSession"));
    }

    [Fact]
    public void Synchronous_methods_retry_on_the_same_clock()
    {
        var service = Service().On("GetSession", ScriptedService.Error(503, "ServiceUnavailable"), ScriptedService.Ok(Envelopes.Session("s-1")));
        using var client = Clients.Over(service);

        var result = FakeClock.RunBlocking(_clock, () => client.Get("s-1"));

        Assert.True(result.Success, result.ErrorMessage);
        Assert.All(service.CallsOf("GetSession"), c => Assert.True(c.Synchronous));
        Assert.Equal(2, service.CallsOf("GetSession").Count);
    }

    [Fact]
    public async Task Polls_of_a_long_running_operation_are_retried_as_reads()
    {
        var service = Service()
            .On("PauseSessionAsync", ScriptedService.Ok())
            .On("GetSession", ScriptedService.Error(503, "ServiceUnavailable"), ScriptedService.Ok(Envelopes.Status("PAUSED")));
        using var client = Clients.Over(service);

        var paused = await FakeClock.DriveAsync(_clock, () => Clients.SessionOf(client, "s-1").PauseAsync());

        Assert.True(paused.Success, paused.ErrorMessage);
        Assert.Equal("PAUSED", paused.Status);
        Assert.Single(service.CallsOf("PauseSessionAsync"));
    }

    [Fact]
    public void Options_describe_the_retry_settings_and_reject_unusable_ones()
    {
        Assert.Contains("Retry = 3 attempts, 500 ms base, 30000 ms max", new AgentBayOptions().ToString(), StringComparison.Ordinal);
        Assert.Contains("Retry = off", new AgentBayOptions { Retry = { Enabled = false } }.ToString(), StringComparison.Ordinal);
        foreach (var bad in new List<AgentBayRetryOptions>
                 {
                     new() { MaxAttempts = 0 },
                     new() { MaxAttempts = 11 },
                     new() { BaseDelay = TimeSpan.FromSeconds(2), MaxDelay = TimeSpan.FromSeconds(1) },
                 })
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new AgentBayClient(new AgentBayOptions { ApiKey = "k", Endpoint = "http://x", Retry = bad }));
        }
    }
}
