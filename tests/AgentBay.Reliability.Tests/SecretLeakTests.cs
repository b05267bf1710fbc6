using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using AgentBay.Emulator;
using AgentBay.Reliability.Tests.Infrastructure;
using AgentBay.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit;
using Xunit.Abstractions;

namespace AgentBay.Reliability.Tests;

/// <summary>
/// The API key never shows: a whole session lifecycle, with failures of every sort (faults, not found, bad port, wrong
/// status, timeouts, a refused key), is run through a client from AddAgentBay while every log line of the client and
/// the emulator, every exception and the ToString() of options, requests, replies and results are collected and
/// searched for the key (also URL-encoded, with "Bearer ", and its last 20 characters).
/// </summary>
public sealed class SecretLeakTests(ITestOutputHelper output)
{
    private static readonly string Key = "akm-SECRET-" + Guid.NewGuid().ToString("N");
    private static readonly string OtherKey = "akm-OTHER-" + Guid.NewGuid().ToString("N");

    private readonly List<string> _texts = [];

    private void Keep(object? value)
    {
        if (value is not null)
        {
            _texts.Add(value.ToString() ?? "");
        }
    }

    private async Task Collect(Func<Task<object?>> action)
    {
        try
        {
            Keep(await action());
        }
        catch (Exception exception)
        {
            // ToString has the message, inner exceptions and stack: all of it goes into logs in real programs.
            Keep(exception);
        }
    }

