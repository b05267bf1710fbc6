using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentBay.Emulator.Http;
using AgentBay.Emulator.Sessions;
using AgentBay.Emulator.Tools;
using Microsoft.Extensions.Logging;

namespace AgentBay.Emulator.Contexts;

/// <summary>
/// Contexts and sessions together: binding contexts at create (PersistenceDataList), SyncContext, the per-session file
/// transfer context, and the upload of a session's contexts before its folder is removed (docs/contexts.md §2).
/// </summary>
/// <param name="store">The contexts on disk.</param>
/// <param name="sessions">The live sessions (to tell whether a context is in use).</param>
/// <param name="ownerIds">Request owner (<c>key-N</c>) to the stable owner id of that key.</param>
/// <param name="logger">Where release-time upload failures go.</param>
internal sealed class ContextService(ContextStore store, SessionStore sessions, IReadOnlyDictionary<string, string> ownerIds, ILogger logger)
{
    /// <summary>Where the file transfer context appears in a session (GetAndLoadInternalContext's ContextPath).</summary>
    public const string FileTransferPath = "/tmp/file-transfer";

    private const int MaxPersistenceEntries = 50;
    private readonly ContextSyncer _syncer = new(store, logger);

    public ContextStore Store => store;

    public string OwnerId(string requestOwner) =>
        ownerIds.TryGetValue(requestOwner, out var id) ? id : throw new InvalidOperationException("Unknown request owner " + requestOwner);

    /// <summary>The owner's context with this id, or <c>InvalidContext.NotFound</c> (also for another key's context).</summary>
    public ContextRecord Require(string requestOwner, string? id, string parameter) =>
        store.Find(OwnerId(requestOwner), id) ?? throw (id is null ? ApiError.MissingParameter(parameter) : ContextErrors.NotFound(id));

    /// <summary>The live sessions a context is bound to.</summary>
    public IReadOnlyList<string> SessionsUsing(ContextRecord context) =>
        sessions.All.Where(s => s.Contexts.Binds(context.Id)).Select(s => s.Id).OrderBy(id => id, StringComparer.Ordinal).ToList();

    /// <summary>DeleteContext: refused while a live session has the context bound.</summary>
    public void Delete(ContextRecord context) =>
        store.Delete(context, () =>
        {
            if (SessionsUsing(context) is { Count: > 0 } users)
            {
                throw ContextErrors.InUse(context.Id, users);
            }
        });

    /// <summary>GetContext / ListContexts item: <c>{Id, Name, State, CreateTime, LastUsedTime, OsType}</c>.</summary>
    public JsonObject View(ContextRecord context) => new()
    {
        ["Id"] = context.Id,
        ["Name"] = context.Name,
        ["State"] = context.State == ContextStates.Available && SessionsUsing(context).Count > 0 ? ContextStates.InUse : context.State,
        ["CreateTime"] = Time(context.CreatedAt),
        ["LastUsedTime"] = Time(context.LastUsedAt),
        ["OsType"] = "linux",
    };

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// CreateMcpSession's PersistenceDataList: every entry is checked (context of the caller, a path inside the session,
    /// no two entries overlapping) before anything is bound; then each context is copied into its path (unless its policy
    /// says autoDownload false) and a download task is recorded. Throws an <see cref="ApiError"/> for bad input; the
    /// caller then discards the session.
    /// </summary>
    public void AttachAtCreate(Session session, JsonNode? list)
    {
        if (list is null)
        {
            return;
        }

        if (list is not JsonArray items)
        {
            throw ContextErrors.Invalid("PersistenceDataList", "expected a JSON array of {ContextId, Path, Policy}.");
        }

        if (items.Count > MaxPersistenceEntries)
        {
            throw ContextErrors.Invalid("PersistenceDataList", $"at most {MaxPersistenceEntries} entries are allowed.");
        }

        var entries = new List<(ContextRecord Context, string Mount, SyncPolicy Policy)>();
        foreach (var item in items)
        {
            if (item is not JsonObject entry)
            {
                throw ContextErrors.Invalid("PersistenceDataList", "every entry must be an object {ContextId, Path, Policy}.");
            }

            var contextId = Member(entry, "ContextId") is JsonValue id && id.GetValueKind() == JsonValueKind.String ? id.GetValue<string>() : null;
            if (string.IsNullOrEmpty(contextId))
            {
                throw ContextErrors.Invalid("PersistenceDataList", "an entry has no ContextId.");
            }

            var context = store.Find(OwnerId(session.Owner), contextId) ?? throw ContextErrors.NotFound(contextId);
            var mount = SessionPath(session, (string?)Member(entry, "Path"), "PersistenceDataList");
            if (entries.FirstOrDefault(e => ContextPaths.IsUnder(mount, e.Mount) || ContextPaths.IsUnder(e.Mount, mount)) is { Context: not null } clash)
            {
                throw ContextErrors.InvalidPath("PersistenceDataList", mount, $"it overlaps the path {clash.Mount} of another entry");
            }

            entries.Add((context, mount, SyncPolicy.Parse(Member(entry, "Policy"), mount)));
        }

        var bindings = new List<ContextBinding>();
        foreach (var (context, mount, policy) in entries)
        {
            lock (context.Gate)
            {
                if (context.Deleted)
                {
                    throw ContextErrors.NotFound(context.Id);
                }

                var binding = new ContextBinding(context, mount, identity: false, policy, fromCreate: true);
                session.Contexts.Add(binding);
                bindings.Add(binding);
            }
        }

        lock (session.Contexts.FileGate)
        {
            foreach (var binding in bindings.Where(b => b.Policy.AutoDownload))
            {
                session.Contexts.Record(_syncer.Download(session, binding, binding.MountPath, "/", binding.MountPath));
            }
        }
    }

