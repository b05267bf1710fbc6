using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace AgentBay.Emulator.Contexts;

/// <summary>
/// A context as one session sees it: where its files appear in the session and under which policy.
/// </summary>
/// <param name="context">The context.</param>
/// <param name="mountPath">Canonical session path of the context's root.</param>
/// <param name="identity">The file transfer context: its file paths are session paths (any session path may be synced).</param>
/// <param name="policy">The entry's SyncPolicy.</param>
/// <param name="fromCreate">Given in CreateMcpSession's PersistenceDataList (synced by a SyncContext without parameters, uploaded at release).</param>
internal sealed class ContextBinding(ContextRecord context, string mountPath, bool identity, SyncPolicy policy, bool fromCreate)
{
    public ContextRecord Context { get; } = context;

    public string MountPath { get; } = mountPath;

    public bool Identity { get; } = identity;

    public SyncPolicy Policy { get; } = policy;

    public bool FromCreate { get; } = fromCreate;

    /// <summary>
    /// Context paths this session received from the context or gave to it: an upload deletes those of them the session
    /// no longer has (<c>deletePolicy.syncLocalFile</c>), and never a file it has not seen. Guarded by the context's lock.
    /// </summary>
    public HashSet<string> Known { get; } = new(StringComparer.Ordinal);
}

/// <summary>One sync task as GetContextInfo reports it (times in Unix seconds).</summary>
internal sealed record SyncTask(string ContextId, string Path, string TaskType, string Status, string ErrorMessage, long StartTime, long FinishTime)
{
    public const string Upload = "upload";
    public const string Download = "download";
    public const string Success = "Success";
    public const string Failed = "Failed";

    /// <summary>Order of recording, so the report lists tasks as they happened.</summary>
    public long Sequence { get; init; }
}

/// <summary>
/// The context state of one session: its bindings, the latest task per (context, path, task type), and the lock that
/// keeps syncs and the removal of the session's folder apart (<see cref="FileGate"/>, always taken before a context's lock).
/// </summary>
internal sealed class SessionContexts
{
    private const int MaxTasks = 1000;
    private readonly Lock _gate = new();
    private readonly List<ContextBinding> _bindings = [];
    private readonly Dictionary<(string ContextId, string Path, string TaskType), SyncTask> _tasks = [];
    private ContextBinding? _fileTransfer;
    private long _sequence;

    /// <summary>Held by every copy between the session and a context, and by the release that removes the session's folder.</summary>
    public Lock FileGate { get; } = new();

    /// <summary>Set (under <see cref="FileGate"/>) once the session is being removed: no more syncs or bindings.</summary>
    public bool Closed { get; private set; }

    public IReadOnlyList<ContextBinding> Bindings
    {
        get
        {
            lock (_gate)
            {
                return _fileTransfer is null ? [.. _bindings] : [.. _bindings, _fileTransfer];
            }
        }
    }

    public ContextBinding? FileTransfer
    {
        get
        {
            lock (_gate)
            {
                return _fileTransfer;
            }
        }
    }

    public void Add(ContextBinding binding)
    {
        lock (_gate)
        {
            _bindings.Add(binding);
        }
    }

    public void SetFileTransfer(ContextBinding binding)
    {
        lock (_gate)
        {
            _fileTransfer = binding;
        }
    }

    public bool Binds(string contextId)
    {
        lock (_gate)
        {
            return _fileTransfer?.Context.Id == contextId || _bindings.Any(b => b.Context.Id == contextId);
        }
    }

    public void Record(SyncTask task)
    {
        lock (_gate)
        {
            _tasks[(task.ContextId, task.Path, task.TaskType)] = task with { Sequence = ++_sequence };
            if (_tasks.Count > MaxTasks)
            {
                foreach (var oldest in _tasks.OrderBy(t => t.Value.Sequence).Take(MaxTasks / 10).Select(t => t.Key).ToList())
                {
                    _tasks.Remove(oldest);
                }
            }
        }
    }

    /// <summary>The latest task per (context, path, type) matching the filters (null: any), in the order they ran.</summary>
    public IReadOnlyList<SyncTask> Tasks(string? contextId, Func<string, bool>? pathMatches, string? taskType)
    {
        lock (_gate)
        {
            return _tasks.Values
                .Where(t => (contextId is null || t.ContextId == contextId)
                    && (pathMatches is null || pathMatches(t.Path))
                    && (taskType is null || string.Equals(t.TaskType, taskType, StringComparison.OrdinalIgnoreCase)))
                .OrderBy(t => t.Sequence)
                .ToList();
        }
    }

    /// <summary>Marks the session gone (call with <see cref="FileGate"/> held); returns what was bound, now forgotten.</summary>
    public IReadOnlyList<ContextBinding> Close()
    {
        lock (_gate)
        {
            Closed = true;
            IReadOnlyList<ContextBinding> all = _fileTransfer is null ? [.. _bindings] : [.. _bindings, _fileTransfer];
            _bindings.Clear();
            _fileTransfer = null;
            return all;
        }
    }
}
