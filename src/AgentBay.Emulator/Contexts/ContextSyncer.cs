using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using AgentBay.Emulator.Sessions;
using AgentBay.Emulator.Tools;
using Microsoft.Extensions.Logging;

namespace AgentBay.Emulator.Contexts;

/// <summary>
/// Copies files between a session and a context, under the context's lock (so a sync is atomic with respect to every
/// other sync, upload commit, clear and delete of that context: last writer wins per file). Session paths go through
/// the session's <see cref="PathMapper"/>, the mapping the file tools use, so the files appear in every sandbox mode;
/// what is opened or created in the session is checked, on the open handle, to lie inside it. Symbolic links and
/// special files are not copied. Problems become a <c>Failed</c> task with an errorMessage, never an exception.
/// </summary>
internal sealed class ContextSyncer(ContextStore store, ILogger logger)
{
    private const int BufferSize = 81920;
    private const int MaxErrorsShown = 3;

    /// <summary>Session to context.</summary>
    /// <param name="session">The session.</param>
    /// <param name="binding">How the context is bound to it (policy, known files).</param>
    /// <param name="sessionPath">Canonical session path of the part synced.</param>
    /// <param name="contextPath">Canonical context path it corresponds to.</param>
    /// <param name="reportedPath">The task's <c>path</c> (what the caller asked for).</param>
    public SyncTask Upload(Session session, ContextBinding binding, string sessionPath, string contextPath, string reportedPath) =>
        Guarded(binding, reportedPath, SyncTask.Upload, () => UploadCore(session, binding, sessionPath, contextPath, reportedPath));

    /// <summary>Context to session (merging: session files the context does not have stay).</summary>
    /// <param name="session">The session.</param>
    /// <param name="binding">How the context is bound to it.</param>
    /// <param name="sessionPath">Canonical session path receiving the files.</param>
    /// <param name="contextPath">Canonical context path copied.</param>
    /// <param name="reportedPath">The task's <c>path</c>.</param>
    public SyncTask Download(Session session, ContextBinding binding, string sessionPath, string contextPath, string reportedPath) =>
        Guarded(binding, reportedPath, SyncTask.Download, () => DownloadCore(session, binding, sessionPath, contextPath, reportedPath));

    private SyncTask UploadCore(Session session, ContextBinding binding, string sessionPath, string contextPath, string reportedPath)
    {
        var started = Now();
        var context = binding.Context;
        var errors = new List<string>();
        lock (context.Gate)
        {
            if (context.Deleted)
            {
                return Task(binding, reportedPath, SyncTask.Upload, started, $"The context {context.Id} was deleted.");
            }

            string root;
            try
            {
                root = session.Paths.Resolve(sessionPath).HostPath;
            }
            catch (ToolException e)
            {
                return Task(binding, reportedPath, SyncTask.Upload, started, e.Message);
            }

            var single = File.Exists(root);
            if (!single && !Directory.Exists(root))
            {
                return Task(binding, reportedPath, SyncTask.Upload, started, $"The path {sessionPath} does not exist in session {session.Id}.");
            }

            if (single && contextPath == "/")
            {
                contextPath = "/" + Path.GetFileName(root);
            }

            var sources = single
                ? [(Host: root, Target: contextPath)]
                : SessionFiles(root).Select(f => (Host: f, Target: ContextPaths.Combine(contextPath, "/" + Path.GetRelativePath(root, f)))).ToList();
            var uploaded = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (host, target) in sources.Where(s => binding.Identity || binding.Policy.Includes(s.Target)))
            {
                var shown = single ? sessionPath : ContextPaths.Combine(sessionPath, ContextPaths.Relative(target, contextPath));
                if (CopyIntoContext(session, context, host, target, shown, errors))
                {
                    uploaded.Add(target);
                }
            }

            if (binding.Policy.SyncLocalFile)
            {
                // Files this session had from (or gave to) the context and has deleted since: the deletion is synced too.
                foreach (var known in binding.Known.Where(k => ContextPaths.IsUnder(k, contextPath) && !uploaded.Contains(k)).ToList())
                {
                    var local = single ? root : Path.Join(root, ContextPaths.Relative(known, contextPath)[1..]);
                    if (!File.Exists(local) && !Directory.Exists(local) && binding.Policy.Includes(known))
                    {
                        ContextStore.DeleteLocked(context, known);
                        binding.Known.Remove(known);
                    }
                }
            }

            binding.Known.UnionWith(uploaded);
            store.TouchLocked(context);
        }

