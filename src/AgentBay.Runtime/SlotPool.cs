using System;
using System.Threading;

namespace AgentBay.Runtime;

/// <summary>
/// A few reusable objects shared by all threads: renting takes one out of a slot, returning puts it into a free slot
/// (both with one interlocked operation on the usual path). When every slot is empty a caller makes a new object, and
/// when every slot is full the returned object is dropped, so the pool never blocks and never grows.
/// </summary>
/// <remarks>
/// Used instead of [ThreadStatic] caches, whose per-access lookup costs more than these interlocked operations on
/// Linux, and which keep one object alive per thread that ever made a request.
/// </remarks>
internal sealed class SlotPool<T>
    where T : class
{
    // Slots are structs so that taking a reference to one needs no array covariance check (a runtime type lookup in
    // shared generic code, which showed up in profiles of every tool call).
    private readonly Slot[] _slots = new Slot[Math.Clamp(Environment.ProcessorCount * 2, 4, 64)];

    /// <summary>An object from the pool, or null when it is empty.</summary>
    public T? TryRent()
    {
        Slot[] slots = _slots;
        for (int i = 0; i < slots.Length; i++)
        {
            T? item = Interlocked.Exchange(ref slots[i].Item, null);
            if (item is not null)
            {
                return item;
            }
        }
        return null;
    }

    /// <summary>Keeps <paramref name="item"/> for the next renter; false when the pool is full (the caller drops it).</summary>
    public bool TryReturn(T item)
    {
        Slot[] slots = _slots;
        for (int i = 0; i < slots.Length; i++)
        {
            if (Interlocked.CompareExchange(ref slots[i].Item, item, null) is null)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Takes every pooled object out (for disposal).</summary>
    public void Drain(Action<T> release)
    {
        for (int i = 0; i < _slots.Length; i++)
        {
            if (Interlocked.Exchange(ref _slots[i].Item, null) is { } item)
            {
                release(item);
            }
        }
    }

    private struct Slot
    {
        public T? Item;
    }
}
