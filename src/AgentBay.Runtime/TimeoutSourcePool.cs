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
    private readonly SlotPool<CancellationTokenSource> _sources = new();
    private volatile bool _disposed;

    /// <summary>A source that is not cancelled and has no timer armed.</summary>
    public CancellationTokenSource Rent() => _sources.TryRent() ?? new CancellationTokenSource();

    /// <summary>Disarms <paramref name="source"/> and keeps it for the next request, or disposes it when it fired.</summary>
    public void Return(CancellationTokenSource source)
    {
        if (!_disposed && source.TryReset() && _sources.TryReturn(source))
        {
            if (_disposed)
            {
                // Raced with Dispose: make sure no source outlives the pool.
                _sources.Drain(static source => source.Dispose());
            }
            return;
        }
        source.Dispose();
    }

    public void Dispose()
    {
        _disposed = true;
        _sources.Drain(static source => source.Dispose());
    }
}
