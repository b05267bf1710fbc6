using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using AgentBay.Reliability.Tests.Infrastructure;
using AgentBay.Runtime;
using Xunit;

namespace AgentBay.Reliability.Tests;

/// <summary>
/// CreateMcpSession is never blindly sent again: every create carries a client token label, and after an ambiguous
/// failure the client lists by that label; it sends the create again only when nothing carries the token.
/// </summary>
public sealed class CreateReconciliationTests
{
    private const string TokenLabel = "agentbay.client-token";
    private readonly DrivenClock _clock = FakeClock.New();

    private static Dictionary<string, string> Labels(Call call, string parameter = "Labels") =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(call.Form[parameter])!;

    /// <summary>A ListSession that finds <paramref name="id"/> only when asked for the token the first create carried.</summary>
    private static Reply ListingOf(ScriptedService service, string id) => ScriptedService.From(call =>
    {
        var token = Labels(service.CallsOf("CreateMcpSession")[0])[TokenLabel];
        var asked = Labels(call);
        return asked.Count == 1 && asked.GetValueOrDefault(TokenLabel) == token
            ? ScriptedService.Json(200, Envelopes.Listing(id))
            : ScriptedService.Json(200, Envelopes.Listing());
    });

    private static readonly Dictionary<string, Reply> Ambiguous = new()
    {
        ["connection reset"] = ScriptedService.Throw(() => new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.")),
        ["HTTP 500"] = ScriptedService.Error(500, "InternalError"),
        ["HTTP 503"] = ScriptedService.Error(503, "ServiceUnavailable"),
        ["garbled reply"] = ScriptedService.Json(200, "{\"RequestId\":\"R\",\"Success\":true,\"Data\":{\"Sess"),
        ["no reply in time"] = ScriptedService.Hang,
    };

    public static TheoryData<string> AmbiguousFailures => [.. Ambiguous.Keys];

    [Theory]
    [MemberData(nameof(AmbiguousFailures))]
    public async Task A_create_that_ran_but_whose_reply_was_lost_is_found_by_its_token_and_not_sent_again(string what)
    {
        var service = new ScriptedService(_clock).On("CreateMcpSession", Ambiguous[what]);
        service.On("ListSession", ListingOf(service, "s-created"));
        using var client = Clients.Over(service);

        var result = await FakeClock.DriveAsync(_clock, () => client.CreateAsync(new CreateSessionParams { Labels = new Dictionary<string, string> { ["team"] = "a" } }));

        Assert.True(result.Success, $"{what}: {result.ErrorMessage}");
        Assert.Equal("s-created", result.Session.SessionId);
        Assert.Single(service.CallsOf("CreateMcpSession"));
        Assert.Single(service.CallsOf("ListSession"));
        var sent = Labels(service.CallsOf("CreateMcpSession")[0]);
        Assert.Equal("a", sent["team"]);
        Assert.Matches("^[0-9a-f]{32}$", sent[TokenLabel]);
    }

    [Fact]
    public async Task A_create_that_did_not_run_is_sent_again_once_with_the_same_token()
    {
        var service = new ScriptedService(_clock)
            .On("CreateMcpSession", ScriptedService.Error(503, "ServiceUnavailable"), ScriptedService.Ok(Envelopes.Session("s-2")))
            .On("ListSession", ScriptedService.Json(200, Envelopes.Listing()));
        using var client = Clients.Over(service);

        var result = await FakeClock.DriveAsync(_clock, () => client.CreateAsync());

        Assert.True(result.Success, result.ErrorMessage);
        Assert.Equal("s-2", result.Session.SessionId);
        Assert.Equal(["CreateMcpSession", "ListSession", "CreateMcpSession"], service.Calls.Select(c => c.Action));
        var creates = service.CallsOf("CreateMcpSession");
        Assert.Equal(Labels(creates[0])[TokenLabel], Labels(creates[1])[TokenLabel]);
        Assert.Equal(Labels(creates[0])[TokenLabel], Labels(service.CallsOf("ListSession")[0])[TokenLabel]);
    }

    [Fact]
    public async Task A_create_that_could_not_even_connect_is_sent_again_without_a_listing()
    {
        var service = new ScriptedService(_clock).On("CreateMcpSession",
            ScriptedService.Throw(() => new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (scripted.test:80)")),
            ScriptedService.Ok(Envelopes.Session("s-3")));
        using var client = Clients.Over(service);

        var result = await FakeClock.DriveAsync(_clock, () => client.CreateAsync());

        Assert.True(result.Success, result.ErrorMessage);
        Assert.Equal(["CreateMcpSession", "CreateMcpSession"], service.Calls.Select(c => c.Action));
    }

    [Fact]
    public async Task Every_repeated_create_is_preceded_by_a_listing_and_attempts_are_bounded()
    {
        var service = new ScriptedService(_clock)
            .On("CreateMcpSession", ScriptedService.Error(500, "InternalError"))
            .On("ListSession", ScriptedService.Json(200, Envelopes.Listing()));
        using var client = Clients.Over(service, o => o.Retry.MaxAttempts = 4);

        var result = await FakeClock.DriveAsync(_clock, () => client.CreateAsync());

        Assert.False(result.Success);
        Assert.StartsWith("Failed to create session: code: 500", result.ErrorMessage, StringComparison.Ordinal);
        // The last listing comes after the last create: one that ran after all is still found, not left behind.
        Assert.Equal(
            ["CreateMcpSession", "ListSession", "CreateMcpSession", "ListSession", "CreateMcpSession", "ListSession", "CreateMcpSession", "ListSession"],
            service.Calls.Select(c => c.Action));
    }

    [Fact]
    public async Task The_last_create_that_ran_after_all_is_found_by_a_final_listing()
    {
        var service = new ScriptedService(_clock).On("CreateMcpSession", ScriptedService.Error(500, "InternalError"));
        service.On("ListSession", ScriptedService.Json(200, Envelopes.Listing()), ScriptedService.Json(200, Envelopes.Listing()), ListingOf(service, "s-late"));
        using var client = Clients.Over(service);

        var result = await FakeClock.DriveAsync(_clock, () => client.CreateAsync());

        Assert.True(result.Success, result.ErrorMessage);
        Assert.Equal("s-late", result.Session.SessionId);
        Assert.Equal(3, service.CallsOf("CreateMcpSession").Count);
    }

    [Fact]
    public async Task When_the_listing_fails_too_the_create_is_not_sent_again_and_the_failure_says_why()
    {
        var service = new ScriptedService(_clock)
            .On("CreateMcpSession", ScriptedService.Error(503, "ServiceUnavailable"))
            .On("ListSession", ScriptedService.Error(400, "InvalidParameter", "labels filter refused"));
        using var client = Clients.Over(service);

        var result = await FakeClock.DriveAsync(_clock, () => client.CreateAsync());

        Assert.False(result.Success);
        Assert.Single(service.CallsOf("CreateMcpSession"));
        // The listing gets as many attempts as the create (MaxAttempts 3), refused or not; then the create gives up.
        Assert.Equal(3, service.CallsOf("ListSession").Count);
        Assert.Contains("code: 503", result.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains($"whether it ran is unknown: ListSession by label {TokenLabel}=", result.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("labels filter refused", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_create_that_ran_is_found_when_its_listing_fails_once_even_with_the_attempts_used_up(bool synchronous)
    {
        // What the fault run met: the first create did not run, the second ran but its reply was lost, and the listing
        // after it was refused. With the create's fate unknown the client lists again instead of giving up.
        var reset = ScriptedService.Throw(() => new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."));
        var service = new ScriptedService(_clock).On("CreateMcpSession", reset, reset);
        service.On("ListSession",
            ScriptedService.Json(200, Envelopes.Listing()),
            ScriptedService.Json(200, Envelopes.Error(200, "InjectedFault", "refused")),
            ListingOf(service, "s-second"));
        using var client = Clients.Over(service);

        // A synchronous create blocks its thread on the fake clock: it runs on a thread of its own, the clock moving while
        // that thread waits (driving it from the blocked thread itself would never move the clock).
        var result = synchronous
            ? FakeClock.RunBlocking(_clock, () => client.Create())
            : await FakeClock.DriveAsync(_clock, () => client.CreateAsync());

        Assert.True(result.Success, result.ErrorMessage);
        Assert.Equal("s-second", result.Session.SessionId);
        Assert.Equal(["CreateMcpSession", "ListSession", "CreateMcpSession", "ListSession", "ListSession"], service.Calls.Select(c => c.Action));
        Assert.All(service.Calls, c => Assert.Equal(synchronous, c.Synchronous));
    }

    [Fact]
    public async Task The_last_create_that_ran_is_found_when_the_final_listing_fails_once()
    {
        var service = new ScriptedService(_clock).On("CreateMcpSession", ScriptedService.Error(500, "InternalError"));
        service.On("ListSession",
            ScriptedService.Json(200, Envelopes.Listing()),
            ScriptedService.Json(200, Envelopes.Listing()),
            ScriptedService.Json(200, Envelopes.Error(200, "InjectedFault", "refused")),
            ListingOf(service, "s-late"));
        using var client = Clients.Over(service);

        var result = await FakeClock.DriveAsync(_clock, () => client.CreateAsync());

        Assert.True(result.Success, result.ErrorMessage);
        Assert.Equal("s-late", result.Session.SessionId);
        Assert.Equal(3, service.CallsOf("CreateMcpSession").Count);
        Assert.Equal(4, service.CallsOf("ListSession").Count);
    }

    [Theory]
    [InlineData(200, "QuotaExceeded.Session")]
    [InlineData(400, "InvalidParameter")]
    [InlineData(401, "InvalidApiKey.NotFound")]
    public async Task A_definite_refusal_is_neither_listed_nor_repeated(int status, string code)
    {
        var service = new ScriptedService(_clock).On("CreateMcpSession", ScriptedService.Json(status, Envelopes.Error(status, code, "refused")));
        using var client = Clients.Over(service);

        var result = await FakeClock.DriveAsync(_clock, () => client.CreateAsync());

        Assert.False(result.Success);
        Assert.Equal(["CreateMcpSession"], service.Calls.Select(c => c.Action));
    }

    [Fact]
    public async Task A_token_the_caller_chose_is_used_as_given()
    {
        var service = new ScriptedService(_clock).On("CreateMcpSession", ScriptedService.Ok(Envelopes.Session("s-1")));
        using var client = Clients.Over(service);

        await FakeClock.DriveAsync(_clock, () => client.CreateAsync(new CreateSessionParams
        {
            Labels = new Dictionary<string, string> { [TokenLabel] = "order-42", ["x"] = "y" },
        }));

        var sent = Labels(service.CallsOf("CreateMcpSession")[0]);
        Assert.Equal(new Dictionary<string, string> { [TokenLabel] = "order-42", ["x"] = "y" }, sent);
    }

    [Fact]
    public async Task With_retries_off_a_create_is_sent_once_carrying_its_token_and_nothing_is_listed()
    {
        var service = new ScriptedService(_clock).On("CreateMcpSession", ScriptedService.Error(503, "ServiceUnavailable"));
        using var client = Clients.Over(service, o => o.Retry.Enabled = false);

        var result = await FakeClock.DriveAsync(_clock, () => client.CreateAsync());

        Assert.False(result.Success);
        Assert.Equal(["CreateMcpSession"], service.Calls.Select(c => c.Action));
        Assert.Matches("^[0-9a-f]{32}$", Labels(service.Calls[0])[TokenLabel]);
    }

    [Fact]
    public void The_synchronous_create_reconciles_too()
    {
        var service = new ScriptedService(_clock).On("CreateMcpSession", ScriptedService.Error(502, "BadGateway"));
        service.On("ListSession", ListingOf(service, "s-sync"));
        using var client = Clients.Over(service);

        var result = FakeClock.RunBlocking(_clock, () => client.Create());

        Assert.True(result.Success, result.ErrorMessage);
        Assert.Equal("s-sync", result.Session.SessionId);
        Assert.All(service.Calls, c => Assert.True(c.Synchronous));
    }
}
