using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using AgentBay.Emulator.Http;
using AgentBay.Emulator.Sandbox;

namespace AgentBay.Emulator.Sessions;

/// <summary>A deleted session, remembered so GetSessionDetail can answer FINISH as the service does.</summary>
internal sealed record Tombstone(string Id, string Owner, long Sequence, string ImageId, DateTimeOffset DeletedAt);

/// <summary>Live sessions and tombstones of one emulator, each visible only to the API key that created it.</summary>
/// <param name="sessionsRoot">Folder the sessions' folders are made in.</param>
/// <param name="maxSessions">Live sessions allowed at once.</param>
/// <param name="mode">The sandbox mode (the none mode reads host link targets back as session paths).</param>
internal sealed class SessionStore(string sessionsRoot, int maxSessions, SandboxMode mode)
{
    private const int MaxTombstones = 10_000;
    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    private readonly ConcurrentDictionary<string, Session> _live = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Tombstone> _gone = new(StringComparer.Ordinal);
    private readonly Lock _createGate = new();
    private long _sequence;

    public int Count => _live.Count;

    /// <summary>Live sessions allowed at once.</summary>
    public int MaxSessions => maxSessions;

    public IEnumerable<Session> All => _live.Values;

    /// <summary>Creates a session; null when <c>MaxSessions</c> live sessions exist already.</summary>
    /// <param name="owner">Identity of the creating API key.</param>
    /// <param name="imageId">Image the caller asked for (recorded, not emulated).</param>
    /// <param name="labels">Initial labels.</param>
    /// <param name="id">Id to use (AutoGenSession re-creating a known id); null: a new one.</param>
    public Session? TryCreate(string owner, string imageId, IReadOnlyDictionary<string, string> labels, string? id = null)
    {
        lock (_createGate)
        {
            if (_live.Count >= maxSessions)
            {
                return null;
            }

            if (id is not null)
            {
                // The id names a folder on the host and may belong to another key: check it before using it.
                if (id.Length > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                {
                    throw ApiError.InvalidParameter("SessionId", "a session id has at most 64 letters, digits, '-' or '_'.");
                }

                if (_live.ContainsKey(id) || (_gone.TryGetValue(id, out var previous) && previous.Owner != owner))
                {
                    throw ApiError.InvalidParameter("SessionId", $"the id {id} is already in use.");
                }
            }

            id ??= NewId();
            _gone.TryRemove(id, out _);
            var fs = SessionFileSystem.Create(Path.Combine(sessionsRoot, id));
            var session = new Session(id, owner, Interlocked.Increment(ref _sequence), imageId, labels, fs, hostLinkTargets: mode == SandboxMode.None);
            _live[id] = session;
            return session;
        }
    }

    public Session? Find(string owner, string? id) =>
        id is not null && _live.TryGetValue(id, out var session) && session.Owner == owner ? session : null;

    /// <summary>The live session, or HTTP 400 InvalidMcpSession.NotFound (also for another key's session).</summary>
    public Session Get(string owner, string? id) =>
        Find(owner, id) ?? throw (id is null ? ApiError.MissingParameter("SessionId") : ApiError.SessionNotFound(id));

    public Tombstone? FindGone(string owner, string id) =>
        _gone.TryGetValue(id, out var tombstone) && tombstone.Owner == owner ? tombstone : null;

    public IReadOnlyList<Session> List(string owner) =>
        _live.Values.Where(s => s.Owner == owner).OrderBy(s => s.Sequence).ToList();

    public IReadOnlyList<Tombstone> ListGone(string owner) =>
        _gone.Values.Where(t => t.Owner == owner).OrderBy(t => t.Sequence).ToList();

    /// <summary>Removes a session for good: its folder goes, a tombstone stays.</summary>
    public void Bury(Session session)
    {
        if (!_live.TryGetValue(session.Id, out var live) || !ReferenceEquals(live, session))
        {
            return;
        }

        if (_gone.Count >= MaxTombstones)
        {
            foreach (var oldest in _gone.Values.OrderBy(t => t.Sequence).Take(MaxTombstones / 10))
            {
                _gone.TryRemove(oldest.Id, out _);
            }
        }

        // Tombstone first, then the folder, then removal: a concurrent lookup always finds the session one way or the
        // other, and once it reads as gone (FINISH) its files are gone too.
        _gone[session.Id] = new Tombstone(session.Id, session.Owner, session.Sequence, session.ImageId, DateTimeOffset.UtcNow);
        session.FileSystem.Delete();
        _live.TryRemove(new KeyValuePair<string, Session>(session.Id, session));
    }

    /// <summary>Removes a session the client never saw (its create failed after it was made): no tombstone.</summary>
    public void Discard(Session session)
    {
        if (_live.TryRemove(new KeyValuePair<string, Session>(session.Id, session)))
        {
            session.FileSystem.Delete();
        }
    }

    /// <summary>Ids shaped like the service's: <c>session-</c> and 17 lower-case letters or digits.</summary>
    private string NewId()
    {
        while (true)
        {
            var id = "session-" + RandomNumberGenerator.GetString(IdAlphabet, 17);
            if (!_live.ContainsKey(id) && !_gone.ContainsKey(id))
            {
                return id;
            }
        }
    }
}
