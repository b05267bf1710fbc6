using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using AgentBay.Reliability.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Xunit;

namespace AgentBay.Reliability.Tests;

/// <summary>
/// Cancellation ends an operation wherever it is: in a request, in a backoff wait, in a Retry-After wait, in a create's
/// reconciliation, in the polling of a long-running operation. The fake clock never moves and a hanging reply never
/// comes, so nothing but the token can end these waits: an operation that ends at all (bounded by 20 s, reached only
/// on failure) was ended by its token, which the exception must name. (No stopwatch budget: a cancelled wait resumes
/// on the thread pool, which a loaded machine runs late.)
/// </summary>
public sealed class CancellationTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private readonly DrivenClock _clock = FakeClock.New();
    private readonly LogCapture _logs = new();

    /// <summary>A client whose retry waits are long (or none), so a wait can only end by cancellation.</summary>
    private AgentBayClient Client(ScriptedService service, double baseDelaySeconds = 10) =>
        Clients.Over(service, o => o.Retry = new AgentBay.Runtime.AgentBayRetryOptions
        {
            MaxAttempts = 5,
            BaseDelay = TimeSpan.FromSeconds(baseDelaySeconds),
            MaxDelay = TimeSpan.FromSeconds(60),
        }, _logs.CreateLogger("AgentBay.Transport"));

    /// <summary>
    /// Starts <paramref name="operation"/> on this thread, where it runs until it waits (the scripted service answers
    /// at once or hangs), so it is checked to be <paramref name="ready"/> in the very wait that is then cancelled.
    /// </summary>
    private static async Task CancelAsync(Func<CancellationToken, Task> operation, Func<bool> ready, string what)
    {
        using var cancellation = new CancellationTokenSource();
        var running = operation(cancellation.Token);
        Assert.True(ready(), "the operation does not wait where it should be cancelled: " + what);
        Assert.False(running.IsCompleted, "the operation ended before it could be cancelled: " + what);

        cancellation.Cancel();

        Assert.True(await Task.WhenAny(running, Task.Delay(Bound)) == running, $"the operation did not end within {Bound.TotalSeconds} s of its cancellation: {what}");
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.Equal(cancellation.Token, error.CancellationToken);
    }

    [Fact]
    public async Task During_a_request()
    {
        var service = new ScriptedService(_clock).On("GetSession", ScriptedService.Hang);
        using var client = Client(service);

        await CancelAsync(token => client.GetAsync("s-1", token), () => service.Calls.Count == 1, "the request is in flight");
    }

    [Fact]
    public async Task During_a_backoff_wait()
    {
        var service = new ScriptedService(_clock).On("GetSession", ScriptedService.Error(503, "ServiceUnavailable"));
        using var client = Client(service);

        await CancelAsync(token => client.GetAsync("s-1", token), () => _logs.Contains("AgentBayRequestRetrying"), "the first retry wait began");

        Assert.Single(service.Calls);
    }

    [Fact]
    public async Task During_a_Retry_After_wait()
    {
        var service = new ScriptedService(_clock).On("ListSession", ScriptedService.Error(429, "Throttling.User", "wait", ("Retry-After", "20")));
        using var client = Client(service);

        await CancelAsync(token => client.ListAsync(cancellationToken: token), () => _logs.Contains("retrying in 20000 ms"), "the Retry-After wait began");
    }

    [Fact]
    public void During_a_synchronous_backoff_wait()
    {
        var service = new ScriptedService(_clock).On("GetSession", ScriptedService.Error(503, "ServiceUnavailable"));
        using var client = Client(service);
        using var cancellation = new CancellationTokenSource();
        Exception? failure = null;
        var worker = new Thread(() =>
        {
            try
            {
                client.Get("s-1", cancellation.Token);
            }
            catch (Exception exception)
            {
                failure = exception;
            }
        }) { IsBackground = true };
        worker.Start();

        // Cancelled once the retry was announced and the thread blocks in its wait, which the frozen clock never ends.
        var real = Stopwatch.StartNew();
        while (worker.IsAlive && !(_logs.Contains("AgentBayRequestRetrying") && (worker.ThreadState & System.Threading.ThreadState.WaitSleepJoin) != 0))
        {
            Assert.True(real.Elapsed < Bound, "the first retry wait never began");
            Thread.Sleep(1);
        }
        Assert.True(worker.IsAlive, "the call ended before it could be cancelled: " + failure);
        cancellation.Cancel();

        Assert.True(worker.Join(Bound), "the blocking wait did not end when its token was cancelled");
        var error = Assert.IsAssignableFrom<OperationCanceledException>(failure);
        Assert.Equal(cancellation.Token, error.CancellationToken);
    }

    [Fact]
    public async Task During_a_create_reconciliation()
    {
        var service = new ScriptedService(_clock)
            .On("CreateMcpSession", ScriptedService.Error(503, "ServiceUnavailable"))
            .On("ListSession", ScriptedService.Hang);
        using var client = Client(service, baseDelaySeconds: 0);

        await CancelAsync(token => client.CreateAsync(cancellationToken: token), () => service.CallsOf("ListSession").Count == 1, "the listing is in flight");

        Assert.Single(service.CallsOf("CreateMcpSession"));
    }

    [Fact]
    public async Task During_the_polling_of_a_long_running_operation()
    {
        var service = new ScriptedService(_clock)
            .On("DeleteSessionAsync", ScriptedService.Ok())
            .On("GetSessionDetail", ScriptedService.Ok("{\"Status\":\"DELETING\"}"));
        using var client = Client(service);

        await CancelAsync(token => Clients.SessionOf(client, "s-1").DeleteAsync(cancellationToken: token),
            () => service.CallsOf("GetSessionDetail").Count == 1, "polling began");
    }
}
