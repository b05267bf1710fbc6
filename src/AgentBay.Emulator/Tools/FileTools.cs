using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentBay.Emulator.Tools;

/// <summary>
/// The basic file tools (wuying_filesystem server). Every path goes through the session's <see cref="PathMapper"/>;
/// result texts follow §3.3 of the protocol reference, since the SDKs parse them.
/// </summary>
internal static class FileTools
{
    public static ToolResult ReadFile(ToolArgs args, ToolContext context)
    {
        var path = args.RequiredString("path");
        var offset = args.Integer("offset", 0, 0, long.MaxValue);
        var length = args.Integer("length", 0, 0, long.MaxValue);
        var bytes = SessionFiles.Read(context.Paths, context.Paths.Resolve(path), path, offset, length);
        return new ToolResult(args.OptionalString("format") == "binary" ? Convert.ToBase64String(bytes) : Encoding.UTF8.GetString(bytes));
    }

    public static ToolResult WriteFile(ToolArgs args, ToolContext context)
    {
        var path = args.RequiredString("path");
        var content = args.OptionalString("content") ?? throw new ToolException("Missing required argument 'content'.");
        var mode = (args.OptionalString("mode") ?? "overwrite") switch
        {
            "overwrite" => WriteMode.Overwrite,
            "append" => WriteMode.Append,
            "create_new" => WriteMode.CreateNew,
            var other => throw new ToolException($"Argument 'mode' must be overwrite, append or create_new (got '{other}')."),
        };
        // create_new acts on the name itself: a symlink there (even to a missing file) already exists.
        var file = context.Paths.Resolve(path, followFinalLink: mode != WriteMode.CreateNew);
        SessionFiles.Write(context.Paths, file, path, content, mode);
        return new ToolResult($"Successfully wrote to {file.VirtualPath}");
    }

    public static ToolResult ListDirectory(ToolArgs args, ToolContext context)
    {
        var path = args.RequiredString("path");
        var dir = ExistingDirectory(context, path);
        var lines = new DirectoryInfo(dir.HostPath).EnumerateFileSystemInfos()
            .OrderBy(e => e.Name, StringComparer.Ordinal)
            .Select(e => (e is DirectoryInfo ? "[DIR] " : "[FILE] ") + e.Name);
        return new ToolResult(string.Join('\n', lines));
    }

    public static ToolResult CreateDirectory(ToolArgs args, ToolContext context)
    {
        var path = args.RequiredString("path");
        var dir = context.Paths.Resolve(path);
        if (File.Exists(dir.HostPath))
        {
            throw new ToolException($"'{path}' exists and is not a directory.");
        }

        Directory.CreateDirectory(dir.HostPath);
        context.Paths.EnsureInsideOnHost(path, dir.HostPath);
        return new ToolResult($"Successfully created directory {dir.VirtualPath}");
    }

    public static ToolResult MoveFile(ToolArgs args, ToolContext context)
    {
        var sourcePath = args.RequiredString("source");
        var destinationPath = args.RequiredString("destination");
        var source = context.Paths.Resolve(sourcePath, followFinalLink: false);
        var destination = context.Paths.Resolve(destinationPath, followFinalLink: false);
        if (!Path.Exists(source.HostPath) && new FileInfo(source.HostPath).LinkTarget is null)
        {
            throw new ToolException($"No such file or directory: '{sourcePath}'.");
        }

        if (Path.Exists(destination.HostPath))
        {
            throw new ToolException($"Destination '{destinationPath}' already exists.");
        }

        if (Path.GetDirectoryName(destination.HostPath) is { } parent)
        {
            Directory.CreateDirectory(parent);
        }

        if (Directory.Exists(source.HostPath) && new DirectoryInfo(source.HostPath).LinkTarget is null)
        {
            Directory.Move(source.HostPath, destination.HostPath);
        }
        else
        {
            File.Move(source.HostPath, destination.HostPath);
        }

        return new ToolResult($"Successfully moved {source.VirtualPath} to {destination.VirtualPath}");
    }

    public static ToolResult GetFileInfo(ToolArgs args, ToolContext context)
    {
        var path = args.RequiredString("path");
        var entry = context.Paths.Resolve(path);
        FileSystemInfo info = Directory.Exists(entry.HostPath) ? new DirectoryInfo(entry.HostPath) : new FileInfo(entry.HostPath);
        if (!info.Exists)
        {
            throw new ToolException($"No such file or directory: '{path}'.");
        }

        var size = info is FileInfo file ? file.Length : 0;
        var name = entry.VirtualPath == "/" ? "/" : Path.GetFileName(entry.VirtualPath);
        var modified = info.LastWriteTimeUtc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return new ToolResult(
            $"name: {name}\npath: {entry.VirtualPath}\nsize: {size}\nisDirectory: {(info is DirectoryInfo ? "true" : "false")}\nmodified: {modified}");
    }

    public static ToolResult DeleteFile(ToolArgs args, ToolContext context)
    {
        var path = args.RequiredString("path");
        var entry = context.Paths.Resolve(path, followFinalLink: false);
        var isLink = new FileInfo(entry.HostPath).LinkTarget is not null;
        if (!isLink && Directory.Exists(entry.HostPath))
        {
            if (Directory.EnumerateFileSystemEntries(entry.HostPath).Any())
            {
                throw new ToolException($"Directory '{path}' is not empty.");
            }

            Directory.Delete(entry.HostPath);
        }
        else if (isLink || File.Exists(entry.HostPath))
        {
            File.Delete(entry.HostPath);
        }
        else
        {
            throw new ToolException($"No such file or directory: '{path}'.");
        }

        return new ToolResult($"Successfully deleted {entry.VirtualPath}");
    }

    /// <summary>Reads each file on its own: one failing path becomes an error line, not a failed call.</summary>
    public static ToolResult ReadMultipleFiles(ToolArgs args, ToolContext context)
    {
        var blocks = args.Array("paths").Select(node =>
        {
            var path = node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : node?.ToJsonString() ?? "null";
            try
            {
                return $"{path}: {SessionFiles.ReadText(context.Paths, context.Paths.Resolve(path), path)}";
            }
            catch (Exception e) when (e is ToolException or IOException or UnauthorizedAccessException)
            {
                return $"{path}: Error - {e.Message}";
            }
        });
        return new ToolResult(string.Join("\n---\n", blocks));
    }

    internal static ResolvedPath ExistingDirectory(ToolContext context, string path)
    {
        var dir = context.Paths.Resolve(path);
        if (!Directory.Exists(dir.HostPath))
        {
            throw new ToolException(File.Exists(dir.HostPath) ? $"'{path}' is not a directory." : $"No such directory: '{path}'.");
        }

        return dir;
    }
}
