using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AgentBay.Emulator;
using AgentBay.Reliability.Tests.Infrastructure;
using AgentBay.Runtime;
using Xunit;
using Xunit.Abstractions;

namespace AgentBay.Reliability.Tests;

/// <summary>
/// 1,000 operations through the generated client against the emulator with 20% of calls faulted (every kind, before
/// and after the action): each operation succeeds with a correct result or fails naming its fault; afterwards no
/// session is left that the client does not know, no create made two sessions, and cleanup brings the count to zero.
/// </summary>
public sealed class FaultedOperationsTests(ITestOutputHelper output)
{
    private const int Operations = 1000;
    private const int Workers = 8;
    private const string Key = "akm-faulted-5e6f7a8b9c";

    /// <summary>20% in all: each kind 2–3.5%, the ones that can strike after the action split between both phases.</summary>
    private static FaultOptions Faults() => new()
    {
        Seed = 20260129,
        RetryAfter = TimeSpan.FromMilliseconds(100),
        Delay = TimeSpan.FromMilliseconds(2500), // beyond the client's 2 s request timeout
        Rules =
        [
            new FaultRule(FaultKind.InternalError, 0.02),
            new FaultRule(FaultKind.InternalError, 0.01) { Phase = FaultPhase.AfterAction },
            new FaultRule(FaultKind.ServiceUnavailable, 0.02),
            new FaultRule(FaultKind.ServiceUnavailable, 0.01) { Phase = FaultPhase.AfterAction },
            new FaultRule(FaultKind.Throttled, 0.03),
            new FaultRule(FaultKind.ConnectionReset, 0.015),
            new FaultRule(FaultKind.ConnectionReset, 0.015) { Phase = FaultPhase.AfterAction },
            new FaultRule(FaultKind.Delay, 0.01),
            new FaultRule(FaultKind.Delay, 0.005) { Phase = FaultPhase.AfterAction },
            new FaultRule(FaultKind.Delay, 0.01) { Delay = TimeSpan.FromMilliseconds(150) },
            new FaultRule(FaultKind.MalformedJson, 0.01),
            new FaultRule(FaultKind.MalformedJson, 0.01) { Phase = FaultPhase.AfterAction },
            new FaultRule(FaultKind.Refused, 0.035),
        ],
    };

