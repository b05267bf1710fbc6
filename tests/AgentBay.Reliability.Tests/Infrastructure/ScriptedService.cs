using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AgentBay.Reliability.Tests.Infrastructure;

/// <summary>A request as the scripted service received it, with the fake-clock time it arrived.</summary>
public sealed record Call(string Action, IReadOnlyDictionary<string, string> Form, DateTimeOffset At, bool Synchronous);

/// <summary>One scripted answer: a response, an exception, or a hang until the request is cancelled.</summary>
public delegate Task<HttpResponseMessage> Reply(Call call, CancellationToken cancellationToken);

/// <summary>
/// Stands in for the service: answers each action from its own script (the last reply repeats) and records every call
/// with the time on <see cref="Clock"/>, so tests can check how long the client waited between attempts.
/// </summary>
public sealed class ScriptedService(TimeProvider clock) : HttpMessageHandler
{
    private readonly Dictionary<string, Queue<Reply>> _scripts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Reply> _last = new(StringComparer.Ordinal);
    private readonly List<Call> _calls = [];

    public TimeProvider Clock { get; } = clock;

    public IReadOnlyList<Call> Calls
    {
        get
        {
            lock (_calls)
            {
                return _calls.ToArray();
            }
        }
    }

    public IReadOnlyList<Call> CallsOf(string action) => Calls.Where(c => c.Action == action).ToArray();

    public ScriptedService On(string action, params Reply[] replies)
    {
        lock (_scripts)
        {
            if (!_scripts.TryGetValue(action, out var queue))
            {
                _scripts[action] = queue = new Queue<Reply>();
            }

            foreach (var reply in replies)
            {
                queue.Enqueue(reply);
            }
        }

        return this;
    }

    public static Reply Json(int status, string body, params (string Name, string Value)[] headers) => (_, _) =>
    {
        var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return Task.FromResult(response);
    };

    public static Reply Ok(string data = "null") => Json(200, Envelopes.Ok(data));

    public static Reply Error(int status, string code, string message = "scripted failure", params (string, string)[] headers) =>
        Json(status, Envelopes.Error(status, code, message), headers);

    public static Reply Throw(Func<Exception> exception) => (_, _) => Task.FromException<HttpResponseMessage>(exception());

    /// <summary>Never answers; ends only when the client cancels (its own timeout or the caller's token).</summary>
    /// <remarks>
    /// Cancelled inline, on the thread that cancels: a cancelled Task.Delay would run what follows on the thread pool,
    /// behind the back of a test that moves a fake clock (FakeClock.DriveAsync) and counts on the client to have
    /// reacted to a fired timeout before the next step.
    /// </remarks>
    public static readonly Reply Hang = (_, token) =>
    {
        var hanging = new TaskCompletionSource<HttpResponseMessage>();
        token.Register(() => hanging.TrySetCanceled(token));
        return hanging.Task;
    };

    /// <summary>An answer computed from the call (e.g. a listing that depends on the labels asked for).</summary>
    public static Reply From(Func<Call, Reply> choose) => (call, token) => choose(call)(call, token);

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Answer(request, synchronous: true, cancellationToken).GetAwaiter().GetResult();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Answer(request, synchronous: false, cancellationToken);

    private Task<HttpResponseMessage> Answer(HttpRequestMessage request, bool synchronous, CancellationToken cancellationToken)
    {
        var query = Decode(request.RequestUri!.Query.TrimStart('?'));
        var form = Decode(request.Content is null ? "" : request.Content.ReadAsStringAsync(cancellationToken).GetAwaiter().GetResult());
        var call = new Call(query["Action"], form, Clock.GetUtcNow(), synchronous);
        lock (_calls)
        {
            _calls.Add(call);
        }

        Reply reply;
        lock (_scripts)
        {
            if (_scripts.TryGetValue(call.Action, out var queue) && queue.Count > 0)
            {
                _last[call.Action] = queue.Dequeue();
            }

            if (!_last.TryGetValue(call.Action, out reply!))
            {
                reply = Error(400, "InvalidAction.NotFound", "no script for " + call.Action);
            }
        }

        try
        {
            return reply(call, cancellationToken);
        }
        catch (Exception exception)
        {
            return Task.FromException<HttpResponseMessage>(exception);
        }
    }

    private static Dictionary<string, string> Decode(string encoded)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in encoded.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var cut = pair.IndexOf('=');
            result[WebUtility.UrlDecode(cut < 0 ? pair : pair[..cut])] = cut < 0 ? "" : WebUtility.UrlDecode(pair[(cut + 1)..]);
        }

        return result;
    }
}

/// <summary>Reply bodies in the service's envelope.</summary>
public static class Envelopes
{
    public static string Ok(string data = "null", string extra = "") =>
        "{\"RequestId\":\"REQ-OK\",\"Success\":true,\"Code\":\"ok\",\"Message\":\"\",\"HttpStatusCode\":200" + extra + ",\"Data\":" + data + "}";

    public static string Error(int status, string code, string message) =>
        "{\"RequestId\":\"REQ-ERR\",\"Success\":false,\"Code\":\"" + code + "\",\"Message\":\"" + message + "\",\"HttpStatusCode\":" + status + "}";

    public static string Session(string id) => "{\"SessionId\":\"" + id + "\",\"ResourceUrl\":\"https://resource/" + id + "\"}";

    public static string Status(string status) => "{\"SessionId\":\"s-1\",\"Status\":\"" + status + "\"}";

    public static string Listing(params string[] ids) =>
        Ok("[" + string.Join(",", ids.Select(id => "{\"SessionId\":\"" + id + "\",\"SessionStatus\":\"RUNNING\"}")) + "]",
            ",\"NextToken\":\"\",\"MaxResults\":10,\"TotalCount\":" + ids.Length);
}