    /// <summary>
    /// SyncContext. Which parts: with ContextId and Path, that path (below the context's binding, or the whole context
    /// bound there for this sync); with ContextId alone, each of its bindings; with Path alone, the bindings above it;
    /// with neither, every context the session was created with. The copies run before this returns.
    /// </summary>
    public IReadOnlyList<SyncTask> Sync(Session session, string? contextId, string? path, string? mode)
    {
        var taskType = (mode ?? SyncTask.Upload).Trim().ToLowerInvariant() switch
        {
            SyncTask.Upload => SyncTask.Upload,
            SyncTask.Download => SyncTask.Download,
            _ => throw ContextErrors.Invalid("Mode", $"expected upload or download, got '{ContextErrors.Shown(mode)}'."),
        };
        var canonical = path is null ? null : SessionPath(session, path, "Path");
        var scopes = new List<(ContextBinding Binding, string SessionPath, string ContextPath, string Reported)>();
        var bindings = session.Contexts.Bindings;
        if (contextId is not null)
        {
            var context = Require(session.Owner, contextId, "ContextId");
            var mine = bindings.Where(b => ReferenceEquals(b.Context, context)).ToList();
            if (canonical is not null)
            {
                if (mine.FirstOrDefault(b => b.Identity) is { } identity)
                {
                    scopes.Add((identity, canonical, canonical, path!));
                }
                else if (mine.FirstOrDefault(b => ContextPaths.IsUnder(canonical, b.MountPath)) is { } below)
                {
                    scopes.Add((below, canonical, ContextPaths.Relative(canonical, below.MountPath), path!));
                }
                else
                {
                    scopes.Add((BindHere(session, context, canonical), canonical, "/", path!));
                }
            }
            else if (mine.Count == 0)
            {
                throw ContextErrors.Invalid("Path", $"the context {context.Id} is not bound to session {session.Id}; give the Path to sync it with.");
            }
            else
            {
                scopes.AddRange(mine.Select(b => (b, b.MountPath, b.Identity ? b.MountPath : "/", b.MountPath)));
            }
        }
        else if (canonical is not null)
        {
            var above = bindings.Where(b => !b.Identity && ContextPaths.IsUnder(canonical, b.MountPath)).ToList();
            if (above.Count == 0)
            {
                throw ContextErrors.Invalid("Path", $"no context of session {session.Id} is bound at or above {ContextErrors.Shown(path)}; give the ContextId.");
            }

            scopes.AddRange(above.Select(b => (b, canonical, ContextPaths.Relative(canonical, b.MountPath), path!)));
        }
        else
        {
            scopes.AddRange(bindings.Where(b => b.FromCreate).Select(b => (b, b.MountPath, "/", b.MountPath)));
        }

        var tasks = new List<SyncTask>();
        lock (session.Contexts.FileGate)
        {
            if (session.Contexts.Closed)
            {
                throw ApiError.SessionNotFound(session.Id);
            }

            foreach (var (binding, sessionPath, contextPath, reported) in scopes)
            {
                var task = taskType == SyncTask.Upload
                    ? _syncer.Upload(session, binding, sessionPath, contextPath, reported)
                    : _syncer.Download(session, binding, sessionPath, contextPath, reported);
                session.Contexts.Record(task);
                tasks.Add(task);
            }
        }

        return tasks;
    }

    /// <summary>GetContextInfo's tasks; <paramref name="path"/> matches the path as sent or its canonical form.</summary>
    public IReadOnlyList<SyncTask> Tasks(Session session, string? contextId, string? path, string? taskType)
    {
        Func<string, bool>? matches = null;
        if (path is not null)
        {
            var canonical = TryCanonical(path);
            matches = p => p == path || (canonical is not null && TryCanonical(p) == canonical);
        }

        return session.Contexts.Tasks(contextId, matches, taskType);
    }

