using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AgentBay.Runtime;
using Xunit;

namespace AgentBay.Telemetry.Tests;

/// <summary>
/// An HttpMessageHandler standing in for the service (the approach of tests/AgentBay.Client.Tests): canned replies per
/// action (the last one repeats), actions that never answer (until the request is cancelled or times out), and a hook
/// that runs as each request arrives (e.g. to move the fake clock, so durations are exact).
/// </summary>
public sealed class StubService : HttpMessageHandler
{
    public const string ApiKey = "akm-telemetry-secret-key-0123456789";

    private readonly ConcurrentDictionary<string, Queue<(HttpStatusCode Status, string Body)>> _replies = new();
    private readonly ConcurrentDictionary<string, bool> _hanging = new();

    /// <summary>A host of its own per stub, so the activities of one test can be told apart by <c>server.address</c>.</summary>
    public string Host { get; } = "stub-" + Guid.NewGuid().ToString("N")[..12] + ".test";

    /// <summary>Actions in the order they arrived.</summary>
    public List<string> Actions { get; } = new();

    /// <summary>Runs as each request arrives, with its action, before the reply.</summary>
    public Action<string>? OnRequest { get; set; }

    public StubService Reply(string action, string body, HttpStatusCode status = HttpStatusCode.OK)
    {
        _replies.GetOrAdd(action, _ => new Queue<(HttpStatusCode, string)>()).Enqueue((status, body));
        return this;
    }

    /// <summary>
    /// Requests for <paramref name="action"/> get no reply: they end when their token is cancelled. To time them out on a
    /// fake clock, move the clock past the timeout in <see cref="OnRequest"/> (a timeout that fires later ends the wait
    /// on another thread, which the fake clock's Drive cannot follow).
    /// </summary>
    public StubService Hang(string action)
    {
        _hanging[action] = true;
        return this;
    }

    public static string Ok(string data = "null", string requestId = "REQ-1") =>
        "{\"RequestId\":\"" + requestId + "\",\"Success\":true,\"Code\":\"ok\",\"Message\":\"\",\"HttpStatusCode\":200,\"Data\":" + data + "}";

    public static string Refused(string code, string message, string requestId = "REQ-2") =>
        "{\"RequestId\":\"" + requestId + "\",\"Success\":false,\"Code\":\"" + code + "\",\"Message\":\"" + message + "\",\"HttpStatusCode\":400}";

    public static string Tool(string text, bool isError = false) =>
        Ok("{\"content\":[{\"type\":\"text\",\"text\":" + System.Text.Json.JsonSerializer.Serialize(text) + "}],\"isError\":" + (isError ? "true" : "false") + "}");

    public AgentBayClient CreateClient(TimeProvider? time = null, TimeSpan? timeout = null, bool retries = true, TimeSpan? retryDelay = null) => new(
        new AgentBayOptions
        {
            ApiKey = ApiKey,
            Endpoint = "http://" + Host,
            TimeProvider = time ?? TimeProvider.System,
            Timeout = timeout ?? TimeSpan.FromSeconds(60),
            Retry = new AgentBayRetryOptions { Enabled = retries, BaseDelay = retryDelay ?? AgentBayRetryOptions.DefaultBaseDelay },
        },
        new HttpClient(this) { Timeout = System.Threading.Timeout.InfiniteTimeSpan });

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string action = Arrive(request);
        if (_hanging.ContainsKey(action))
        {
            cancellationToken.ThrowIfCancellationRequested();
            cancellationToken.WaitHandle.WaitOne();
            cancellationToken.ThrowIfCancellationRequested();
        }
        return Answer(action);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string action = Arrive(request);
        if (_hanging.ContainsKey(action))
        {
            // A token the OnRequest hook already had cancelled (by moving the fake clock past the timeout) ends the
            // request here, on this thread; otherwise it ends when cancelled.
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Delay(System.Threading.Timeout.Infinite, cancellationToken);
        }
        return Answer(action);
    }

    private string Arrive(HttpRequestMessage request)
    {
        Assert.Equal(Host, request.RequestUri!.Host);
        string action = ActionOf(request.RequestUri.Query);
        lock (Actions)
        {
            Actions.Add(action);
        }
        OnRequest?.Invoke(action);
        return action;
    }

    private HttpResponseMessage Answer(string action)
    {
        if (!_replies.TryGetValue(action, out var queue) || queue.Count == 0)
        {
            return new HttpResponseMessage(HttpStatusCode.BadRequest)
            {
                Content = new StringContent("{\"RequestId\":\"REQ-X\",\"Code\":\"InvalidAction.NotFound\",\"Message\":\"no stub reply for " + action + "\"}", Encoding.UTF8, "application/json"),
            };
        }

        var (status, text) = queue.Count > 1 ? queue.Dequeue() : queue.Peek();
        return new HttpResponseMessage(status) { Content = new StringContent(text, Encoding.UTF8, "application/json") };
    }

    private static string ActionOf(string query)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            if (pair.StartsWith("Action=", StringComparison.Ordinal))
            {
                return WebUtility.UrlDecode(pair["Action=".Length..]);
            }
        }
        throw new InvalidOperationException("A request without an Action: " + query);
    }
}
