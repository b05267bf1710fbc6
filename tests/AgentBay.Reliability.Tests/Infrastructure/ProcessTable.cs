using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;

namespace AgentBay.Reliability.Tests.Infrastructure;

/// <summary>Reads /proc directly: which processes carry a marker in their command line or environment.</summary>
public static class ProcessTable
{
    public static IReadOnlyList<int> WithMarker(string marker)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            if (Contains(Path.Combine(directory, "cmdline"), marker) || Contains(Path.Combine(directory, "environ"), marker))
            {
                found.Add(pid);
            }
        }

        return found;
    }

    /// <summary>
    /// Local addresses of the TCP sockets this process listens on: its socket inodes (/proc/self/fd) matched against the
    /// kernel's socket tables (/proc/net/tcp and tcp6, state 0A = LISTEN).
    /// </summary>
    public static IReadOnlyList<IPAddress> OwnListeningAddresses()
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal))
                {
                    inodes.Add(target["socket:[".Length..^1]);
                }
            }
            catch (IOException)
            {
                // closed while we looked
            }
        }

        var addresses = new List<IPAddress>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (columns.Length > 9 && columns[3] == "0A" && inodes.Contains(columns[9]))
                {
                    addresses.Add(Decode(columns[1].Split(':')[0]));
                }
            }
        }

        return addresses;
    }

    /// <summary>The kernel writes addresses as hex of the in-memory bytes, 32-bit words in host (little-endian) order.</summary>
    private static IPAddress Decode(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        for (var word = 0; word < bytes.Length; word += 4)
        {
            Array.Reverse(bytes, word, 4);
        }

        return new IPAddress(bytes);
    }

    private static bool Contains(string path, string marker)
    {
        try
        {
            // NUL-separated; a zombie has an empty cmdline and is not counted as alive work.
            return Encoding.UTF8.GetString(File.ReadAllBytes(path)).Contains(marker, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // the process ended while we looked
        }
    }
}