    [Fact]
    public async Task The_key_is_in_no_log_exception_or_ToString_across_a_lifecycle_with_failures()
    {
        var emulatorLogs = new LogCapture();
        var clientLogs = new LogCapture();
        await using var emulator = await AgentBayEmulator.StartAsync(new EmulatorOptions
        {
            ApiKeys = [Key],
            PauseDelay = TimeSpan.FromMilliseconds(50),
            ResumeDelay = TimeSpan.FromMilliseconds(50),
            DeleteDelay = TimeSpan.FromMilliseconds(50),
            ConfigureLogging = logging => logging.AddProvider(emulatorLogs).SetMinimumLevel(LogLevel.Trace),
            Faults = new FaultOptions
            {
                Seed = 5,
                RetryAfter = TimeSpan.FromMilliseconds(50),
                Rules =
                [
                    new FaultRule(FaultKind.ServiceUnavailable, 0.1),
                    new FaultRule(FaultKind.Throttled, 0.1),
                    new FaultRule(FaultKind.ConnectionReset, 0.1) { Phase = FaultPhase.AfterAction },
                    new FaultRule(FaultKind.MalformedJson, 0.1),
                    new FaultRule(FaultKind.Refused, 0.1),
                ],
            },
        });
        emulator.Faults.Enabled = false;

        var services = new ServiceCollection();
        services.AddLogging(builder => builder.AddProvider(clientLogs).SetMinimumLevel(LogLevel.Trace));
        services.AddAgentBay(options =>
        {
            options.ApiKey = Key;
            options.Endpoint = emulator.Endpoint;
            // Generous: only the call below with its own 200 ms read timeout is meant to time out (its command sleeps
            // 2 s); a loaded machine can take seconds over an ordinary call, and a delete that timed out left a session.
            options.Timeout = TimeSpan.FromSeconds(30);
            options.Retry = new AgentBayRetryOptions { MaxAttempts = 2, BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(200) };
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<AgentBayClient>();
        Keep(provider.GetRequiredService<IOptions<AgentBayOptions>>().Value);
        Keep(client.Transport.Options);
        Keep(client.Transport);

        // The happy path, every operation of the spec.
        var created = await client.CreateAsync(new CreateSessionParams { ImageId = "linux_latest", Labels = new Dictionary<string, string> { ["who"] = "leak-test" } });
        Keep(created);
        var session = created.Session;
        Keep(session);
        await Collect(async () => await client.GetAsync(session.SessionId));
        await Collect(async () => client.Get(session.SessionId));
        await Collect(async () => await client.ListAsync(new Dictionary<string, string> { ["who"] = "leak-test" }));
        await Collect(async () => await session.InfoAsync());
        await Collect(async () => await session.GetLinkAsync(port: 30150));
        await Collect(async () => await session.ListMcpToolsAsync());
        await Collect(async () => await session.SetLabelsAsync(new Dictionary<string, string> { ["k"] = "v" }));
        await Collect(async () => await session.GetLabelsAsync());
        await Collect(async () => await session.Tools.ShellAsync("echo $AGENTBAY_API_KEY; env"));
        await Collect(async () => await session.Tools.WriteFileAsync("/home/user/a.txt", "hello"));
        await Collect(async () => await session.Tools.ReadFileAsync("/home/user/a.txt"));
        await Collect(async () => await session.Tools.RunCodeAsync("print(1)", "python"));
        await Collect(async () => await session.Tools.GetMetricsAsync());
        await Collect(async () => await session.PauseAsync(pollInterval: TimeSpan.FromMilliseconds(50)));
        // Failures: a tool call on a paused session, a port out of range, an escape attempt, a request timeout.
        await Collect(async () => await session.Tools.ShellAsync("echo paused"));
        await Collect(async () => await session.ResumeAsync(pollInterval: TimeSpan.FromMilliseconds(50)));
        await Collect(async () => await session.GetLinkAsync(port: 80));
        await Collect(async () => await session.GetLinkAsync(port: 30100, protocolType: "http"));
        await Collect(async () => await session.Tools.ReadFileAsync("/etc/../../proc/self/environ"));
        await Collect(async () => await session.CallMcpToolAsync("shell", new Dictionary<string, object?> { ["command"] = "sleep 2" }, readTimeout: 200));
        await Collect(async () => await session.CallMcpToolAsync("no_such_tool", new Dictionary<string, object?>()));

        // Faults of every kind, on the same calls.
        emulator.Faults.Enabled = true;
        for (var i = 0; i < 12; i++)
        {
            await Collect(async () => await client.CreateAsync());
            await Collect(async () => await session.GetLabelsAsync());
            await Collect(async () => await session.Tools.ShellAsync("echo " + i));
            await Collect(async () => await session.ListMcpToolsAsync());
            await Collect(async () => await client.ListAsync());
        }

        emulator.Faults.Enabled = false;
        // Delete with syncContext: SyncContext carries the key in its query string, the one place it is in a URL.
        await Collect(async () => await session.DeleteAsync(syncContext: true, pollInterval: TimeSpan.FromMilliseconds(50)));
        await Collect(async () => await client.GetAsync(session.SessionId));
        await Collect(async () => await session.InfoAsync());
        await Collect(async () => await session.Tools.ShellAsync("echo gone"));
        foreach (var left in (await client.ListAsync(maxResults: 100)).SessionIds)
        {
            await Collect(async () => await new Session(client.Transport, left.SessionId).DeleteAsync(pollInterval: TimeSpan.FromMilliseconds(50)));
        }

        // A client with a key the emulator refuses: its key must not show either.
        using (var refused = new AgentBayClient(new AgentBayOptions { ApiKey = OtherKey, Endpoint = emulator.Endpoint }))
        {
            Keep(refused.Transport.Options);
            await Collect(async () => await refused.CreateAsync());
            await Collect(async () => await refused.GetAsync("session-x"));
            await Collect(async () => await new Session(refused.Transport, "session-x").ListMcpToolsAsync());
            await Collect(async () => await new Session(refused.Transport, "session-x").GetLabelsAsync());
        }

        // A request and a reply printed the way a user would print them.
        var request = new AgentBayRequest("CreateMcpSession");
        request.Add("Labels", "{\"a\":\"b\"}");
        Keep(request);
        Keep(new AgentBayOptions { ApiKey = Key });

        var everything = _texts.Concat(clientLogs.Entries).Concat(emulatorLogs.Entries).ToList();
        output.WriteLine($"searched {_texts.Count} ToString/exception texts, {clientLogs.Entries.Count} client log entries, {emulatorLogs.Entries.Count} emulator log entries");
        if (emulator.SessionCount != 0)
        {
            // Not expected: say what is left and what the client did about creates, to find out why.
            var left = await client.ListAsync(maxResults: 100);
            output.WriteLine("left: " + string.Join(", ", left.SessionIds.Select(l => $"{l.SessionId} {l.SessionStatus}")));
            foreach (var entry in clientLogs.Entries.Where(e => e.Contains("CreateMcpSession", StringComparison.Ordinal) || e.Contains("Delete", StringComparison.Ordinal)))
            {
                output.WriteLine(entry);
            }
            foreach (var text in _texts.Where(t => t.Contains("delete", StringComparison.OrdinalIgnoreCase)))
            {
                output.WriteLine(text);
            }
        }

        Assert.Equal(0, emulator.SessionCount);
        Assert.True(clientLogs.Entries.Count > 50 && emulatorLogs.Entries.Count > 10, "too little was logged for the search to mean anything");
        Assert.Contains(_texts, t => t.Contains("Exception", StringComparison.Ordinal));
        // The search sees real content: the session id is in the client's and the emulator's logs.
        Assert.Contains(clientLogs.Entries, e => e.Contains(session.SessionId, StringComparison.Ordinal) || e.Contains("CreateMcpSession", StringComparison.Ordinal));
        Assert.Contains(emulatorLogs.Entries, e => e.Contains("Injecting fault", StringComparison.Ordinal));
        Assert.True(emulator.Faults.Injected.Select(f => f.Kind).Distinct().Count() >= 4, "too few kinds of faults struck");
        foreach (var secret in new[] { Key, OtherKey })
        {
            foreach (var form in new[] { secret, WebUtility.UrlEncode(secret), Uri.EscapeDataString("Bearer " + secret), secret[^20..] })
            {
                Assert.DoesNotContain(everything, text => text.Contains(form, StringComparison.Ordinal));
            }
        }
    }
}
