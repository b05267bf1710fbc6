using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AgentBay.Emulator;
using AgentBay.Emulator.Hosting;
using AgentBay.Reliability.Tests.Infrastructure;
using Xunit;

namespace AgentBay.Reliability.Tests;

/// <summary>The emulator's fault mode on the wire: each kind as documented, before or after the action, seeded, switchable.</summary>
public sealed class FaultModeTests
{
    private const string Key = "akm-faults-0c1d2e3f";
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(20) };

    private static Task<AgentBayEmulator> StartAsync(params FaultRule[] rules) => AgentBayEmulator.StartAsync(new EmulatorOptions
    {
        ApiKeys = [Key],
        Sandbox = SandboxPreference.None,
        Faults = new FaultOptions { Rules = rules, Seed = 3, RetryAfter = TimeSpan.FromMilliseconds(300), Delay = TimeSpan.FromMilliseconds(300) },
    });

    private static bool IsJson(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    [Fact]
    public async Task Error_statuses_carry_their_codes()
    {
        foreach (var (kind, status, code) in new[]
                 {
                     (FaultKind.InternalError, 500, "InternalError"),
                     (FaultKind.ServiceUnavailable, 503, "ServiceUnavailable"),
                     (FaultKind.Refused, 200, "InjectedFault"),
                 })
        {
            await using var emulator = await StartAsync(new FaultRule(kind, 1.0));

            var reply = await RawCall.PostAsync(Http, emulator.Endpoint, Key, "ListSession");

            Assert.Equal(status, reply.Status);
            using var body = JsonDocument.Parse(reply.Body);
            Assert.Equal(code, body.RootElement.GetProperty("Code").GetString());
            Assert.False(body.RootElement.GetProperty("Success").GetBoolean());
            Assert.Contains("fault mode", body.RootElement.GetProperty("Message").GetString(), StringComparison.Ordinal);
            Assert.Equal([new InjectedFault("ListSession", kind, FaultPhase.BeforeAction, body.RootElement.GetProperty("RequestId").GetString()!)], emulator.Faults.Injected);
        }
    }

    [Fact]
    public async Task Throttling_says_how_long_to_wait_in_both_headers()
    {
        await using var emulator = await StartAsync(new FaultRule(FaultKind.Throttled, 1.0));

        var reply = await RawCall.PostAsync(Http, emulator.Endpoint, Key, "ListSession");

        Assert.Equal(429, reply.Status);
        Assert.Equal("1", reply.Headers["Retry-After"]);
        Assert.Equal("300", reply.Headers["x-acs-retry-after"]);
        Assert.Contains("\"Code\":\"Throttling.User\"", reply.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_reply_is_HTTP_200_with_a_body_that_is_not_JSON()
    {
        await using var emulator = await StartAsync(new FaultRule(FaultKind.MalformedJson, 1.0));

        var reply = await RawCall.PostAsync(Http, emulator.Endpoint, Key, "ListSession");

        Assert.Equal(200, reply.Status);
        Assert.StartsWith("{\"RequestId\":", reply.Body, StringComparison.Ordinal);
        Assert.False(IsJson(reply.Body));
    }

    [Fact]
    public async Task A_reset_aborts_the_connection_without_a_reply()
    {
        await using var emulator = await StartAsync(new FaultRule(FaultKind.ConnectionReset, 1.0));

        await Assert.ThrowsAsync<HttpRequestException>(() => RawCall.PostAsync(Http, emulator.Endpoint, Key, "ListSession"));

        Assert.Equal(1, emulator.Faults.Count(FaultKind.ConnectionReset));
    }

    [Fact]
    public async Task A_delay_holds_the_reply_back_and_then_answers_normally()
    {
        await using var emulator = await StartAsync(new FaultRule(FaultKind.Delay, 1.0));
        var clock = Stopwatch.StartNew();

        var reply = await RawCall.PostAsync(Http, emulator.Endpoint, Key, "ListSession");

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(290), $"answered after {clock.ElapsedMilliseconds} ms");
        Assert.Equal(200, reply.Status);
        Assert.Contains("\"Success\":true", reply.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FaultKind.ConnectionReset)]
    [InlineData(FaultKind.ServiceUnavailable)]
    [InlineData(FaultKind.MalformedJson)]
    public async Task After_the_action_its_effect_stays_although_the_reply_is_lost(FaultKind kind)
    {
        await using var emulator = await StartAsync(new FaultRule(kind, 1.0) { Phase = FaultPhase.AfterAction, Actions = ["CreateMcpSession"] });

        try
        {
            var reply = await RawCall.PostAsync(Http, emulator.Endpoint, Key, "CreateMcpSession");
            Assert.DoesNotContain("\"SessionId\"", reply.Body, StringComparison.Ordinal);
        }
        catch (HttpRequestException) when (kind == FaultKind.ConnectionReset)
        {
            // no reply at all: that is the fault
        }

        Assert.Equal(1, emulator.SessionCount);
        Assert.Equal(FaultPhase.AfterAction, Assert.Single(emulator.Faults.Injected).Phase);
    }

    [Theory]
    [InlineData(FaultKind.ConnectionReset)]
    [InlineData(FaultKind.InternalError)]
    [InlineData(FaultKind.Refused)]
    public async Task Before_the_action_nothing_happens(FaultKind kind)
    {
        await using var emulator = await StartAsync(new FaultRule(kind, 1.0) { Actions = ["CreateMcpSession"] });

        try
        {
            await RawCall.PostAsync(Http, emulator.Endpoint, Key, "CreateMcpSession");
        }
        catch (HttpRequestException) when (kind == FaultKind.ConnectionReset)
        {
            // no reply at all: that is the fault
        }

        Assert.Equal(0, emulator.SessionCount);
    }

    [Fact]
    public async Task A_delayed_call_whose_client_gave_up_never_runs()
    {
        // The abort has the whole delay to reach the emulator: 3 s, not the 600 ms it had, which a loaded machine can spend
        // between the client giving up and Kestrel noticing (the delay would then end and the call run).
        var delay = TimeSpan.FromSeconds(3);
        await using var emulator = await StartAsync(new FaultRule(FaultKind.Delay, 1.0) { Actions = ["CreateMcpSession"], Delay = delay });
        using var impatient = new CancellationTokenSource();
        var call = RawCall.PostAsync(Http, emulator.Endpoint, Key, "CreateMcpSession", cancellationToken: impatient.Token);

        // The client gives up once the emulator holds the call, not on a fixed 100 ms timer: in a cold test process
        // that timer could fire before the emulator had started on the call, and the closed connection then did not
        // reach the call as an abort (the action ran; 3 runs in 8 of this test class failed so, at this and at the
        // previous commit). What the test is about is a client that gives up while its call is held.
        await Deadline.UntilAsync(() => emulator.Faults.Count(FaultKind.Delay) == 1, "the emulator to hold the call");
        var held = Stopwatch.StartNew();
        impatient.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        // Proving that something does not happen needs the delay to pass: wait just past it (bounded, the delay + 500 ms).
        await Deadline.UntilAsync(() => held.Elapsed > delay + TimeSpan.FromMilliseconds(500), "the delay passed");
        Assert.Equal(0, emulator.SessionCount);
        Assert.Equal(1, emulator.Faults.Count(FaultKind.Delay));
    }

    [Fact]
    public async Task The_same_seed_injects_the_same_faults_into_the_same_calls()
    {
        async Task<string> RunAsync(int seed)
        {
            await using var emulator = await AgentBayEmulator.StartAsync(new EmulatorOptions
            {
                ApiKeys = [Key],
                Sandbox = SandboxPreference.None,
                Faults = new FaultOptions
                {
                    Seed = seed,
                    Rules = [new FaultRule(FaultKind.ServiceUnavailable, 0.3), new FaultRule(FaultKind.Refused, 0.2) { Actions = ["ListSession"] }],
                },
            });
            var statuses = new List<string>();
            for (var i = 0; i < 40; i++)
            {
                var reply = await RawCall.PostAsync(Http, emulator.Endpoint, Key, i % 2 == 0 ? "ListSession" : "ListMcpTools");
                statuses.Add(reply.Status + (reply.Body.Contains("InjectedFault", StringComparison.Ordinal) ? "R" : ""));
            }

            return string.Join(" ", statuses);
        }

        var first = await RunAsync(11);
        Assert.Equal(first, await RunAsync(11));
        Assert.NotEqual(first, await RunAsync(12));
        Assert.Contains("503", first, StringComparison.Ordinal);
        Assert.Contains("200R", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rules_apply_to_their_actions_only_and_the_mode_can_be_switched_off()
    {
        await using var emulator = await StartAsync(new FaultRule(FaultKind.ServiceUnavailable, 1.0) { Actions = ["GetSession"] });

        Assert.Equal(200, (await RawCall.PostAsync(Http, emulator.Endpoint, Key, "ListSession")).Status);
        Assert.Equal(503, (await RawCall.PostAsync(Http, emulator.Endpoint, Key, "GetSession", [new("SessionId", "s-x")])).Status);
        emulator.Faults.Enabled = false;
        var reply = await RawCall.PostAsync(Http, emulator.Endpoint, Key, "GetSession", [new("SessionId", "s-x")]);

        Assert.Equal(400, reply.Status);
        Assert.Contains("InvalidMcpSession.NotFound", reply.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task Calls_without_a_valid_key_get_their_ordinary_error_not_a_fault(string? key)
    {
        await using var emulator = await StartAsync(new FaultRule(FaultKind.ServiceUnavailable, 1.0));

        var reply = await RawCall.PostAsync(Http, emulator.Endpoint, key, "CreateMcpSession");

        Assert.Equal(401, reply.Status);
        Assert.Empty(emulator.Faults.Injected);
    }

    [Fact]
    public async Task Rules_that_cannot_work_are_refused_at_start()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => StartAsync(new FaultRule(FaultKind.Delay, 1.5)));
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            StartAsync(new FaultRule(FaultKind.Refused, 0.6), new FaultRule(FaultKind.InternalError, 0.6) { Actions = ["GetSession"] }));
        Assert.Contains("GetSession", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_line_configures_faults()
    {
        var options = CommandLine.Parse(
            ["--fault", "503:0.05", "--fault", "reset:0.1:after:CreateMcpSession+GetSession", "--fault", "delay:0.02:ListSession",
             "--fault-seed", "7", "--fault-delay-ms", "1500", "--fault-retry-after-ms", "250", "--max-sessions", "5", "--max-body-bytes", "1024"],
            environmentKey: "k");

        Assert.Equal(7, options.Faults!.Seed);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), options.Faults.Delay);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.Faults.RetryAfter);
        Assert.Equal(5, options.MaxSessions);
        Assert.Equal(1024, options.MaxRequestBodyBytes);
        var rules = options.Faults.Rules;
        Assert.Equal(new FaultRule(FaultKind.ServiceUnavailable, 0.05), rules[0]);
        Assert.Equal((FaultKind.ConnectionReset, 0.1, FaultPhase.AfterAction), (rules[1].Kind, rules[1].Probability, rules[1].Phase));
        Assert.Equal(["CreateMcpSession", "GetSession"], rules[1].Actions!);
        Assert.Equal(["ListSession"], rules[2].Actions!);
        Assert.Throws<FormatException>(() => CommandLine.Parse(["--fault", "boom:0.1"], "k"));
        Assert.Throws<FormatException>(() => CommandLine.Parse(["--fault", "503:2"], "k"));
        Assert.Throws<FormatException>(() => CommandLine.Parse(["--fault", "503:0.1:later:GetSession"], "k"));
        Assert.Null(CommandLine.Parse([], "k").Faults);
    }
}