    /// <summary>The session's file transfer context, made (with its folder <c>/tmp/file-transfer</c>) on first use.</summary>
    public ContextRecord FileTransfer(Session session)
    {
        lock (session.Contexts.FileGate)
        {
            if (session.Contexts.Closed)
            {
                throw ApiError.SessionNotFound(session.Id);
            }

            if (session.Contexts.FileTransfer is { } existing)
            {
                return existing.Context;
            }

            var context = store.Create(OwnerId(session.Owner), "file-transfer-context-" + session.Id, ContextStore.FileTransferType, session.Id);
            session.Contexts.SetFileTransfer(new ContextBinding(context, FileTransferPath, identity: true, SyncPolicy.Manual, fromCreate: false));
            try
            {
                ContextSyncer.EnsureFolder(session, session.Paths.Resolve(FileTransferPath).HostPath, FileTransferPath);
            }
            catch (Exception e) when (e is ToolException or System.IO.IOException or UnauthorizedAccessException)
            {
                logger.LogDebug("The file transfer folder of session {SessionId} could not be made: {Error}", session.Id, e.Message);
            }

            return context;
        }
    }

    /// <summary>
    /// Before a session's folder is removed: with <paramref name="upload"/>, every context it was created with whose
    /// policy has autoUpload is uploaded; then <paramref name="removeFolder"/> runs, with no sync able to run meanwhile; the
    /// bindings are forgotten and the file transfer context deleted.
    /// </summary>
    public void Release(Session session, bool upload, Action removeFolder)
    {
        IReadOnlyList<ContextBinding> bound;
        lock (session.Contexts.FileGate)
        {
            if (upload && !session.Contexts.Closed)
            {
                foreach (var binding in session.Contexts.Bindings.Where(b => b.FromCreate && b.Policy.AutoUpload))
                {
                    var task = _syncer.Upload(session, binding, binding.MountPath, "/", binding.MountPath);
                    if (task.Status == SyncTask.Failed)
                    {
                        logger.LogWarning("Upload of context {ContextId} from session {SessionId} at release failed: {Error}",
                            binding.Context.Id, session.Id, task.ErrorMessage);
                    }
                }
            }

            bound = session.Contexts.Close();
            removeFolder();
        }

        foreach (var binding in bound.Where(b => b.Context.IsInternal && b.Context.SessionId == session.Id))
        {
            try
            {
                store.Delete(binding.Context);
            }
            catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException)
            {
                logger.LogWarning("The file transfer context {ContextId} of session {SessionId} could not be removed: {Error}", binding.Context.Id, session.Id, e.Message);
            }
        }
    }

    /// <summary>The contexts bound to a session, as GetSession's <c>contexts</c> lists them (<c>{id, name}</c>).</summary>
    public JsonArray SessionView(Session session) =>
        new(session.Contexts.Bindings.Select(b => b.Context).Distinct()
            .Select(c => (JsonNode)new JsonObject { ["id"] = c.Id, ["name"] = c.Name }).ToArray());

    /// <summary>A session path for a binding or sync: absolute, canonical, inside the session's /tmp or /home/user.</summary>
    private static string SessionPath(Session session, string? path, string parameter)
    {
        if (string.IsNullOrWhiteSpace(path) || !path.StartsWith('/'))
        {
            throw ContextErrors.InvalidPath(parameter, path, "an absolute session path is required");
        }

        var canonical = ContextPaths.Normalize(path, parameter, allowRoot: true);
        bool inside;
        try
        {
            inside = session.Paths.IsSessionPath(canonical);
        }
        catch (ToolException e)
        {
            throw ContextErrors.InvalidPath(parameter, path, e.Message.TrimEnd('.'));
        }

        return inside
            ? canonical
            : throw ContextErrors.InvalidPath(parameter, path,
                $"the path is outside the session's file system (allowed: {string.Join(", ", session.FileSystem.Mounts.Select(m => m.VirtualPath))})");
    }

    private static string? TryCanonical(string path)
    {
        try
        {
            return ContextPaths.Normalize(path, "Path", allowRoot: true);
        }
        catch (ApiError)
        {
            return null;
        }
    }

    private static ContextBinding BindHere(Session session, ContextRecord context, string mount)
    {
        lock (context.Gate)
        {
            if (context.Deleted)
            {
                throw ContextErrors.NotFound(context.Id);
            }

            // A Path away from the context's bindings: the context is bound there (whole) from now on, without upload at release.
            var binding = new ContextBinding(context, mount, identity: false, SyncPolicy.Default with { AutoUpload = false }, fromCreate: false);
            session.Contexts.Add(binding);
            return binding;
        }
    }

    /// <summary>A member by its PascalCase wire name, or camelCase as some clients write it.</summary>
    private static JsonNode? Member(JsonObject entry, string name) =>
        entry.TryGetPropertyValue(name, out var value) ? value : entry[char.ToLowerInvariant(name[0]) + name[1..]];
}
