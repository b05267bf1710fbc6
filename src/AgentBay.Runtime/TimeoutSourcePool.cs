using System;
using System.Threading;

namespace AgentBay.Runtime;

/// <summary>
/// Reusable per-request timeout sources on the system clock. A source whose timer never fired and that was never
/// cancelled can be reset (<see cref="CancellationTokenSource.TryReset"/>) and armed again with
/// <see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/>, which reuses its timer: a request then allocates neither
/// a source nor a timer. A source that did fire is disposed instead of being returned.
/// </summary>
internal sealed class TimeoutSourcePool : IDisposable
{
    // Enough for the requests one transport has in flight at a time on a typical machine; beyond that, sources are
    // simply created and disposed as before.
    private readonly CancellationTokenSource?[] _sources = new CancellationTokenSource?[Math.Clamp(Environment.ProcessorCount * 2, 4, 64)];
    private volatile bool _disposed;

    /// <summary>A source that is not cancelled and has no timer armed.</summary>
    public CancellationTokenSource Rent()
    {
        for (int i = 0; i < _sources.Length; i++)
        {
            CancellationTokenSource? source = Interlocked.Exchange(ref _sources[i], null);
            if (source is not null)
            {
                return source;
            }
        }
        return new CancellationTokenSource();
    }

    /// <summary>Disarms <paramref name="source"/> and keeps it for the next request, or disposes it when it fired.</summary>
    public void Return(CancellationTokenSource source)
    {
        if (!_disposed && source.TryReset())
        {
            for (int i = 0; i < _sources.Length; i++)
            {
                if (Interlocked.CompareExchange(ref _sources[i], source, null) is null)
                {
                    if (_disposed)
                    {
                        // Raced with Dispose: make sure the source does not outlive the pool.
                        Interlocked.Exchange(ref _sources[i], null)?.Dispose();
                    }
                    return;
                }
            }
        }
        source.Dispose();
    }

    public void Dispose()
    {
        _disposed = true;
        for (int i = 0; i < _sources.Length; i++)
        {
            Interlocked.Exchange(ref _sources[i], null)?.Dispose();
        }
    }
}
