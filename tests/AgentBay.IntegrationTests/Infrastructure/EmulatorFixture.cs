using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using AgentBay.Emulator;
using AgentBay.Runtime;
using AgentBay.TestSupport;
using Xunit;

namespace AgentBay.IntegrationTests.Infrastructure;

/// <summary>
/// One in-process emulator per test class (xunit class fixture) and a typed client for it. Lifecycle delays are short,
/// so typed pause/resume/delete finish in a few hundred milliseconds when polled with <see cref="FastPoll"/>.
/// </summary>
public class EmulatorFixture : IAsyncLifetime
{
    /// <summary>Poll interval the tests pass to pause, resume and delete (the defaults are 1–2 s).</summary>
    public static readonly TimeSpan FastPoll = TimeSpan.FromMilliseconds(50);

    /// <summary>Upper bound for a typed pause/resume/delete that is expected to finish; far above the emulator's delays.</summary>
    public static readonly TimeSpan LifecycleTimeout = TimeSpan.FromSeconds(20);

    private readonly Dictionary<SandboxMode, (AgentBayEmulator Emulator, AgentBayClient Client)> _bySandbox = [];
    private readonly SemaphoreSlim _sandboxGate = new(1, 1);
    private AgentBayEmulator? _emulator;
    private AgentBayClient? _client;

    /// <summary>The emulator of this test class.</summary>
    public AgentBayEmulator Emulator => _emulator ?? throw new InvalidOperationException("The emulator is not started.");

    /// <summary>A client with the emulator's key.</summary>
    public AgentBayClient Client => _client ?? throw new InvalidOperationException("The emulator is not started.");

    /// <summary>Delay of PAUSING → PAUSED.</summary>
    public virtual TimeSpan PauseDelay => TimeSpan.FromMilliseconds(200);

    /// <summary>Delay of RESUMING → RUNNING.</summary>
    public virtual TimeSpan ResumeDelay => TimeSpan.FromMilliseconds(200);

    /// <summary>Delay of DELETING → gone.</summary>
    public virtual TimeSpan DeleteDelay => TimeSpan.FromMilliseconds(100);

    public async Task InitializeAsync()
    {
        _emulator = await AgentBayEmulator.StartAsync(new EmulatorOptions
        {
            PauseDelay = PauseDelay,
            ResumeDelay = ResumeDelay,
            DeleteDelay = DeleteDelay,
        });
        _client = NewClient(_emulator.ApiKey);
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }

        foreach (var (emulator, client) in _bySandbox.Values)
        {
            client.Dispose();
            await emulator.DisposeAsync();
        }
    }

    /// <summary>
    /// This class's emulator in exactly <paramref name="sandbox"/> (started on first use, with the same delays), and a
    /// client for it. Use in a <c>[SandboxTheory]</c>, which reports modes that do not work here as skipped.
    /// </summary>
    public async Task<(AgentBayEmulator Emulator, AgentBayClient Client)> InAsync(SandboxMode sandbox)
    {
        await _sandboxGate.WaitAsync();
        try
        {
            if (!_bySandbox.TryGetValue(sandbox, out var entry))
            {
                var emulator = await AgentBayEmulator.StartAsync(new EmulatorOptions
                {
                    PauseDelay = PauseDelay,
                    ResumeDelay = ResumeDelay,
                    DeleteDelay = DeleteDelay,
                    Sandbox = Sandboxes.Require(sandbox),
                });
                Assert.Equal(sandbox, emulator.Sandbox);
                entry = (emulator, new AgentBayClient(new AgentBayOptions { ApiKey = emulator.ApiKey, Endpoint = emulator.Endpoint, Timeout = TimeSpan.FromSeconds(30) }));
                _bySandbox[sandbox] = entry;
            }

            return entry;
        }
        finally
        {
            _sandboxGate.Release();
        }
    }

    /// <summary>Creates a session in this class's emulator of <paramref name="sandbox"/>; the lease deletes it.</summary>
    public async Task<SessionLease> CreateSessionAsync(SandboxMode sandbox, IReadOnlyDictionary<string, string>? labels = null)
    {
        var (_, client) = await InAsync(sandbox);
        var created = await client.CreateAsync(new CreateSessionParams { ImageId = "linux_latest", Labels = labels });
        Assert.True(created.Success, created.ErrorMessage);
        return new SessionLease(created.Session);
    }

    /// <summary>Client options for this emulator with <paramref name="apiKey"/>.</summary>
    public AgentBayOptions Options(string? apiKey) => new()
    {
        ApiKey = apiKey,
        Endpoint = Emulator.Endpoint,
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>A new client for this emulator (the caller disposes it).</summary>
    public AgentBayClient NewClient(string apiKey, HttpClient? httpClient = null) => new(Options(apiKey), httpClient);

    /// <summary>Creates a session through the typed client; the lease deletes it (fast polling) when disposed.</summary>
    public async Task<SessionLease> CreateSessionAsync(IReadOnlyDictionary<string, string>? labels = null)
    {
        var created = await Client.CreateAsync(new CreateSessionParams { ImageId = "linux_latest", Labels = labels });
        Assert.True(created.Success, created.ErrorMessage);
        return new SessionLease(created.Session);
    }
}

/// <summary>PAUSING lasts 30 s: long enough to observe it, to time out a pause, and to cancel its polling.</summary>
public sealed class SlowPauseEmulatorFixture : EmulatorFixture
{
    public override TimeSpan PauseDelay => TimeSpan.FromSeconds(30);
}

/// <summary>RESUMING lasts 30 s (pausing is fast): observe RESUMING, time out and cancel a resume.</summary>
public sealed class SlowResumeEmulatorFixture : EmulatorFixture
{
    public override TimeSpan ResumeDelay => TimeSpan.FromSeconds(30);
}

/// <summary>DELETING lasts 3 s: long enough to cancel a delete poll while it waits.</summary>
public sealed class SlowDeleteEmulatorFixture : EmulatorFixture
{
    public override TimeSpan DeleteDelay => TimeSpan.FromSeconds(3);
}

/// <summary>A session a test owns: disposing it deletes it with fast polling, then disposes the typed session.</summary>
public sealed class SessionLease(Session session) : IAsyncDisposable
{
    public Session Session { get; } = session;

    public string Id => Session.SessionId;

    public SessionTools Tools => Session.Tools;

    public async ValueTask DisposeAsync()
    {
        // Already deleted by the test: this answers NotFound at once, without polling.
        await Session.DeleteAsync(timeout: EmulatorFixture.LifecycleTimeout, pollInterval: EmulatorFixture.FastPoll);
        await Session.DisposeAsync();
    }
}
