using System.Collections.Concurrent;
using AgentBay;

namespace AgentBay.ValidUsage;

/// <summary>Sessions whose ownership moves elsewhere: returned, stored, passed on, captured. None is a leak here.</summary>
public sealed class HandedOffSessions(AgentBayClient client) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Session> _pool = new();
    private readonly List<Session> _all = [];
    private Session? _current;

    public Session? Current { get; private set; }

    public async Task<Session> OpenAsync()
    {
        var session = (await client.CreateAsync()).Session;
        await session.SetLabelsAsync(new Dictionary<string, string> { ["owner"] = "valid-usage" });
        return session;
    }

    public Session Open() => client.Create().Session;

    public async Task<(Session Session, string Link)> OpenWithLinkAsync()
    {
        var session = (await client.CreateAsync()).Session;
        var link = await session.GetLinkAsync(port: 30150);
        return (session, link.Data ?? "");
    }

    public async Task KeepInFieldAsync() => _current = (await client.CreateAsync()).Session;

    public async Task KeepInPropertyAsync()
    {
        var session = (await client.CreateAsync()).Session;
        Current = session;
    }

    public async Task PoolAsync(string key)
    {
        var session = (await client.CreateAsync()).Session;
        _pool[key] = session;
        _all.Add(session);
    }

    public async Task<SessionWorker> StartWorkerAsync()
    {
        var session = (await client.CreateAsync()).Session;
        return new SessionWorker(session);
    }

    public async Task<Func<Task>> DeferredCleanupAsync()
    {
        var session = (await client.CreateAsync()).Session;
        return async () => await session.DeleteAsync();
    }

    public async Task WithLocalFunctionAsync()
    {
        var session = (await client.CreateAsync()).Session;
        await session.Tools.ShellAsync("ls");
        await CleanupAsync();

        async Task CleanupAsync() => await session.DeleteAsync();
    }

    public bool TryOpen(out Session session)
    {
        session = client.Create().Session;
        return true;
    }

    public IEnumerable<Session> OpenMany(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return client.Create().Session;
        }
    }

    public async Task<SessionResult> OpenRawAsync() => await client.CreateAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var session in _all)
        {
            await session.DisposeAsync();
        }

        _current?.Dispose();
        Current?.Dispose();
    }
}

/// <summary>Takes ownership of a session, the way a DI-registered service would.</summary>
public sealed class SessionWorker(Session session) : IAsyncDisposable
{
    public Task<ShellResult> RunAsync(string command) => session.Tools.ShellAsync(command);

    public ValueTask DisposeAsync() => session.DisposeAsync();
}
