using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AgentBay;
using AgentBay.Runtime;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace AgentBay.Client.Tests;

/// <summary>A request as the stub received it: action, query and form parameters decoded.</summary>
public sealed record RecordedTransfer(string Method, Uri Url, byte[] Body, IReadOnlyList<string> Headers);

public sealed record RecordedRequest(string Action, IReadOnlyDictionary<string, string> Query, IReadOnlyDictionary<string, string> Form, bool Synchronous);

/// <summary>
/// An HttpMessageHandler standing in for the service: it records every request and answers from a queue of canned
/// replies per action (the last reply repeats).
/// </summary>
public sealed class StubService : HttpMessageHandler
{
    public const string ApiKey = "akm-test-secret-key-0123456789";

    private readonly ConcurrentDictionary<string, Queue<(HttpStatusCode Status, string Body)>> _replies = new();

    public List<RecordedRequest> Requests { get; } = new();

    /// <summary>Requests to the stub object store (host <c>oss.test</c>): presigned uploads and downloads.</summary>
    public List<RecordedTransfer> Transfers { get; } = new();

    /// <summary>What the object store answers: the status, and for a GET the bytes.</summary>
    public (HttpStatusCode Status, byte[] Body) Storage { get; set; } = (HttpStatusCode.OK, []);

    public StubService Reply(string action, string body, HttpStatusCode status = HttpStatusCode.OK)
    {
        _replies.GetOrAdd(action, _ => new Queue<(HttpStatusCode, string)>()).Enqueue((status, body));
        return this;
    }

    public static string Ok(string data = "null", string extra = "") =>
        "{\"RequestId\":\"REQ-1\",\"Success\":true,\"Code\":\"ok\",\"Message\":\"\",\"HttpStatusCode\":200" + extra + ",\"Data\":" + data + "}";

    public static string Tool(string text, bool isError = false) =>
        Ok("{\"content\":[{\"type\":\"text\",\"text\":" + System.Text.Json.JsonSerializer.Serialize(text) + "}],\"isError\":" + (isError ? "true" : "false") + "}");

    public AgentBayClient CreateClient(FakeTime? time = null) => new(
        new AgentBayOptions { ApiKey = ApiKey, Endpoint = "http://stub.test", TimeProvider = time?.Provider ?? TimeProvider.System },
        new HttpClient(this));

    public RecordedRequest Last(string action) => Requests.Last(r => r.Action == action);

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) => Answer(request, synchronous: true);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Task.FromResult(Answer(request, synchronous: false));

    private HttpResponseMessage Answer(HttpRequestMessage request, bool synchronous)
    {
        if (request.RequestUri!.Host == "oss.test")
        {
            return Store(request);
        }

        var query = Decode(request.RequestUri!.Query.TrimStart('?'));
        var body = request.Content is null ? "" : request.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        var form = Decode(body);
        var action = query["Action"];
        lock (Requests)
        {
            Requests.Add(new RecordedRequest(action, query, form, synchronous));
        }

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

    private HttpResponseMessage Store(HttpRequestMessage request)
    {
        var bytes = request.Content is null ? [] : request.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
        lock (Transfers)
        {
            Transfers.Add(new RecordedTransfer(request.Method.Method, request.RequestUri!, bytes,
                request.Headers.Select(h => h.Key + ": " + string.Join(",", h.Value)).ToList()));
        }

        var response = new HttpResponseMessage(Storage.Status) { Content = new ByteArrayContent(request.Method == HttpMethod.Get ? Storage.Body : []) };
        response.Headers.ETag = new System.Net.Http.Headers.EntityTagHeaderValue("\"etag-1\"");
        return response;
    }

    private static Dictionary<string, string> Decode(string encoded)
    {
        var result = new Dictionary<string, string>();
        foreach (var pair in encoded.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var cut = pair.IndexOf('=');
            var key = WebUtility.UrlDecode(cut < 0 ? pair : pair[..cut]);
            result[key] = cut < 0 ? "" : WebUtility.UrlDecode(pair[(cut + 1)..]);
        }

        return result;
    }
}
