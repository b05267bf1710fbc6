using System;
using System.IO;
using System.Threading;

namespace AgentBay.Emulator.Contexts;

/// <summary>
/// One context: identity, owner and metadata, and the folder holding its files (named by <see cref="Id"/>).
/// <see cref="Gate"/> serialises everything that reads or changes the files: syncs, commits of uploaded URL bodies,
/// clear and delete (docs/contexts.md §2, concurrency).
/// </summary>
internal sealed class ContextRecord(
    string id, string ownerId, long sequence, string name, string type, string? sessionId, DateTimeOffset createdAt, string folder)
{
    private long _lastUsedTicks = createdAt.UtcTicks;
    private string _name = name;
    private string _state = ContextStates.Available;

    public string Id { get; } = id;

    /// <summary>The stable identity of the owning API key (an HMAC of the key, never the key).</summary>
    public string OwnerId { get; } = ownerId;

    /// <summary>Creation order: listing order and page tokens.</summary>
    public long Sequence { get; } = sequence;

    /// <summary>Empty for a context made through GetContext; <c>file_transfer</c> for a session's internal one.</summary>
    public string Type { get; } = type;

    /// <summary>For an internal context: the session it belongs to (it goes with the session).</summary>
    public string? SessionId { get; } = sessionId;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public string Folder { get; } = folder;

    public string FilesRoot => Path.Combine(Folder, "files");

    /// <summary>Temporary files (uploads in progress, copies before their rename) live here, on the same file system.</summary>
    public string TempRoot => Path.Combine(Folder, "tmp");

    public string MetadataPath => Path.Combine(Folder, "context.json");

    public bool IsInternal => Type.Length > 0;

    public Lock Gate { get; } = new();

    /// <summary>Set (under <see cref="Gate"/>) when the context is deleted; later operations on it fail or are skipped.</summary>
    public bool Deleted { get; set; }

    public string Name
    {
        get => Volatile.Read(ref _name);
        set => Volatile.Write(ref _name, value);
    }

    public string State
    {
        get => Volatile.Read(ref _state);
        set => Volatile.Write(ref _state, value);
    }

    public DateTimeOffset LastUsedAt
    {
        get => new(Interlocked.Read(ref _lastUsedTicks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _lastUsedTicks, value.UtcTicks);
    }
}

/// <summary>Values of a context's <c>State</c> as the SDKs read them (clear polling waits for <c>available</c>).</summary>
internal static class ContextStates
{
    public const string Available = "available";
    public const string InUse = "in-use";
    public const string Clearing = "clearing";
}
