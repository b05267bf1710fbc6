using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace AgentBay.Emulator.Contexts;

/// <summary>
/// Paths inside a context (<c>/a/b.txt</c>, relative to its root) and the lexical form of session paths. Anything that
/// could climb out is refused: <c>..</c> (also percent-encoded or with backslashes, in case some client decodes it),
/// NUL bytes, backslashes; the host path is checked once more to lie under the context's folder.
/// </summary>
internal static class ContextPaths
{
    public const int MaxLength = 1024;
    private const int MaxSegmentBytes = 255;

    /// <summary>The canonical form <c>/a/b</c> (root: <c>/</c>); throws <c>InvalidParameter.Path</c>.</summary>
    /// <param name="path">Path from the caller; a missing leading slash is taken as relative to the root.</param>
    /// <param name="parameter">Parameter name for the message.</param>
    /// <param name="allowRoot">Whether the root folder itself is acceptable (listing) or a file is needed.</param>
    public static string Normalize(string? path, string parameter, bool allowRoot)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw ContextErrors.InvalidPath(parameter, path, "a path is required");
        }

        if (path.Length > MaxLength)
        {
            throw ContextErrors.InvalidPath(parameter, path, $"longer than {MaxLength} characters");
        }

        if (path.Contains('\0'))
        {
            throw ContextErrors.InvalidPath(parameter, path, "the path contains a NUL byte");
        }

        if (path.Contains('\\'))
        {
            throw ContextErrors.InvalidPath(parameter, path, "backslashes are not allowed in paths");
        }

        var decoded = path;
        for (var round = 0; round < 4; round++)
        {
            if (decoded.Contains('\0') || decoded.Replace('\\', '/').Split('/').Contains(".."))
            {
                throw ContextErrors.InvalidPath(parameter, path, "'..' is not allowed in paths");
            }

            var next = Uri.UnescapeDataString(decoded);
            if (next == decoded)
            {
                break;
            }

            decoded = next;
        }

        var segments = Segments(path).ToList();
        if (segments.Count == 0 && !allowRoot)
        {
            throw ContextErrors.InvalidPath(parameter, path, "the path names a folder, not a file");
        }

        if (segments.Any(s => Encoding.UTF8.GetByteCount(s) > MaxSegmentBytes))
        {
            throw ContextErrors.InvalidPath(parameter, path, $"a path component is longer than {MaxSegmentBytes} bytes");
        }

        return "/" + string.Join('/', segments);
    }

    /// <summary>The host path of a canonical context path under <paramref name="filesRoot"/>, checked to stay there.</summary>
    public static string ToHost(string filesRoot, string canonical)
    {
        var host = canonical == "/" ? filesRoot : Path.Join(filesRoot, canonical[1..]);
        var full = Path.GetFullPath(host);
        if (full != filesRoot && !full.StartsWith(filesRoot + "/", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("A context path left the context's folder: " + canonical);
        }

        return full;
    }

    /// <summary>True when canonical <paramref name="path"/> is <paramref name="prefix"/> or lies below it.</summary>
    public static bool IsUnder(string path, string prefix) =>
        prefix == "/" || path == prefix || path.StartsWith(prefix + "/", StringComparison.Ordinal);

    /// <summary><paramref name="path"/> (below <paramref name="prefix"/>) relative to it: <c>/rest</c>, or <c>/</c>.</summary>
    public static string Relative(string path, string prefix) =>
        prefix == "/" ? path : path.Length == prefix.Length ? "/" : path[prefix.Length..];

    /// <summary>Joins a canonical prefix and a canonical relative path.</summary>
    public static string Combine(string prefix, string relative) =>
        relative == "/" ? prefix : prefix == "/" ? relative : prefix + relative;

    /// <summary>The parent of a canonical path (<c>/</c> for top-level entries).</summary>
    public static string Parent(string path)
    {
        var cut = path.LastIndexOf('/');
        return cut <= 0 ? "/" : path[..cut];
    }

    /// <summary>The canonical paths of every folder from the root down to <paramref name="path"/>'s parent.</summary>
    public static IEnumerable<string> Ancestors(string path)
    {
        var current = Parent(path);
        var chain = new List<string>();
        while (current != "/")
        {
            chain.Add(current);
            current = Parent(current);
        }

        chain.Reverse();
        return chain;
    }

    private static IEnumerable<string> Segments(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".");
}
