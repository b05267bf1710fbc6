using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using AgentBay.Reliability.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Xunit;

namespace AgentBay.Reliability.Tests;

/// <summary>
/// Cancellation ends an operation within 100 ms wherever it is: in a request, in a backoff wait, in a Retry-After
/// wait, in a create's reconciliation. The fake clock never moves, so only the token can end the waits.
/// </summary>
public sealed class CancellationTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(100);
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _clock = FakeClock.New();
    private readonly LogCapture _logs = new();

    /// <summary>A client whose retry waits are long (or none), so a wait can only end by cancellation.</summary>
    private AgentBayClient Client(ScriptedService service, double baseDelaySeconds = 10) =>
        Clients.Over(service, o => o.Retry = new AgentBay.Runtime.AgentBayRetryOptions
        {
            MaxAttempts = 5,
            BaseDelay = TimeSpan.FromSeconds(baseDelaySeconds),
            MaxDelay = TimeSpan.FromSeconds(60),
        }, _logs.CreateLogger("AgentBay.Transport"));

    /// <summary>Starts <paramref name="operation"/>, waits until <paramref name="ready"/>, cancels and times how long the end takes.</summary>
    private static async Task<TimeSpan> CancelAsync(Func<CancellationToken, Task> operation, Func<bool> ready, string what)
    {
        using var cancellation = new CancellationTokenSource();
        var running = Task.Run(() => operation(cancellation.Token));
        await Deadline.UntilAsync(() => ready() || running.IsCompleted, what);
        Assert.False(running.IsCompleted, "the operation ended before it could be cancelled: " + what);

        // Stop the clock on the thread that ends the operation, so the test's own resumption (a thread-pool hop that a
        // loaded machine can delay) is not counted against the operation.
        var clock = Stopwatch.StartNew();
        var ended = running.ContinueWith(_ => clock.Stop(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        cancellation.Cancel();
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        await ended;
        Assert.Equal(cancellation.Token, error.CancellationToken);
        return clock.Elapsed;
    }

    [Fact]
    public async Task During_a_request()
    {
        var service = new ScriptedService(_clock).On("GetSession", ScriptedService.Hang);
        using var client = Client(service);

        var took = await CancelAsync(token => client.GetAsync("s-1", token), () => service.Calls.Count == 1, "the request is in flight");

        Assert.True(took < Budget, $"took {took.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task During_a_backoff_wait()
    {
        var service = new ScriptedService(_clock).On("GetSession", ScriptedService.Error(503, "ServiceUnavailable"));
        using var client = Client(service);

        var took = await CancelAsync(token => client.GetAsync("s-1", token), () => _logs.Contains("AgentBayRequestRetrying"), "the first retry wait began");

        Assert.True(took < Budget, $"took {took.TotalMilliseconds} ms");
        Assert.Single(service.Calls);
    }

    [Fact]
    public async Task During_a_Retry_After_wait()
    {
        var service = new ScriptedService(_clock).On("ListSession", ScriptedService.Error(429, "Throttling.User", "wait", ("Retry-After", "20")));
        using var client = Client(service);

        var took = await CancelAsync(token => client.ListAsync(cancellationToken: token), () => _logs.Contains("retrying in 20000 ms"), "the Retry-After wait began");

        Assert.True(took < Budget, $"took {took.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task During_a_synchronous_backoff_wait()
    {
        var service = new ScriptedService(_clock).On("GetSession", ScriptedService.Error(503, "ServiceUnavailable"));
        using var client = Client(service);

        var took = await CancelAsync(token => Task.Run(() => client.Get("s-1", token)), () => _logs.Contains("AgentBayRequestRetrying"), "the first retry wait began");

        Assert.True(took < Budget, $"took {took.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task During_a_create_reconciliation()
    {
        var service = new ScriptedService(_clock)
            .On("CreateMcpSession", ScriptedService.Error(503, "ServiceUnavailable"))
            .On("ListSession", ScriptedService.Hang);
        using var client = Client(service, baseDelaySeconds: 0);

        var took = await CancelAsync(token => client.CreateAsync(cancellationToken: token), () => service.CallsOf("ListSession").Count == 1, "the listing is in flight");

        Assert.True(took < Budget, $"took {took.TotalMilliseconds} ms");
        Assert.Single(service.CallsOf("CreateMcpSession"));
    }

    [Fact]
    public async Task During_the_polling_of_a_long_running_operation()
    {
        var service = new ScriptedService(_clock)
            .On("DeleteSessionAsync", ScriptedService.Ok())
            .On("GetSessionDetail", ScriptedService.Ok("{\"Status\":\"DELETING\"}"));
        using var client = Client(service);

        var took = await CancelAsync(token => Clients.SessionOf(client, "s-1").DeleteAsync(cancellationToken: token),
            () => service.CallsOf("GetSessionDetail").Count == 1, "polling began");

        Assert.True(took < Budget, $"took {took.TotalMilliseconds} ms");
    }
}