        return Task(binding, reportedPath, SyncTask.Upload, started, Summary(errors));
    }

    private SyncTask DownloadCore(Session session, ContextBinding binding, string sessionPath, string contextPath, string reportedPath)
    {
        var started = Now();
        var context = binding.Context;
        var errors = new List<string>();
        lock (context.Gate)
        {
            if (context.Deleted)
            {
                return Task(binding, reportedPath, SyncTask.Download, started, $"The context {context.Id} was deleted.");
            }

            string root;
            try
            {
                root = session.Paths.Resolve(sessionPath).HostPath;
            }
            catch (ToolException e)
            {
                return Task(binding, reportedPath, SyncTask.Download, started, e.Message);
            }

            var contextHost = ContextPaths.ToHost(context.FilesRoot, contextPath);
            var single = File.Exists(contextHost);
            var files = ContextStore.FilesUnder(context, contextPath);
            if (files.Count == 0)
            {
                if (!Directory.Exists(contextHost) && contextPath != "/")
                {
                    return Task(binding, reportedPath, SyncTask.Download, started, $"The context {context.Id} has no file or folder {contextPath}.");
                }

                try
                {
                    EnsureFolder(session, root, sessionPath);
                }
                catch (Exception e) when (e is ToolException or IOException or UnauthorizedAccessException)
                {
                    return Task(binding, reportedPath, SyncTask.Download, started, e.Message);
                }
            }

            foreach (var file in files)
            {
                var relative = ContextPaths.Relative(file, contextPath);
                var target = single ? root : Path.Join(root, relative[1..]);
                var shown = single ? sessionPath : ContextPaths.Combine(sessionPath, relative);
                if (CopyIntoSession(session, ContextPaths.ToHost(context.FilesRoot, file), target, shown, errors))
                {
                    binding.Known.Add(file);
                }
            }

            store.TouchLocked(context);
        }

        return Task(binding, reportedPath, SyncTask.Download, started, Summary(errors));
    }

    /// <summary>
    /// Makes sure <paramref name="hostPath"/> is a folder inside the session: the deepest part that exists must resolve
    /// inside it (a symlink leading out is refused before anything is created), the rest is created level by level.
    /// </summary>
    public static void EnsureFolder(Session session, string hostPath, string shownPath)
    {
        var missing = new Stack<string>();
        var current = hostPath;
        while (!Directory.Exists(current) && !File.Exists(current) && new FileInfo(current).LinkTarget is null)
        {
            missing.Push(current);
            current = Path.GetDirectoryName(current) ?? throw new ToolException($"'{shownPath}' has no parent folder.");
        }

        if (!Directory.Exists(current))
        {
            throw new ToolException($"'{shownPath}' cannot be a folder: a file or a dangling link is in the way.");
        }

        session.Paths.EnsureInsideOnHost(shownPath, current);
        while (missing.Count > 0)
        {
            Directory.CreateDirectory(missing.Pop());
        }
    }

    private static IEnumerable<string> SessionFiles(string root)
    {
        // Links are neither followed nor copied; the emulator's own temporary files are left out.
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        return Directory.EnumerateFiles(root, "*", options).Where(f => !Path.GetFileName(f).StartsWith(AtomicFile.TempMarker, StringComparison.Ordinal));
    }

    private bool CopyIntoContext(Session session, ContextRecord context, string source, string target, string shown, List<string> errors)
    {
        var temp = ContextStore.NewTempFile(context);
        try
        {
            if (!HostFileType.IsRegularFile(source) || new FileInfo(source).LinkTarget is not null)
            {
                return false; // a FIFO, socket or device (reading could block) or a link swapped in: not copied
            }

            DateTime modified;
            using (var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, BufferSize))
            {
                session.Paths.EnsureInsideOnHost(shown, HostPaths.OpenedPath(input.SafeFileHandle) ?? source);
                modified = File.GetLastWriteTimeUtc(source);
                using var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize);
                input.CopyTo(output, BufferSize);
                output.Flush(flushToDisk: true);
            }

            File.SetLastWriteTimeUtc(temp, modified);
            store.CommitLocked(context, temp, target, replace: true);
            return true;
        }
        catch (Exception e) when (e is ToolException or IOException or UnauthorizedAccessException or Http.ApiError)
        {
            AtomicFile.TryDelete(temp);
            errors.Add($"{shown}: {e.Message}");
            logger.LogDebug("Upload of {Path} into context {ContextId} failed: {Error}", shown, context.Id, e.Message);
            return false;
        }
    }

    private bool CopyIntoSession(Session session, string source, string target, string shown, List<string> errors)
    {
        string? temp = null;
        try
        {
            var folder = Path.GetDirectoryName(target)!;
            EnsureFolder(session, folder, ContextPaths.Parent(shown));
            if (Directory.Exists(target))
            {
                throw new ToolException("a folder of that name is in the way in the session.");
            }

            temp = Path.Combine(folder, AtomicFile.TempMarker + RandomNumberGenerator.GetHexString(16, lowercase: true));
            using (var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize))
            using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize))
            {
                session.Paths.EnsureInsideOnHost(shown, HostPaths.OpenedPath(output.SafeFileHandle) ?? temp);
                input.CopyTo(output, BufferSize);
            }

            File.SetLastWriteTimeUtc(temp, File.GetLastWriteTimeUtc(source));

            // rename(2) replaces whatever is at the target, a link included, without following it.
            File.Move(temp, target, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is ToolException or IOException or UnauthorizedAccessException)
        {
            if (temp is not null)
            {
                AtomicFile.TryDelete(temp);
            }

            errors.Add($"{shown}: {e.Message}");
            logger.LogDebug("Download of {Path} into session {SessionId} failed: {Error}", shown, session.Id, e.Message);
            return false;
        }
    }

    /// <summary>A failure of the store itself (a full disk, a metadata write) is a Failed task as well, never an exception.</summary>
    private SyncTask Guarded(ContextBinding binding, string reportedPath, string type, Func<SyncTask> run)
    {
        var started = Now();
        try
        {
            return run();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Sync of context {ContextId} failed: {Error}", binding.Context.Id, e.Message);
            return Task(binding, reportedPath, type, started, e.Message);
        }
    }

    private static string Summary(List<string> errors) => errors.Count switch
    {
        0 => string.Empty,
        _ => $"{errors.Count} file(s) could not be synced: " + string.Join("; ", errors.Take(MaxErrorsShown)) + (errors.Count > MaxErrorsShown ? "; ..." : string.Empty),
    };

    private SyncTask Task(ContextBinding binding, string path, string type, long started, string error) =>
        new(binding.Context.Id, path, type, error.Length == 0 ? SyncTask.Success : SyncTask.Failed, error, started, Now());

    private long Now() => store.Now.ToUnixTimeSeconds();
}
