using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using AgentBay.Emulator.Http;

namespace AgentBay.Emulator.Tools;

/// <summary>
/// <c>get_file_change</c>, what the SDKs' <c>watch_directory</c> / <c>watchDirectory</c> poll (every 500 ms by default;
/// the first call only establishes the baseline). Per session and per watched directory, the first call takes a
/// snapshot of the tree (path → kind, size, modification time) and answers <c>[]</c>; every later call takes a new one,
/// answers what changed since the previous call and keeps the new one as the baseline. The text is the SDKs' format,
/// a JSON array of <c>{"eventType": "create"|"modify"|"delete", "path": "/tmp/w/a.txt", "pathType": "file"|"directory"}</c>
/// with session paths. A snapshot is a walk of the host folder, so it sees what file tools and shell commands do alike
/// in every sandbox mode, and is deterministic (no inotify queue to overflow or to lag behind).
/// </summary>
/// <remarks>
/// Directories have create and delete events only (a file appearing in one is the file's create, not a modify of the
/// directory); a path that turns from a file into a directory is a delete then a create. A modify within the timestamp
/// granularity of the file system with the same size is still seen: files changed in the last
/// <see cref="RacyWindow"/> before a snapshot also get a content hash. Limits: a walk records at most
/// <see cref="MaxEntries"/> entries (by name, depth first, never into symlinked directories; entries beyond the limit
/// are not watched and may show as created or deleted when the tree grows or shrinks across it), a call answers at
/// most <see cref="MaxEvents"/> events (the rest come with the next calls, at most <see cref="MaxPending"/> wait),
/// and a session watches at most <see cref="FileWatches.MaxWatched"/> directories (a new one replaces the one unused
/// longest). If the watched directory disappears, its entries are reported deleted; when it comes back they are created.
/// </remarks>
internal static class FileChangeTool
{
    public const int MaxEntries = 10_000;

    public const int MaxEvents = 1_000;

    public const int MaxPending = 20_000;

    private const long MaxHashedFileBytes = 1024 * 1024;

    private const long MaxHashedBytesPerScan = 16L * 1024 * 1024;

    private static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(2);

    public static ToolResult GetFileChange(ToolArgs args, ToolContext context)
    {
        var path = args.RequiredString("path");
        var root = context.Paths.Resolve(path);
        var watches = context.Session.FileWatches;
        lock (watches.Gate)
        {
            var watch = watches.Find(root.VirtualPath);
            if (watch is null)
            {
                FileTools.ExistingDirectory(context, path);
                watches.Add(root.VirtualPath, new DirectoryWatch(Scan(root.HostPath, previous: null)));
                return new ToolResult("[]");
            }

            var current = Directory.Exists(root.HostPath) ? Scan(root.HostPath, watch.Baseline) : TreeSnapshot.Empty;
            watch.Pending.AddRange(Diff(root.VirtualPath, watch.Baseline, current));
            watch.Baseline = current;
            if (watch.Pending.Count > MaxPending)
            {
                watch.Pending.RemoveRange(0, watch.Pending.Count - MaxPending);
            }

            var count = Math.Min(MaxEvents, watch.Pending.Count);
            var events = new JsonArray(watch.Pending.Take(count).Select(e => (JsonNode)new JsonObject
            {
                ["eventType"] = e.EventType,
                ["path"] = e.Path,
                ["pathType"] = e.IsDirectory ? "directory" : "file",
            }).ToArray());
            watch.Pending.RemoveRange(0, count);
            return new ToolResult(events.ToJsonString(JsonText.Options));
        }
    }

    /// <summary>
    /// The tree under <paramref name="hostRoot"/> by relative path. Each directory is read in name order and the walk is
    /// depth first, so a tree over the limit always yields the same first <see cref="MaxEntries"/> entries.
    /// </summary>
    private static TreeSnapshot Scan(string hostRoot, TreeSnapshot? previous)
    {
        var started = DateTime.UtcNow;
        var entries = new Dictionary<string, EntryState>(StringComparer.Ordinal);
        var hashBudget = MaxHashedBytesPerScan;
        var pending = new Stack<DirectoryInfo>();
        pending.Push(new DirectoryInfo(hostRoot));
        while (pending.Count > 0 && entries.Count < MaxEntries)
        {
            List<FileSystemInfo> children;
            try
            {
                children = [.. pending.Pop().EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal)];
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            var subdirectories = new List<DirectoryInfo>();
            foreach (var child in children)
            {
                if (entries.Count >= MaxEntries)
                {
                    break;
                }

                EntryState state;
                var isLink = child.Attributes.HasFlag(FileAttributes.ReparsePoint);
                try
                {
                    state = child is DirectoryInfo
                        ? new EntryState(IsDirectory: true, 0, 0, null)
                        : new EntryState(IsDirectory: false, ((FileInfo)child).Length, child.LastWriteTimeUtc.Ticks, null);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    continue; // gone between listing and reading: absent from this snapshot
                }

                var relative = Path.GetRelativePath(hostRoot, child.FullName).Replace('\\', '/');
                if (!state.IsDirectory && !isLink && NeedsHash(state, previous?.Entries.GetValueOrDefault(relative), started))
                {
                    state = state with { Hash = Hash(child.FullName, state.Size, ref hashBudget) };
                }

                entries[relative] = state;
                if (child is DirectoryInfo dir && !isLink)
                {
                    subdirectories.Add(dir);
                }
            }

            for (var i = subdirectories.Count - 1; i >= 0; i--)
            {
                pending.Push(subdirectories[i]);
            }
        }

        return new TreeSnapshot(entries);
    }

