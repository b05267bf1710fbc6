using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AgentBay.Emulator.Sandbox;

namespace AgentBay.Emulator.Tools;

/// <summary>A session path and the host path it denotes.</summary>
/// <param name="VirtualPath">Normalised absolute path inside the session, symlinks resolved.</param>
/// <param name="HostPath">The same file on the host, always inside one of the session's mounts.</param>
internal readonly record struct ResolvedPath(string VirtualPath, string HostPath);

/// <summary>
/// Turns paths that tool callers send (<c>/tmp/a.txt</c>) into host paths under the session root, refusing anything
/// that could leave it: <c>..</c>, percent-encoded or backslash forms of it, NUL bytes, paths outside the session's
/// mounts, and symlinks leading out. Symlinks are resolved in the session's own view (an absolute target is a session
/// path, as it is for the sandboxed shell), then the kernel's canonical path is checked against the mount as well.
/// </summary>
/// <param name="fs">The session's folders.</param>
/// <param name="hostLinkTargets">
/// The none mode: commands there make links with host targets (their <c>/tmp/a</c> was rewritten to the session's host
/// folder), so an absolute target inside one of the session's folders is read back as the session path it stands for.
/// </param>
internal sealed class PathMapper(SessionFileSystem fs, bool hostLinkTargets = false)
{
    private const int MaxLinkHops = 40;

    /// <summary>Resolves <paramref name="path"/>; throws <see cref="ToolException"/> when it is not allowed.</summary>
    /// <param name="path">Path from the caller; relative paths start at the home directory.</param>
    /// <param name="followFinalLink">Whether a symlink in the last component is followed (false: act on the link).</param>
    public ResolvedPath Resolve(string? path, bool followFinalLink = true)
    {
        var segments = Parse(path);
        var hops = 0;
        var resolved = new List<string>();
        for (var i = 0; i < segments.Count; i++)
        {
            resolved.Add(segments[i]);
            var isLast = i == segments.Count - 1;
            if (isLast && !followFinalLink)
            {
                break;
            }

            var current = "/" + string.Join('/', resolved);
            if (TryMap(current) is not { } host)
            {
                continue; // above a mount (e.g. /home) or outside: checked once the walk is complete
            }

            var info = new FileInfo(host);
            if (info.LinkTarget is not { } target)
            {
                continue;
            }

            if (++hops > MaxLinkHops)
            {
                throw new ToolException($"Too many levels of symbolic links in '{path}'.");
            }

            // Restart the walk on "<target>/<rest>", with the target read as a path of the session.
            var rest = segments.Skip(i + 1);
            var baseDir = resolved.Take(resolved.Count - 1);
            if (hostLinkTargets && target.StartsWith('/') && ToVirtual(target) is { } sessionTarget)
            {
                target = sessionTarget;
            }

            var combined = target.StartsWith('/')
                ? Split(target).Concat(rest)
                : baseDir.Concat(Split(target)).Concat(rest);
            segments = Collapse(combined);
            resolved.Clear();
            i = -1;
        }

        var virtualPath = "/" + string.Join('/', segments);
        var hostPath = TryMap(virtualPath)
            ?? throw new ToolException(
                $"Access denied: '{path}' is outside the session's file system (allowed: {string.Join(", ", fs.Mounts.Select(m => m.VirtualPath))}).");
        // For an entry acted on itself (move, delete), its directory must be inside; the entry may be a link out.
        EnsureInsideOnHost(path, followFinalLink ? hostPath : Path.GetDirectoryName(hostPath)!);
        return new ResolvedPath(virtualPath, hostPath);
    }

    /// <summary>Throws unless the kernel's canonical path of <paramref name="hostPath"/> stays in its mount.</summary>
    public void EnsureInsideOnHost(string? shownPath, string hostPath)
    {
        var canonical = HostPaths.CanonicalOfDeepestExisting(hostPath);
        if (canonical is null || !fs.Mounts.Any(m => HostPaths.RealPath(m.HostPath) is { } root && HostPaths.IsWithin(canonical, root)))
        {
            throw new ToolException($"Access denied: '{shownPath}' resolves outside the session's file system.");
        }
    }

    /// <summary>True when <paramref name="path"/> names something inside the session's mounts (lexically; no I/O).</summary>
    public bool IsSessionPath(string path)
    {
        var segments = Parse(path);
        return TryMap("/" + string.Join('/', segments)) is not null;
    }

    /// <summary>The session path of a host path inside a mount (for search results), or null.</summary>
    public string? ToVirtual(string hostPath)
    {
        foreach (var mount in fs.Mounts)
        {
            if (HostPaths.IsWithin(hostPath, mount.HostPath))
            {
                return mount.VirtualPath + hostPath[mount.HostPath.Length..];
            }
        }

        return null;
    }

    private string? TryMap(string virtualPath)
    {
        foreach (var mount in fs.Mounts)
        {
            if (HostPaths.IsWithin(virtualPath, mount.VirtualPath))
            {
                return mount.HostPath + virtualPath[mount.VirtualPath.Length..];
            }
        }

        return null;
    }

    private static List<string> Parse(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ToolException("A path is required.");
        }

        if (path.Contains('\0'))
        {
            throw new ToolException("Access denied: the path contains a NUL byte.");
        }

        // A literal "%2e%2e" would only be a strange file name here, but a gateway or client that decodes it (once or
        // twice) would read "..": refuse every form that decodes to a parent step, so behaviour never depends on who decodes.
        var decoded = path;
        for (var round = 0; round < 4; round++)
        {
            if (decoded.Contains('\0') || Split(decoded.Replace('\\', '/')).Contains(".."))
            {
                throw new ToolException($"Access denied: '..' is not allowed in session paths ('{path}').");
            }

            var next = Uri.UnescapeDataString(decoded);
            if (next == decoded)
            {
                break;
            }

            decoded = next;
        }

        var absolute = path.StartsWith('/') ? path : SessionFileSystem.VirtualHome + "/" + path;
        return Collapse(Split(absolute));
    }

    private static IEnumerable<string> Split(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".");

    /// <summary>Applies ".." lexically (only symlink targets get here with ".."); never climbs above "/".</summary>
    private static List<string> Collapse(IEnumerable<string> segments)
    {
        var result = new List<string>();
        foreach (var segment in segments)
        {
            if (segment == "..")
            {
                if (result.Count > 0)
                {
                    result.RemoveAt(result.Count - 1);
                }
            }
            else if (segment != ".")
            {
                result.Add(segment);
            }
        }

        return result;
    }
}
