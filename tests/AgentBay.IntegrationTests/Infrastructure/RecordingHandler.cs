using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace AgentBay.IntegrationTests.Infrastructure;

/// <summary>Passes requests on to a real socket handler and records the Action of each (sync and async sends).</summary>
public sealed class RecordingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly ConcurrentQueue<string> _actions = new();

    public IReadOnlyList<string> Actions => _actions.ToArray();

    public int Count(string action) => _actions.Count(a => a == action);

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Record(request);
        return base.Send(request, cancellationToken);
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Record(request);
        return base.SendAsync(request, cancellationToken);
    }

    private void Record(HttpRequestMessage request)
    {
        var query = request.RequestUri?.Query ?? "";
        var action = query.TrimStart('?').Split('&')
            .Select(p => p.Split('=', 2))
            .FirstOrDefault(p => p[0] == "Action") is { Length: 2 } pair ? Uri.UnescapeDataString(pair[1]) : "?";
        _actions.Enqueue(action);
    }
}