    /// <summary>
    /// A file changed so recently that a later change in the same timestamp tick with the same size would look
    /// identical, or one that was hashed last time and still looks the same: compare contents too.
    /// </summary>
    private static bool NeedsHash(EntryState state, EntryState? before, DateTime scanStarted) =>
        state.Size <= MaxHashedFileBytes
        && (state.ModifiedTicks >= (scanStarted - RacyWindow).Ticks
            || (before is { IsDirectory: false, Hash: not null } && before.Size == state.Size && before.ModifiedTicks == state.ModifiedTicks));

    private static byte[]? Hash(string hostPath, long size, ref long budget)
    {
        if (size > budget || !HostFileType.IsRegularFile(hostPath))
        {
            return null; // never open a FIFO or device: reading it could block
        }

        budget -= size;
        try
        {
            using var stream = new FileStream(hostPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return SHA256.HashData(stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Deletes (deepest first), then creates (parents first), then modifies; each group in path order.</summary>
    private static IEnumerable<ChangeEvent> Diff(string virtualRoot, TreeSnapshot before, TreeSnapshot after)
    {
        string Shown(string relative) => virtualRoot.TrimEnd('/') + "/" + relative;

        var deleted = new List<ChangeEvent>();
        var created = new List<ChangeEvent>();
        var modified = new List<ChangeEvent>();
        foreach (var (relative, old) in before.Entries)
        {
            if (!after.Entries.TryGetValue(relative, out var now) || now.IsDirectory != old.IsDirectory)
            {
                deleted.Add(new ChangeEvent("delete", Shown(relative), old.IsDirectory));
            }
            else if (!old.IsDirectory && IsModified(old, now))
            {
                modified.Add(new ChangeEvent("modify", Shown(relative), IsDirectory: false));
            }
        }

        foreach (var (relative, now) in after.Entries)
        {
            if (!before.Entries.TryGetValue(relative, out var old) || now.IsDirectory != old.IsDirectory)
            {
                created.Add(new ChangeEvent("create", Shown(relative), now.IsDirectory));
            }
        }

        return deleted.OrderByDescending(e => e.Path, StringComparer.Ordinal)
            .Concat(created.OrderBy(e => e.Path, StringComparer.Ordinal))
            .Concat(modified.OrderBy(e => e.Path, StringComparer.Ordinal));
    }

    private static bool IsModified(EntryState old, EntryState now) =>
        old.Size != now.Size
        || old.ModifiedTicks != now.ModifiedTicks
        || (old.Hash is not null && now.Hash is not null && !old.Hash.AsSpan().SequenceEqual(now.Hash));
}

/// <summary>One entry of a snapshot: its kind, and for a file its size, modification time and (if recent) content hash.</summary>
internal sealed record EntryState(bool IsDirectory, long Size, long ModifiedTicks, byte[]? Hash);

/// <summary>A watched tree at one moment, by path relative to the watched directory.</summary>
internal sealed record TreeSnapshot(IReadOnlyDictionary<string, EntryState> Entries)
{
    public static readonly TreeSnapshot Empty = new(new Dictionary<string, EntryState>());
}

/// <summary>A change as get_file_change reports it.</summary>
internal readonly record struct ChangeEvent(string EventType, string Path, bool IsDirectory);

/// <summary>The state of one watched directory: the last snapshot and events not yet answered.</summary>
internal sealed class DirectoryWatch(TreeSnapshot baseline)
{
    public TreeSnapshot Baseline { get; set; } = baseline;

    public List<ChangeEvent> Pending { get; } = [];

    public long LastUsed { get; set; }
}

/// <summary>A session's watched directories (get_file_change), by session path; hold <see cref="Gate"/> to use it.</summary>
internal sealed class FileWatches
{
    /// <summary>Most directories one session watches; a new one replaces the one unused longest.</summary>
    public const int MaxWatched = 16;

    private readonly Dictionary<string, DirectoryWatch> _watches = new(StringComparer.Ordinal);
    private long _clock;

    /// <summary>Serialises the calls of one session (a snapshot and its diff belong together).</summary>
    public System.Threading.Lock Gate { get; } = new();

    public DirectoryWatch? Find(string virtualPath)
    {
        if (_watches.TryGetValue(virtualPath, out var watch))
        {
            watch.LastUsed = ++_clock;
        }

        return watch;
    }

    public void Add(string virtualPath, DirectoryWatch watch)
    {
        if (_watches.Count >= MaxWatched)
        {
            _watches.Remove(_watches.MinBy(w => w.Value.LastUsed).Key);
        }

        watch.LastUsed = ++_clock;
        _watches[virtualPath] = watch;
    }
}
