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

    public static void Write(PathMapper paths, ResolvedPath file, string shownPath, string content, bool append)
    {
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
        using var handle = File.OpenHandle(file.HostPath, FileMode.OpenOrCreate, System.IO.FileAccess.Write, FileShare.ReadWrite);
        EnsureOpenedInside(paths, handle, shownPath);
        var bytes = Encoding.UTF8.GetBytes(content);
        var position = append ? RandomAccess.GetLength(handle) : 0;
        if (!append)
        {
            RandomAccess.SetLength(handle, 0);
        }

        RandomAccess.Write(handle, bytes, position);
    }

    private static void EnsureOpenedInside(PathMapper paths, SafeFileHandle handle, string shownPath)
    {
        var opened = HostPaths.OpenedPath(handle) ?? throw new ToolException($"Access denied: cannot verify '{shownPath}'.");
        paths.EnsureInsideOnHost(shownPath, opened);
    }
}
