using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AgentBay.Emulator;
using AgentBay.Runtime;

namespace AgentBay.Reliability.Tests.Infrastructure;

/// <summary>What one operation came to: success, a failure naming an injected fault, or something unexplained.</summary>
public sealed record OpOutcome(string Operation, string Result, FaultKind? Fault = null, string? Detail = null)
{
    public const string Ok = "ok";
    public const string Failed = "failed";
    public const string Unexplained = "unexplained";
    public const string Wrong = "wrong result";
}

/// <summary>
/// Drives a mixed workload through the generated client: workers keep a few sessions each and run creates, reads,
/// shell commands, file writes and reads, labels, pause/resume and deletes, checking every result that claims success.
/// Sessions whose fate a failure left unknown (a failed delete or pause) are retired, not used again, and cleaned up
/// at the end; creates carry a token the test chooses, so sessions can be counted per create.
/// </summary>
public sealed class FaultRun(AgentBayClient client, string runLabel)
{
    public const string RunKey = "reliability-run";
    public const string TokenKey = "agentbay.client-token";

    private static readonly (string Name, int Weight)[] Mix =
    [
        ("create", 10), ("get", 7), ("list", 6), ("shell", 15), ("write", 9), ("read", 9),
        ("setLabels", 8), ("getLabels", 8), ("info", 7), ("pauseResume", 3), ("delete", 9),
    ];

    public ConcurrentQueue<OpOutcome> Outcomes { get; } = new();

    /// <summary>Sessions the client knows: live in a pool at the end, or retired after an unknown outcome.</summary>
    public ConcurrentDictionary<string, string> Known { get; } = new();

    /// <summary>Token of every create the client reported as successful, with the session id it got.</summary>
    public ConcurrentDictionary<string, string> CreatedByToken { get; } = new();

    public ConcurrentDictionary<string, bool> Deleted { get; } = new();

    private sealed class Tracked(Session session, string token)
    {
        public Session Session { get; } = session;
        public string Token { get; } = token;
        public List<Dictionary<string, string>> AcceptableLabels { get; } = [];
        public List<(string Path, string Content)> Files { get; } = [];
    }

    public async Task WorkAsync(int worker, Func<bool> takeTicket)
    {
        var random = new Random(1000 + worker);
        var pool = new List<Tracked>();
        var total = Mix.Sum(m => m.Weight);
        while (takeTicket())
        {
            var roll = random.Next(total);
            var name = Mix.First(m => (roll -= m.Weight) < 0).Name;
            if (pool.Count == 0)
            {
                name = "create";
            }
            else if (pool.Count >= 5 && name == "create")
            {
                name = "delete";
            }

            var target = pool.Count == 0 ? null : pool[random.Next(pool.Count)];
            if (name == "read" && target!.Files.Count == 0)
            {
                name = "write";
            }

            OpOutcome outcome;
            try
            {
                outcome = await RunAsync(name, target, pool, random);
            }
            catch (AgentBayException exception)
            {
                // Throw-mode operations (labels, info) raise SessionException; the message must name the fault.
                // A failed SetLabel may or may not have replaced the labels: both sets stay acceptable.
                outcome = Failure(name, exception.Message);
            }
            catch (Exception exception)
            {
                outcome = new OpOutcome(name, OpOutcome.Unexplained, Detail: exception.ToString());
            }

            Outcomes.Enqueue(outcome);
        }

        foreach (var tracked in pool)
        {
            Known[tracked.Session.SessionId] = "live";
        }
    }

