using System;
using System.Threading;
using System.Threading.Tasks;

namespace AgentBay.Emulator.Sandbox;

/// <summary>
/// Holds a session's namespace: made by the first command that needs it (concurrent first commands wait for one
/// start), made again if its first process died, never made once the session is closing.
/// </summary>
internal sealed class NamespaceSlot : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SessionNamespace? _current;
    private volatile bool _closed;

    /// <summary>The live namespace, started with <paramref name="start"/> when there is none.</summary>
    /// <exception cref="SandboxException">The session is closing, or the namespace could not be started.</exception>
    public async Task<SessionNamespace> GetAsync(Func<CancellationToken, Task<SessionNamespace>> start, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _current) is { IsAlive: true } live && !_closed)
        {
            return live;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfClosed();
            if (_current is { IsAlive: true } current)
            {
                return current;
            }

            Interlocked.Exchange(ref _current, null)?.Dispose();
            var started = await start(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _current, started);

            // Dispose may have run while we started it: then it is ours to end.
            if (_closed)
            {
                Interlocked.Exchange(ref _current, null)?.Dispose();
                ThrowIfClosed();
            }

            return started;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Ends the namespace, if any, and refuses every later start.</summary>
    public void Dispose()
    {
        _closed = true;
        Interlocked.Exchange(ref _current, null)?.Dispose();
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new SandboxException("the session is being deleted");
        }
    }
}
