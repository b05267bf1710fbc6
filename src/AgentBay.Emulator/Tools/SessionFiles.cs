using System;
using System.IO;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace AgentBay.Emulator.Tools;

/// <summary>
/// Opens files for the file tools and re-checks, on the open handle, that the kernel opened a file inside the
/// session: a symlink swapped in by a concurrent command between resolution and open is caught here.
/// </summary>
internal static class SessionFiles
{
    /// <summary>Largest read the emulator answers in one call (the SDK reads in 50 KiB chunks anyway).</summary>
    public const long MaxRead = 64L * 1024 * 1024;

    public static byte[] Read(PathMapper paths, ResolvedPath file, string shownPath, long offset, long length)
    {
        if (Directory.Exists(file.HostPath))
        {
            throw new ToolException($"'{shownPath}' is a directory.");
        }

        if (!File.Exists(file.HostPath))
        {
            throw new ToolException($"No such file: '{shownPath}'.");
        }

        if (!HostFileType.IsRegularFile(file.HostPath))
        {
            throw new ToolException($"'{shownPath}' is not a regular file.");
        }

        using var handle = File.OpenHandle(file.HostPath, FileMode.Open, System.IO.FileAccess.Read, FileShare.ReadWrite);
        EnsureOpenedInside(paths, handle, shownPath);
        var size = RandomAccess.GetLength(handle);
        var start = Math.Min(offset, size);
        var count = length > 0 ? Math.Min(length, size - start) : size - start;
        if (count > MaxRead)
        {
            throw new ToolException($"'{shownPath}' is too large to read at once ({count} bytes); read it with offset and length.");
        }

        var buffer = new byte[count];
        var done = 0;
        while (done < count)
        {
            var read = RandomAccess.Read(handle, buffer.AsSpan(done), start + done);
            if (read == 0)
            {
                break;
            }

            done += read;
        }

        return done == count ? buffer : buffer[..done];
    }

    public static string ReadText(PathMapper paths, ResolvedPath file, string shownPath) =>
        Encoding.UTF8.GetString(Read(paths, file, shownPath, 0, 0));

    public static void Write(PathMapper paths, ResolvedPath file, string shownPath, string content, bool append) =>
        Write(paths, file, shownPath, content, append ? WriteMode.Append : WriteMode.Overwrite);

    /// <summary>Writes <paramref name="content"/> as UTF-8; <see cref="WriteMode.CreateNew"/> never touches an existing entry.</summary>
    public static void Write(PathMapper paths, ResolvedPath file, string shownPath, string content, WriteMode mode)
    {
        // Anything already there (a file, a directory, a link, even a dangling one) stops create_new before any change.
        if (mode == WriteMode.CreateNew && Exists(file.HostPath))
        {
            throw AlreadyExists(shownPath);
        }

        if (Directory.Exists(file.HostPath))
        {
            throw new ToolException($"'{shownPath}' is a directory.");
        }

        if (Path.GetDirectoryName(file.HostPath) is { } parent && !Directory.Exists(parent))
        {
            Directory.CreateDirectory(parent);
            paths.EnsureInsideOnHost(shownPath, parent);
        }

        if (File.Exists(file.HostPath) && !HostFileType.IsRegularFile(file.HostPath))
        {
            throw new ToolException($"'{shownPath}' is not a regular file.");
        }

        // Open without truncating, check where it landed, only then truncate: nothing outside is ever cut.
        using var handle = OpenForWrite(file.HostPath, shownPath, mode);
        EnsureOpenedInside(paths, handle, shownPath);
        var bytes = Encoding.UTF8.GetBytes(content);
        var append = mode == WriteMode.Append;
        var position = append ? RandomAccess.GetLength(handle) : 0;
        if (mode == WriteMode.Overwrite)
        {
            RandomAccess.SetLength(handle, 0);
        }

        RandomAccess.Write(handle, bytes, position);
    }

    /// <summary>
    /// create_new opens with O_CREAT|O_EXCL: if something appeared since the first check, the open fails instead of
    /// replacing it, and a link in the last component is never followed.
    /// </summary>
    private static SafeFileHandle OpenForWrite(string hostPath, string shownPath, WriteMode mode)
    {
        try
        {
            return File.OpenHandle(
                hostPath, mode == WriteMode.CreateNew ? FileMode.CreateNew : FileMode.OpenOrCreate, System.IO.FileAccess.Write, FileShare.ReadWrite);
        }
        catch (IOException) when (mode == WriteMode.CreateNew && Exists(hostPath))
        {
            throw AlreadyExists(shownPath);
        }
    }

    /// <summary>True when anything, a dangling symlink included, is at <paramref name="hostPath"/>.</summary>
    private static bool Exists(string hostPath) => Path.Exists(hostPath) || new FileInfo(hostPath).LinkTarget is not null;

    private static ToolException AlreadyExists(string shownPath) =>
        new($"'{shownPath}' already exists; mode create_new only creates new files (nothing was written; use overwrite or append to change it).");

    private static void EnsureOpenedInside(PathMapper paths, SafeFileHandle handle, string shownPath)
    {
        var opened = HostPaths.OpenedPath(handle) ?? throw new ToolException($"Access denied: cannot verify '{shownPath}'.");
        paths.EnsureInsideOnHost(shownPath, opened);
    }
}

/// <summary>The <c>mode</c> of write_file.</summary>
internal enum WriteMode
{
    /// <summary><c>overwrite</c>: create or replace the content.</summary>
    Overwrite,

    /// <summary><c>append</c>: create or add to the end.</summary>
    Append,

    /// <summary><c>create_new</c>: create; fail, changing nothing, when the path already exists.</summary>
    CreateNew,
}
