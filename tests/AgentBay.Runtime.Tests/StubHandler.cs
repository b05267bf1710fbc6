using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AgentBay.Runtime.Tests;

/// <summary>A request as the stub saw it, with query and form decoded.</summary>
public sealed class RecordedRequest
{
    public required HttpMethod Method { get; init; }
    public required Uri Uri { get; init; }
    public required bool ViaSyncSend { get; init; }
    public required IReadOnlyDictionary<string, string> Headers { get; init; }
    public required string? ContentType { get; init; }
    public required string RawQuery { get; init; }
    public required string RawBody { get; init; }
    /// <summary>Decoded query parameters in wire order.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Query { get; init; }
    /// <summary>Decoded form parameters in wire order.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Form { get; init; }

    public string Action => QueryValue("Action")!;
    public string? QueryValue(string name) => Query.Where(p => p.Key == name).Select(p => p.Value).SingleOrDefault();
    public string? FormValue(string name) => Form.Where(p => p.Key == name).Select(p => p.Value).SingleOrDefault();
}

/// <summary>Records requests and answers them from a queue of canned responders (the last one repeats).</summary>
public sealed class StubHandler : HttpMessageHandler
{
    private readonly Queue<Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>>> _responders = new();
    private Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>>? _last;

    public List<RecordedRequest> Requests { get; } = new();
    public int SyncSends { get; private set; }
    public int AsyncSends { get; private set; }
    public RecordedRequest LastRequest => Requests[^1];

    public StubHandler Respond(int status, string body, string contentType = "application/json")
        => Then((_, _) => Task.FromResult(Response(status, body, contentType)));

    public StubHandler RespondJson(string json) => Respond(200, json);

    /// <summary>A success envelope with <paramref name="dataJson"/> as Data.</summary>
    public StubHandler RespondData(string dataJson, string requestId = "req-1")
        => RespondJson($$"""{"RequestId":"{{requestId}}","Success":true,"Code":"ok","Message":"","HttpStatusCode":200,"Data":{{dataJson}}}""");

    public StubHandler Throw(Exception exception) => Then((_, _) => Task.FromException<HttpResponseMessage>(exception));

    public StubHandler Then(Func<RecordedRequest, CancellationToken, HttpResponseMessage> responder)
        => Then((request, token) => Task.FromResult(responder(request, token)));

    public StubHandler Then(Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>> responder)
    {
        _responders.Enqueue(responder);
        return this;
    }

    public static HttpResponseMessage Response(int status, string body, string contentType = "application/json")
        => new((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, contentType) };

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        SyncSends++;
        string body = request.Content is null ? "" : new System.IO.StreamReader(request.Content.ReadAsStream(cancellationToken)).ReadToEnd();
        Task<HttpResponseMessage> reply = Next(Record(request, body, sync: true), cancellationToken);
        if (!reply.IsCompleted)
        {
            throw new InvalidOperationException("A synchronous Send got an asynchronous responder.");
        }
        return reply.GetAwaiter().GetResult();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        AsyncSends++;
        string body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        return await Next(Record(request, body, sync: false), cancellationToken);
    }

    private Task<HttpResponseMessage> Next(RecordedRequest request, CancellationToken cancellationToken)
    {
        if (_responders.Count > 0)
        {
            _last = _responders.Dequeue();
        }
        if (_last is null)
        {
            throw new InvalidOperationException("No canned response for " + request.Action);
        }
        try
        {
            return _last(request, cancellationToken);
        }
        catch (Exception exception)
        {
            return Task.FromException<HttpResponseMessage>(exception);
        }
    }

    private RecordedRequest Record(HttpRequestMessage request, string body, bool sync)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers)
        {
            headers[header.Key] = string.Join(",", header.Value);
        }
        string rawQuery = request.RequestUri!.Query.TrimStart('?');
        var recorded = new RecordedRequest
        {
            Method = request.Method,
            Uri = request.RequestUri!,
            ViaSyncSend = sync,
            Headers = headers,
            ContentType = request.Content?.Headers.ContentType?.ToString(),
            RawQuery = rawQuery,
            RawBody = body,
            Query = Decode(rawQuery, plusIsSpace: false),
            Form = Decode(body, plusIsSpace: true),
        };
        Requests.Add(recorded);
        return recorded;
    }

    public static IReadOnlyList<KeyValuePair<string, string>> Decode(string encoded, bool plusIsSpace)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        if (encoded.Length == 0)
        {
            return pairs;
        }
        foreach (string part in encoded.Split('&'))
        {
            int equals = part.IndexOf('=');
            string name = equals < 0 ? part : part[..equals];
            string value = equals < 0 ? "" : part[(equals + 1)..];
            pairs.Add(new(Unescape(name, plusIsSpace), Unescape(value, plusIsSpace)));
        }
        return pairs;
    }

    private static string Unescape(string text, bool plusIsSpace)
        => Uri.UnescapeDataString(plusIsSpace ? text.Replace('+', ' ') : text);
}
