using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace AgentBay.Runtime.Tests;

/// <summary>Shared fixtures: a transport over a stub handler and a fake clock.</summary>
public static class TestSupport
{
    public const string ApiKey = "akm-SECRET-7f3a9c2e41b8";
    public const string ApiVersion = "2025-05-06";
    public static readonly AgentBayServiceInfo Service = new("wuyingai.cn-shanghai.aliyuncs.com", ApiVersion);
    public static readonly DateTimeOffset Start = new(2026, 1, 29, 9, 0, 0, TimeSpan.Zero);

    public static DrivenClock NewClock() => new(Start);

    public static AgentBayTransport Transport(StubHandler handler, FakeTimeProvider? clock = null, string? endpoint = null,
        TimeSpan? timeout = null)
    {
        var options = new AgentBayOptions
        {
            ApiKey = ApiKey,
            Endpoint = endpoint,
            TimeProvider = (TimeProvider?)clock ?? TimeProvider.System,
        };
        if (timeout is not null)
        {
            options.Timeout = timeout.Value;
        }
        return new AgentBayTransport(options, Service, new HttpClient(handler));
    }

    /// <summary>
    /// Advances the fake clock one step at a time until the operation finishes. Each step lets exactly one wait
    /// elapse, because the runtime's continuations (ConfigureAwait(false)) then run inline inside Advance.
    /// </summary>
    public static async Task<T> DriveAsync<T>(FakeTimeProvider clock, ValueTask<T> operation, TimeSpan step, int maxSteps = 100_000)
    {
        Task<T> task = operation.AsTask();
        // Await continuations are only inlined on a thread without a synchronization context; xunit installs one.
        SynchronizationContext? testContext = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            for (int i = 0; i < maxSteps && !task.IsCompleted; i++)
            {
                clock.Advance(step);
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(testContext);
        }
        Assert.True(task.IsCompleted, "The operation did not finish within the allowed fake-clock steps.");
        return await task;
    }

    public static string Envelope(bool success = true, string? code = "ok", string? message = "", string requestId = "req-1",
        string? data = null, int httpStatusCode = 200)
    {
        string Field(string name, string? value) => value is null ? "" : $",\"{name}\":\"{value}\"";
        return $"{{\"RequestId\":\"{requestId}\",\"Success\":{(success ? "true" : "false")}{Field("Code", code)}{Field("Message", message)},\"HttpStatusCode\":{httpStatusCode}"
               + (data is null ? "" : $",\"Data\":{data}") + "}";
    }
}