    private async Task<OpOutcome> RunAsync(string name, Tracked? target, List<Tracked> pool, Random random)
    {
        var nonce = Guid.NewGuid().ToString("N")[..12];
        switch (name)
        {
            case "create":
            {
                var token = Guid.NewGuid().ToString("N");
                var result = await client.CreateAsync(new CreateSessionParams { Labels = new Dictionary<string, string> { [RunKey] = runLabel, [TokenKey] = token } });
                if (!result.Success)
                {
                    return Failure(name, result.ErrorMessage);
                }

                var tracked = new Tracked(result.Session, token);
                tracked.AcceptableLabels.Add(new() { [RunKey] = runLabel, [TokenKey] = token });
                pool.Add(tracked);
                CreatedByToken[token] = result.Session.SessionId;
                return Check(name, !string.IsNullOrEmpty(result.Session.SessionId), "no session id");
            }
            case "get":
            {
                var result = await client.GetAsync(target!.Session.SessionId);
                return result.Success ? Check(name, result.Session.SessionId == target.Session.SessionId, "another id") : Failure(name, result.ErrorMessage);
            }
            case "list":
            {
                var result = await client.ListAsync(new Dictionary<string, string> { [RunKey] = runLabel }, maxResults: 100);
                return result.Success ? Check(name, result.SessionIds.All(s => s.SessionId.Length > 0), "blank id") : Failure(name, result.ErrorMessage);
            }
            case "shell":
            {
                var result = await target!.Session.Tools.ShellAsync("echo " + nonce);
                return result.Success ? Check(name, result.Stdout == nonce + "\n", $"stdout '{result.Stdout}'") : Failure(name, result.ErrorMessage);
            }
            case "write":
            {
                var path = $"/home/user/f-{nonce}.txt";
                var result = await target!.Session.Tools.WriteFileAsync(path, "content " + nonce);
                if (!result.Success)
                {
                    return Failure(name, result.ErrorMessage);
                }

                target.Files.Add((path, "content " + nonce));
                return Check(name, true, "");
            }
            case "read":
            {
                var (path, content) = target!.Files[random.Next(target.Files.Count)];
                var result = await target.Session.Tools.ReadFileAsync(path);
                return result.Success ? Check(name, result.Data == content, $"read '{result.Data}'") : Failure(name, result.ErrorMessage);
            }
            case "setLabels":
            {
                var labels = new Dictionary<string, string> { [RunKey] = runLabel, [TokenKey] = target!.Token, ["n"] = nonce };
                target.AcceptableLabels.Add(labels);
                var result = await target.Session.SetLabelsAsync(labels);
                if (!result.Data)
                {
                    // SetLabel does not check Success (spec: checkSuccess false, as the SDKs): the refusal shows in Data and Code.
                    return result.Code is { } code ? Failure(name, $"[{code}] {result.Message}") : Failure(name, result.ErrorMessage);
                }

                target.AcceptableLabels.Clear();
                target.AcceptableLabels.Add(labels);
                return Check(name, result.Success, "success without data");
            }
            case "getLabels":
            {
                var result = await target!.Session.GetLabelsAsync();
                var acceptable = target.AcceptableLabels.Any(l => (result.Data is not null && l.Count == result.Data.Count && !l.Except(result.Data).Any()));
                return result.Success ? Check(name, acceptable, "labels " + string.Join(",", result.Data ?? new Dictionary<string, string>())) : Failure(name, result.ErrorMessage);
            }
            case "info":
            {
                var result = await target!.Session.InfoAsync();
                return result.Success ? Check(name, result.Data?.SessionId == target.Session.SessionId, "another id") : Failure(name, result.ErrorMessage);
            }
            case "pauseResume":
            {
                var paused = await target!.Session.PauseAsync(TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(100));
                if (!paused.Success)
                {
                    Retire(target, pool);
                    return Failure(name, paused.ErrorMessage);
                }

                var resumed = await target.Session.ResumeAsync(TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(100));
                if (!resumed.Success)
                {
                    Retire(target, pool);
                    return Failure(name, resumed.ErrorMessage);
                }

                return Check(name, paused.Status == "PAUSED" && resumed.Status == "RUNNING", $"{paused.Status}/{resumed.Status}");
            }
            case "delete":
            {
                var result = await target!.Session.DeleteAsync(timeout: TimeSpan.FromSeconds(20), pollInterval: TimeSpan.FromMilliseconds(50));
                pool.Remove(target);
                if (!result.Success)
                {
                    Known[target.Session.SessionId] = "retired";
                    return Failure(name, result.ErrorMessage);
                }

                Deleted[target.Session.SessionId] = true;
                return Check(name, true, "");
            }
            default:
                throw new InvalidOperationException(name);
        }
    }

    private void Retire(Tracked target, List<Tracked> pool)
    {
        pool.Remove(target);
        Known[target.Session.SessionId] = "retired";
    }

    private static OpOutcome Check(string name, bool correct, string detail) =>
        correct ? new OpOutcome(name, OpOutcome.Ok) : new OpOutcome(name, OpOutcome.Wrong, Detail: detail);

    private static OpOutcome Failure(string name, string? message) =>
        FaultNames.Of(message) is { } kind
            ? new OpOutcome(name, OpOutcome.Failed, kind, message)
            : new OpOutcome(name, OpOutcome.Unexplained, Detail: message ?? "(no message)");
}
