using System;
using System.Collections.Generic;
using System.Threading;
using AgentBay.Emulator.Contexts;
using AgentBay.Emulator.Sandbox;
using AgentBay.Emulator.Tools;

namespace AgentBay.Emulator.Sessions;

/// <summary>One emulated session: its identity, labels, status and private file system.</summary>
internal sealed class Session
{
    private readonly Lock _gate = new();
    private string _status = SessionStatus.Running;
    private IReadOnlyDictionary<string, string> _labels;
    private int _transition;

    public Session(
        string id, string owner, long sequence, string imageId, IReadOnlyDictionary<string, string> labels, SessionFileSystem fs,
        bool hostLinkTargets = false)
    {
        Id = id;
        Owner = owner;
        Sequence = sequence;
        ImageId = imageId;
        _labels = labels;
        FileSystem = fs;
        Paths = new PathMapper(fs, hostLinkTargets);
        var suffix = id.StartsWith("session-", StringComparison.Ordinal) ? id["session-".Length..] : id;
        AppInstanceId = "ai-" + suffix;
        ResourceId = "p-" + suffix;
        AuthCode = Guid.NewGuid().ToString("N");
        Ticket = Guid.NewGuid().ToString("N");
    }

    public string Id { get; }

    /// <summary>Identity of the API key that created it; other keys see NotFound, as with another account.</summary>
    public string Owner { get; }

    /// <summary>Creation order, used for listing and for page tokens.</summary>
    public long Sequence { get; }

    public string ImageId { get; }

    public DateTimeOffset CreatedAt { get; } = DateTimeOffset.UtcNow;

    public string AppInstanceId { get; }

    public string ResourceId { get; }

    public string AuthCode { get; }

    public string Ticket { get; }

    public SessionFileSystem FileSystem { get; }

    public PathMapper Paths { get; }

    /// <summary>The directories get_file_change watches in this session, with their last snapshots.</summary>
    public FileWatches FileWatches { get; } = new();

    /// <summary>The contexts bound to the session, its sync tasks, and the lock that keeps syncs and removal apart.</summary>
    public SessionContexts Contexts { get; } = new();

    public string Status
    {
        get
        {
            lock (_gate)
            {
                return _status;
            }
        }
    }

    public IReadOnlyDictionary<string, string> Labels
    {
        get => Volatile.Read(ref _labels);
        set => Volatile.Write(ref _labels, value);
    }

    /// <summary>
    /// Moves from one of <paramref name="from"/> to <paramref name="to"/> atomically.
    /// Returns the transition number (for <see cref="TryComplete"/>), or -1 with the current status when not allowed.
    /// </summary>
    public int TryBegin(string[] from, string to, out string current)
    {
        lock (_gate)
        {
            current = _status;
            if (Array.IndexOf(from, _status) < 0)
            {
                return -1;
            }

            _status = to;
            return ++_transition;
        }
    }

    /// <summary>Finishes a delayed transition unless another one started meanwhile (e.g. delete during PAUSING).</summary>
    public bool TryComplete(int transition, string expected, string to, Action? whileLocked = null)
    {
        lock (_gate)
        {
            if (_transition != transition || _status != expected)
            {
                return false;
            }

            // Signals are sent under the lock so a concurrent resume cannot interleave with a stop.
            whileLocked?.Invoke();
            _status = to;
            return true;
        }
    }
}
