using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Enumeration;
using System.Linq;

namespace AgentBay.Emulator.Tools;

/// <summary>
/// <c>search_files</c>: walks a directory (never following symlinked directories, so a link cannot lead the walk
/// out of the session or into a loop) and lists the session paths whose names match a wildcard. <c>excludePatterns</c>
/// is a comma-separated string (Python SDK) or an array of strings (TypeScript SDK).
/// </summary>
internal static class FileSearchTool
{
    private const int MaxResults = 10_000;

    public static ToolResult Search(ToolArgs args, ToolContext context)
    {
        var path = args.RequiredString("path");
        var pattern = args.RequiredString("pattern");
        var excludes = args.PatternList("excludePatterns");
        var root = FileTools.ExistingDirectory(context, path);

        var matches = new List<string>();
        var pending = new Stack<DirectoryInfo>();
        pending.Push(new DirectoryInfo(root.HostPath));
        while (pending.Count > 0 && matches.Count < MaxResults)
        {
            IEnumerable<FileSystemInfo> entries;
            try
            {
                entries = pending.Pop().EnumerateFileSystemInfos().ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var entry in entries)
            {
                var relative = Path.GetRelativePath(root.HostPath, entry.FullName);
                if (excludes.Any(x => Matches(x, entry.Name) || Matches(x, relative)))
                {
                    continue;
                }

                if (Matches(pattern, entry.Name) && context.Paths.ToVirtual(entry.FullName) is { } shown)
                {
                    matches.Add(shown);
                }

                if (entry is DirectoryInfo dir && dir.LinkTarget is null)
                {
                    pending.Push(dir);
                }
            }
        }

        matches.Sort(StringComparer.Ordinal);
        return new ToolResult(matches.Count == 0 ? "No matches found" : string.Join('\n', matches));
    }

    /// <summary>A pattern with * or ? is a wildcard over the whole name; a plain word matches as a substring.</summary>
    private static bool Matches(string pattern, string name) =>
        pattern.AsSpan().IndexOfAny('*', '?') >= 0
            ? FileSystemName.MatchesSimpleExpression(pattern, name, ignoreCase: true)
            : name.Contains(pattern, StringComparison.OrdinalIgnoreCase);
}
