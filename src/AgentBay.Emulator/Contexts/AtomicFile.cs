using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace AgentBay.Emulator.Contexts;

/// <summary>
/// Writes that a crash cannot tear: the bytes go to a temporary file beside the target, are flushed to the disk, and
/// the temporary file is renamed over the target (rename(2) replaces it atomically), so a reader sees the old or the
/// new content, never a mix.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Marker in the names of temporary files, so a start after a crash can remove the leftovers.</summary>
    public const string TempMarker = ".agentbay-tmp-";

    public static void WriteAllText(string path, string text)
    {
        var temp = TempPathBeside(path);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(Encoding.UTF8.GetBytes(text));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>A fresh temporary file name in the folder of <paramref name="path"/>.</summary>
    public static string TempPathBeside(string path) =>
        Path.Combine(Path.GetDirectoryName(path)!, TempMarker + RandomNumberGenerator.GetHexString(16, lowercase: true));

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // best effort: a leftover temporary file is removed at the next start
        }
    }

    /// <summary>Removes a folder tree, best effort (a missing folder is fine).</summary>
    public static void TryDeleteTree(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // best effort: trash folders are removed at the next start
        }
    }
}
