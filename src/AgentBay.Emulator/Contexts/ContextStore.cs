using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using AgentBay.Emulator.Http;
using Microsoft.Extensions.Logging;

namespace AgentBay.Emulator.Contexts;

/// <summary>An entry of a context folder, as DescribeContextFiles lists it.</summary>
internal sealed record ContextEntry(string Path, string Name, bool IsFolder, long Size, DateTimeOffset Created, DateTimeOffset Modified);

/// <summary>
/// The contexts of one emulator on disk: <c>&lt;data&gt;/contexts/&lt;id&gt;/context.json</c> and <c>files/</c>.
/// Every change is a rename of something complete (a metadata file, an uploaded file, a whole new context folder, a
/// deleted context folder moved out), so a crash at any point leaves each context as it was before or after the
/// change; what a crash leaves behind (temporary files, half-made or half-removed folders) is removed at the next start.
/// </summary>
internal sealed class ContextStore : IDisposable
{
    public const string FileTransferType = "file_transfer";
    private const string IdPrefix = "SdkCtx-";
    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    private const int IdLength = 17;
    private const string StagingPrefix = ".new-";
    private const string TrashPrefix = ".trash-";

    private readonly string _root;
    private readonly byte[] _salt;
    private readonly FileStream? _lock;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, ContextRecord> _contexts = new(StringComparer.Ordinal);
    private readonly Lock _names = new();
    private long _sequence;

    /// <param name="dataDirectory">Folder holding the <c>contexts</c> folder and the owner salt.</param>
    /// <param name="persistent">Whether the folder outlives the emulator (then it is locked against a second emulator).</param>
    /// <param name="clock">Source of creation and use times.</param>
    /// <param name="logger">Where recovery notes go.</param>
    public ContextStore(string dataDirectory, bool persistent, TimeProvider clock, ILogger logger)
    {
        _clock = clock;
        DataDirectory = dataDirectory;
        Directory.CreateDirectory(dataDirectory);
        _lock = persistent ? AcquireLock(dataDirectory) : null;
        try
        {
            _root = Path.Combine(dataDirectory, "contexts");
            Directory.CreateDirectory(_root);
            _salt = LoadSalt(Path.Combine(dataDirectory, "owner-salt"));
            Recover(logger);
        }
        catch
        {
            _lock?.Dispose();
            throw;
        }
    }

    public DateTimeOffset Now => _clock.GetUtcNow();

    /// <summary>The folder holding <c>contexts/</c>, the owner salt and (when persistent) the lock.</summary>
    public string DataDirectory { get; }

