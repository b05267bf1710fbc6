using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace AgentBay.Emulator.Sandbox;

/// <summary>
/// Finds and signals the processes of a session or of one call. Every process the emulator starts carries marker
/// environment variables; children inherit them, so a scan of <c>/proc/*/environ</c> also finds descendants that
/// left the process group (setsid, double fork) or were reparented after their shell exited.
/// </summary>
internal static class ProcessSignals
{
    public const int SigKill = 9;
    public const int SigCont = 18;
    public const int SigStop = 19;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SysKill(int pid, int signal);

    /// <summary>Sends <paramref name="signal"/> to the process group <paramref name="groupId"/>; false when it is gone.</summary>
    public static bool SignalGroup(int groupId, int signal) => groupId > 1 && SysKill(-groupId, signal) == 0;

    /// <summary>
    /// Sends <paramref name="signal"/> to every process whose environment holds <paramref name="marker"/>
    /// (an exact <c>NAME=value</c> entry, or a prefix of one when <paramref name="prefixMatch"/> is set).
    /// Repeats the scan a few times because a process may fork while we are signalling its parent.
    /// </summary>
    /// <returns>The number of distinct processes signalled.</returns>
    public static int SignalTagged(string marker, int signal, bool prefixMatch = false)
    {
        var needle = Encoding.UTF8.GetBytes(marker);
        var signalled = new HashSet<int>();
        for (var pass = 0; pass < 4; pass++)
        {
            var found = false;
            foreach (var pid in FindTagged(needle, prefixMatch))
            {
                // A stopped process is still "found" on the next pass; only count new ones as progress.
                if (signalled.Add(pid))
                {
                    found = true;
                }

                SysKill(pid, signal);
            }

            if (!found)
            {
                break;
            }
        }

        return signalled.Count;
    }

    /// <summary>Process ids whose environment holds the marker.</summary>
    public static IReadOnlyList<int> FindTagged(string marker, bool prefixMatch = false) =>
        FindTagged(Encoding.UTF8.GetBytes(marker), prefixMatch);

    private static List<int> FindTagged(byte[] needle, bool prefixMatch)
    {
        var result = new List<int>();
        var self = Environment.ProcessId;
        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateDirectories("/proc");
        }
        catch (IOException)
        {
            return result;
        }

        foreach (var dir in entries)
        {
            if (!int.TryParse(Path.GetFileName(dir.AsSpan()), out var pid) || pid == self)
            {
                continue;
            }

            byte[] environ;
            try
            {
                environ = File.ReadAllBytes(Path.Combine(dir, "environ"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // exited meanwhile, or not ours to read
            }

            if (HasEntry(environ, needle, prefixMatch))
            {
                result.Add(pid);
            }
        }

        return result;
    }

    private static bool HasEntry(ReadOnlySpan<byte> environ, ReadOnlySpan<byte> needle, bool prefixMatch)
    {
        // environ is NUL-separated NAME=value entries; match whole entries so one tag is never a prefix of another.
        while (!environ.IsEmpty)
        {
            var end = environ.IndexOf((byte)0);
            var entry = end < 0 ? environ : environ[..end];
            if (prefixMatch ? entry.StartsWith(needle) : entry.SequenceEqual(needle))
            {
                return true;
            }

            if (end < 0)
            {
                break;
            }

            environ = environ[(end + 1)..];
        }

        return false;
    }
}
