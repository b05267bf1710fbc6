using System;
using System.Net.Http;
using AgentBay.Runtime;
using Microsoft.Extensions.Logging;

namespace AgentBay.Reliability.Tests.Infrastructure;

/// <summary>Generated clients over a scripted service or an emulator.</summary>
public static class Clients
{
    public const string ApiKey = "akm-reliability-9f2c41d7e8b3a6";

    /// <summary>A client over <paramref name="service"/> on its clock, retries on with small delays unless configured.</summary>
    public static AgentBayClient Over(ScriptedService service, Action<AgentBayOptions>? configure = null, ILogger? logger = null)
    {
        var options = new AgentBayOptions
        {
            ApiKey = ApiKey,
            Endpoint = "http://scripted.test",
            TimeProvider = service.Clock,
            Timeout = TimeSpan.FromSeconds(5),
            Retry = new AgentBayRetryOptions { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(200), MaxDelay = TimeSpan.FromSeconds(10) },
        };
        configure?.Invoke(options);
        return new AgentBayClient(new AgentBayTransport(options, AgentBayClient.ServiceInfo, new HttpClient(service), logger));
    }

    /// <summary>The session object the client hands out for an id (no call is made).</summary>
    public static Session SessionOf(AgentBayClient client, string id) => new(client.Transport, id);
}