    /// <summary>The owner identity stored for an API key: an HMAC with this data folder's salt, never the key itself.</summary>
    public string OwnerId(string apiKey) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_salt, Encoding.UTF8.GetBytes(apiKey)))[..32];

    /// <summary>True for text shaped like an id this store hands out (anything else is not even looked up).</summary>
    public static bool IsIdShaped(string? id) =>
        id is { Length: 24 } && id.StartsWith(IdPrefix, StringComparison.Ordinal) && id[IdPrefix.Length..].All(c => IdAlphabet.Contains(c));

    public ContextRecord? Find(string ownerId, string? id) =>
        IsIdShaped(id) && _contexts.TryGetValue(id!, out var record) && record.OwnerId == ownerId && !record.Deleted ? record : null;

    public ContextRecord? FindByName(string ownerId, string name) =>
        _contexts.Values.FirstOrDefault(r => r.OwnerId == ownerId && !r.IsInternal && !r.Deleted && r.Name == name);

    /// <summary>The owner's contexts of one type (empty: the ones made with GetContext), in creation order.</summary>
    public IReadOnlyList<ContextRecord> List(string ownerId, string type = "") =>
        _contexts.Values.Where(r => r.OwnerId == ownerId && r.Type == type && !r.Deleted).OrderBy(r => r.Sequence).ToList();

    /// <summary>Every context (of every owner).</summary>
    public IEnumerable<ContextRecord> All => _contexts.Values;

    /// <summary>
    /// Creates a context: the folder is made complete under a staging name and renamed into place. For a named context
    /// an existing one of the same owner and name is returned instead (GetContext with AllowCreate).
    /// </summary>
    public ContextRecord Create(string ownerId, string name, string type = "", string? sessionId = null)
    {
        lock (_names)
        {
            if (type.Length == 0 && FindByName(ownerId, name) is { } existing)
            {
                return existing;
            }

            var id = NewId();
            var folder = Path.Combine(_root, id);
            var record = new ContextRecord(id, ownerId, Interlocked.Increment(ref _sequence), name, type, sessionId, Now, folder);
            var staging = Path.Combine(_root, StagingPrefix + id);
            try
            {
                Directory.CreateDirectory(Path.Combine(staging, "files"));
                Directory.CreateDirectory(Path.Combine(staging, "tmp"));
                AtomicFile.WriteAllText(Path.Combine(staging, "context.json"), Metadata(record));
                Directory.Move(staging, folder);
            }
            catch
            {
                AtomicFile.TryDeleteTree(staging);
                throw;
            }

            _contexts[id] = record;
            return record;
        }
    }

    /// <summary>ModifyContext: a new name, unique among the owner's contexts.</summary>
    public void Rename(ContextRecord record, string name)
    {
        lock (_names)
        {
            if (FindByName(record.OwnerId, name) is { } other && !ReferenceEquals(other, record))
            {
                throw ContextErrors.NameExists(name);
            }

            lock (record.Gate)
            {
                if (record.Deleted)
                {
                    throw ContextErrors.NotFound(record.Id);
                }

                record.Name = name;
                SaveLocked(record);
            }
        }
    }

    /// <summary>
    /// Removes a context. <paramref name="check"/> runs under the context's lock first and may refuse (a context in use);
    /// the folder is moved out of the store in one rename, then deleted.
    /// </summary>
    public void Delete(ContextRecord record, Action? check = null)
    {
        lock (_names)
        {
            lock (record.Gate)
            {
                if (record.Deleted)
                {
                    return;
                }

                check?.Invoke();
                record.Deleted = true;
                var trash = Path.Combine(_root, TrashPrefix + record.Id + "-" + RandomNumberGenerator.GetHexString(8, lowercase: true));
                try
                {
                    Directory.Move(record.Folder, trash);
                }
                catch (DirectoryNotFoundException)
                {
                    trash = string.Empty;
                }

                _contexts.TryRemove(new KeyValuePair<string, ContextRecord>(record.Id, record));
                if (trash.Length > 0)
                {
                    AtomicFile.TryDeleteTree(trash);
                }
            }
        }
    }

    /// <summary>ClearContext: every file goes (the tree is swapped for an empty one, then deleted); the context stays.</summary>
    public void Clear(ContextRecord record)
    {
        lock (record.Gate)
        {
            if (record.Deleted)
            {
                throw ContextErrors.NotFound(record.Id);
            }

            record.State = ContextStates.Clearing;
            try
            {
                var old = Path.Combine(record.TempRoot, AtomicFile.TempMarker + "cleared-" + RandomNumberGenerator.GetHexString(8, lowercase: true));
                Directory.Move(record.FilesRoot, old);
                Directory.CreateDirectory(record.FilesRoot);
                AtomicFile.TryDeleteTree(old);
                TouchLocked(record);
            }
            finally
            {
                record.State = ContextStates.Available;
            }
        }
    }

    /// <summary>Records a use (LastUsedTime); call with the context's lock held.</summary>
    public void TouchLocked(ContextRecord record)
    {
        record.LastUsedAt = Now;
        SaveLocked(record);
    }

    public void SaveLocked(ContextRecord record)
    {
        if (!record.Deleted)
        {
            AtomicFile.WriteAllText(record.MetadataPath, Metadata(record));
        }
    }

    /// <summary>A fresh temporary file name in the context's own temporary folder (same file system as its files).</summary>
    public static string NewTempFile(ContextRecord record) =>
        Path.Combine(record.TempRoot, AtomicFile.TempMarker + RandomNumberGenerator.GetHexString(16, lowercase: true));

    /// <summary>
    /// Moves a complete temporary file to <paramref name="canonical"/>; call with the context's lock held. With
    /// <paramref name="replace"/> (a sync: the session's shape wins) a file standing where a folder must be, or a folder
    /// where the file goes, is removed; without it (an uploaded URL body) that is a conflict.
    /// </summary>
    public void CommitLocked(ContextRecord record, string tempFile, string canonical, bool replace)
    {
        var host = ContextPaths.ToHost(record.FilesRoot, canonical);
        foreach (var ancestor in ContextPaths.Ancestors(canonical))
        {
            var folder = ContextPaths.ToHost(record.FilesRoot, ancestor);
            if (File.Exists(folder))
            {
                if (!replace)
                {
                    throw ContextErrors.FileConflict(record.Id, canonical, $"'{ancestor}' is a file in the context.");
                }

                File.Delete(folder);
            }

            Directory.CreateDirectory(folder);
        }

        if (Directory.Exists(host))
        {
            if (!replace)
            {
                throw ContextErrors.FileConflict(record.Id, canonical, "that path is a folder in the context.");
            }

            Directory.Delete(host, recursive: true);
        }

        File.Move(tempFile, host, overwrite: true);
    }

    /// <summary>Deletes a file or folder (with its content) and folders left empty above it; false when it was not there.</summary>
    public static bool DeleteLocked(ContextRecord record, string canonical)
    {
        var host = ContextPaths.ToHost(record.FilesRoot, canonical);
        if (File.Exists(host))
        {
            File.Delete(host);
        }
        else if (canonical != "/" && Directory.Exists(host))
        {
            Directory.Delete(host, recursive: true);
        }
        else
        {
            return false;
        }

        var parent = ContextPaths.Parent(canonical);
        while (parent != "/")
        {
            var folder = ContextPaths.ToHost(record.FilesRoot, parent);
            if (!Directory.Exists(folder) || Directory.EnumerateFileSystemEntries(folder).Any())
            {
                break;
            }

            Directory.Delete(folder);
            parent = ContextPaths.Parent(parent);
        }

        return true;
    }

    /// <summary>The host path of a file of the context, or null when the context has no file there.</summary>
    public static string? FileHostPath(ContextRecord record, string canonical)
    {
        var host = ContextPaths.ToHost(record.FilesRoot, canonical);
        return File.Exists(host) ? host : null;
    }

    /// <summary>The entries directly in a folder of the context, by name; empty when there is no such folder.</summary>
    public static IReadOnlyList<ContextEntry> ListFolder(ContextRecord record, string canonicalFolder)
    {
        var host = ContextPaths.ToHost(record.FilesRoot, canonicalFolder);
        if (!Directory.Exists(host))
        {
            return [];
        }

        return new DirectoryInfo(host).EnumerateFileSystemInfos()
            .Where(i => !i.Attributes.HasFlag(FileAttributes.ReparsePoint))
            .Select(i => new ContextEntry(
                ContextPaths.Combine(canonicalFolder, "/" + i.Name), i.Name, i is DirectoryInfo, i is FileInfo f ? f.Length : 0,
                new DateTimeOffset(i.CreationTimeUtc, TimeSpan.Zero), new DateTimeOffset(i.LastWriteTimeUtc, TimeSpan.Zero)))
            .OrderBy(e => e.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The canonical paths of every file at or below <paramref name="canonical"/>.</summary>
    public static IReadOnlyList<string> FilesUnder(ContextRecord record, string canonical)
    {
        var host = ContextPaths.ToHost(record.FilesRoot, canonical);
        if (File.Exists(host))
        {
            return [canonical];
        }

        if (!Directory.Exists(host))
        {
            return [];
        }

        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        return Directory.EnumerateFiles(host, "*", options)
            .Select(f => ContextPaths.Combine(canonical, "/" + Path.GetRelativePath(host, f)))
            .ToList();
    }

    public void Dispose() => _lock?.Dispose();

    private static FileStream AcquireLock(string dataDirectory)
    {
        try
        {
            // FileShare.None takes an exclusive advisory lock (flock) on Linux: a second emulator on the folder is refused.
            return new FileStream(Path.Combine(dataDirectory, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException(
                $"The data folder '{dataDirectory}' is in use by another emulator (its .lock is held): one emulator per data folder. ({e.Message})", e);
        }
    }

    private static byte[] LoadSalt(string path)
    {
        if (File.Exists(path))
        {
            var text = File.ReadAllText(path).Trim();
            if (text.Length == 64)
            {
                return Convert.FromHexString(text);
            }
        }

        var salt = RandomNumberGenerator.GetBytes(32);
        AtomicFile.WriteAllText(path, Convert.ToHexStringLower(salt));
        return salt;
    }

    private void Recover(ILogger logger)
    {
        foreach (var folder in Directory.EnumerateDirectories(_root))
        {
            var name = Path.GetFileName(folder);
            if (name.StartsWith('.'))
            {
                // A context being made or being deleted when the process died: neither was ever (or is still) visible.
                AtomicFile.TryDeleteTree(folder);
                continue;
            }

            ContextRecord record;
            try
            {
                record = Parse(File.ReadAllText(Path.Combine(folder, "context.json")), folder);
            }
            catch (Exception e) when (e is IOException or JsonException or InvalidDataException or FormatException or KeyNotFoundException or InvalidOperationException)
            {
                logger.LogWarning("Context folder {Folder} has no readable context.json; left alone ({Error})", folder, e.Message);
                continue;
            }

            if (record.Id != name)
            {
                logger.LogWarning("Context folder {Folder} holds the metadata of {Id}; left alone", folder, record.Id);
                continue;
            }

            if (record.IsInternal)
            {
                // A session's file transfer context: the session did not survive the restart, so neither does it.
                AtomicFile.TryDeleteTree(folder);
                continue;
            }

            foreach (var leftover in Directory.EnumerateFiles(folder, AtomicFile.TempMarker + "*"))
            {
                AtomicFile.TryDelete(leftover);
            }

            AtomicFile.TryDeleteTree(record.TempRoot);
            Directory.CreateDirectory(record.TempRoot);
            Directory.CreateDirectory(record.FilesRoot);
            _contexts[record.Id] = record;
            _sequence = Math.Max(_sequence, record.Sequence);
        }
    }

    private static string Metadata(ContextRecord record) => new JsonObject
    {
        ["id"] = record.Id,
        ["name"] = record.Name,
        ["owner"] = record.OwnerId,
        ["sequence"] = record.Sequence,
        ["type"] = record.Type,
        ["sessionId"] = record.SessionId,
        ["createTime"] = record.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
        ["lastUsedTime"] = record.LastUsedAt.ToString("O", CultureInfo.InvariantCulture),
    }.ToJsonString(JsonText.Options);

    private static ContextRecord Parse(string json, string folder)
    {
        var node = JsonNode.Parse(json)?.AsObject() ?? throw new InvalidDataException("empty metadata");
        string Text(string key) => (string?)node[key] ?? throw new InvalidDataException($"'{key}' is missing");
        var id = Text("id");
        if (!IsIdShaped(id))
        {
            throw new InvalidDataException($"'{id}' is not a context id");
        }

        var record = new ContextRecord(
            id, Text("owner"), (long)node["sequence"]!, Text("name"), (string?)node["type"] ?? string.Empty, (string?)node["sessionId"],
            DateTimeOffset.Parse(Text("createTime"), CultureInfo.InvariantCulture), folder);
        record.LastUsedAt = DateTimeOffset.Parse(Text("lastUsedTime"), CultureInfo.InvariantCulture);
        return record;
    }

    private string NewId()
    {
        while (true)
        {
            var id = IdPrefix + RandomNumberGenerator.GetString(IdAlphabet, IdLength);
            if (!_contexts.ContainsKey(id) && !Directory.Exists(Path.Combine(_root, id)))
            {
                return id;
            }
        }
    }
}