    [Fact]
    public async Task A_thousand_operations_under_20_percent_faults_each_succeed_or_name_their_fault_and_leave_nothing_behind()
    {
        Assert.Equal(0.20, Faults().Rules.Sum(r => r.Probability), 6);
        var clientLogs = new LogCapture();
        await using var emulator = await AgentBayEmulator.StartAsync(new EmulatorOptions
        {
            ApiKeys = [Key],
            PauseDelay = TimeSpan.FromMilliseconds(50),
            ResumeDelay = TimeSpan.FromMilliseconds(50),
            DeleteDelay = TimeSpan.FromMilliseconds(50),
            Faults = Faults(),
        });
        var options = new AgentBayOptions
        {
            ApiKey = Key,
            Endpoint = emulator.Endpoint,
            Timeout = TimeSpan.FromSeconds(2),
            Retry = new AgentBayRetryOptions { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromSeconds(1) },
        };
        using var client = new AgentBayClient(new AgentBayTransport(options, AgentBayClient.ServiceInfo, null, clientLogs.CreateLogger("AgentBay.Transport")));
        var runLabel = Guid.NewGuid().ToString("N");
        var run = new FaultRun(client, runLabel);
        var tickets = 0;
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(() => run.WorkAsync(worker, () => Interlocked.Increment(ref tickets) <= Operations))));
        var elapsed = clock.Elapsed;

        // From here on the service behaves: look at what the faults left behind.
        emulator.Faults.Enabled = false;
        var injected = emulator.Faults.Injected;
        var leftBehind = await SessionsOfRunAsync(client, runLabel);
        var tokens = new Dictionary<string, List<string>>();
        foreach (var id in leftBehind)
        {
            var labels = await new Session(client.Transport, id).GetLabelsAsync();
            var token = labels.Data!.GetValueOrDefault(FaultRun.TokenKey) ?? "(none)";
            tokens.TryAdd(token, []);
            tokens[token].Add(id);
        }

        var unknown = leftBehind.Where(id => !run.Known.ContainsKey(id)).ToList();
        var duplicates = tokens.Where(t => t.Value.Count > 1).ToList();
        // Sessions the client still holds must still exist (retired ones had a failed delete or pause: either way is fine).
        var lost = run.Known.Where(k => k.Value == "live" && !leftBehind.Contains(k.Key)).ToList();
        var created = run.CreatedByToken.Count(c => tokens.TryGetValue(c.Key, out var ids) && ids.SequenceEqual([c.Value]));
        foreach (var id in leftBehind)
        {
            var deleted = await new Session(client.Transport, id).DeleteAsync(pollInterval: TimeSpan.FromMilliseconds(50));
            Assert.True(deleted.Success, deleted.ErrorMessage);
        }

        await Deadline.UntilAsync(() => emulator.SessionCount == 0, "every session deleted");
        Report(run, injected, clientLogs, elapsed, leftBehind.Count, unknown.Count, duplicates.Count);
        output.WriteLine($"{created} sessions still carry the token of the create that reported them, each on exactly one session");

        var outcomes = run.Outcomes.ToList();
        Assert.Equal(Operations, outcomes.Count);
        Assert.Empty(outcomes.Where(o => o.Result is OpOutcome.Unexplained or OpOutcome.Wrong).Select(o => $"{o.Operation}: {o.Result}: {o.Detail}"));
        var surfaced = outcomes.Where(o => o.Fault is not null).Select(o => o.Fault!.Value).Distinct();
        Assert.All(surfaced, kind => Assert.True(injected.Any(f => f.Kind == kind), $"{kind} surfaced but was never injected"));
        Assert.InRange(injected.Count, 100, 1000);
        Assert.True(outcomes.Count(o => o.Result == OpOutcome.Ok) > Operations * 0.7, "too few operations succeeded for 20% faults with retries");
        Assert.True(clientLogs.Entries.Count(e => e.Contains("AgentBayRequestRetrying", StringComparison.Ordinal)) > 0, "no retry happened");
        Assert.Empty(duplicates.Select(d => $"{d.Key}: {string.Join(", ", d.Value)}"));
        Assert.Empty(unknown);
        Assert.Empty(lost.Select(l => l.Key));
        Assert.True(created > 0, "no successful create's session was found by its token");
        Assert.Equal(0, emulator.SessionCount);
    }

    private static async Task<List<string>> SessionsOfRunAsync(AgentBayClient client, string runLabel)
    {
        var ids = new List<string>();
        string? token = null;
        do
        {
            var page = await client.ListAsync(new Dictionary<string, string> { [FaultRun.RunKey] = runLabel }, maxResults: 100, nextToken: token);
            Assert.True(page.Success, page.ErrorMessage);
            ids.AddRange(page.SessionIds.Select(s => s.SessionId));
            token = page.NextToken;
        }
        while (!string.IsNullOrEmpty(token));
        return ids;
    }

    private void Report(FaultRun run, IReadOnlyList<InjectedFault> injected, LogCapture clientLogs, TimeSpan elapsed, int leftBehind, int unknown, int duplicates)
    {
        var outcomes = run.Outcomes.ToList();
        var text = new StringBuilder();
        text.AppendLine($"{outcomes.Count} operations in {elapsed.TotalSeconds:0.0} s by {Workers} workers; {outcomes.Count(o => o.Result == OpOutcome.Ok)} succeeded, "
            + $"{outcomes.Count(o => o.Result == OpOutcome.Failed)} failed naming their fault, {outcomes.Count(o => o.Result is OpOutcome.Unexplained or OpOutcome.Wrong)} unexplained or wrong");
        text.AppendLine($"client: {Count(clientLogs, "AgentBayRequestRetrying")} retries, {Count(clientLogs, "AgentBayCreateReconciling")} create reconciliations "
            + $"({Count(clientLogs, "AgentBayCreateReconciled")} found the session, {Count(clientLogs, "AgentBayCreateNotFound")} found none and sent again)");
        text.AppendLine($"after the run: {leftBehind} sessions of the run left (all known to the client: {unknown == 0}), {duplicates} tokens on more than one session");
        text.AppendLine();
        text.AppendLine("| injected fault | before | after | surfaced as a failure (by operation) |");
        text.AppendLine("|---|---|---|---|");
        foreach (var kind in Enum.GetValues<FaultKind>())
        {
            var failures = outcomes.Where(o => o.Fault == kind).GroupBy(o => o.Operation).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}");
            text.AppendLine($"| {kind} | {injected.Count(f => f.Kind == kind && f.Phase == FaultPhase.BeforeAction)} | "
                + $"{injected.Count(f => f.Kind == kind && f.Phase == FaultPhase.AfterAction)} | {outcomes.Count(o => o.Fault == kind)}: {string.Join(", ", failures)} |");
        }

        text.AppendLine();
        text.AppendLine("| operation | total | ok | failed |");
        text.AppendLine("|---|---|---|---|");
        foreach (var group in outcomes.GroupBy(o => o.Operation).OrderBy(g => g.Key))
        {
            text.AppendLine($"| {group.Key} | {group.Count()} | {group.Count(o => o.Result == OpOutcome.Ok)} | {group.Count(o => o.Result != OpOutcome.Ok)} |");
        }

        foreach (var sample in outcomes.Where(o => o.Fault is not null).GroupBy(o => o.Fault).Select(g => g.First()))
        {
            text.AppendLine($"e.g. {sample.Fault} in {sample.Operation}: {sample.Detail}");
        }

        output.WriteLine(text.ToString());
    }

    private static int Count(LogCapture logs, string eventName) => logs.Entries.Count(e => e.Contains(eventName, StringComparison.Ordinal));
}
