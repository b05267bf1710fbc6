using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace AgentBay.IntegrationTests.Infrastructure;

/// <summary>The host's view of a session's processes (every command carries AGENTBAY_SESSION_ID in its environment).</summary>
public static class SessionProcesses
{
    /// <summary>Ids of the live processes started by commands of <paramref name="sessionId"/>.</summary>
    public static IReadOnlyList<int> Of(string sessionId)
    {
        var entry = Encoding.UTF8.GetBytes("AGENTBAY_SESSION_ID=" + sessionId);
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var environ = File.ReadAllBytes(Path.Combine(dir, "environ"));
                foreach (var variable in environ.AsSpan().Split((byte)0))
                {
                    if (environ.AsSpan()[variable].SequenceEqual(entry))
                    {
                        found.Add(pid);
                        break;
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // exited meanwhile
            }
        }

        return found;
    }

    /// <summary>
    /// The session's processes that still run, as "pid state cmdline" (empty when every one is stopped (T), a zombie
    /// (Z, X) or gone). A child that exited just as its parent was stopped stays a zombie until the parent runs again and
    /// reaps it; it runs nothing.
    /// </summary>
    public static string Running(string sessionId)
    {
        var running = new List<string>();
        foreach (var pid in Of(sessionId))
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var state = stat[stat.LastIndexOf(')') + 2];
                // A vfork parent waits in D until its child execs or exits: with the child stopped it is frozen too.
                if (state is not ('T' or 'Z' or 'X') && !(state == 'D' && HasStoppedChild(pid)))
                {
                    var cmdline = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
                    running.Add($"{pid} {state} {cmdline}");
                }
            }
            catch (IOException)
            {
                // gone
            }
        }

        return string.Join("; ", running);
    }

    private static bool HasStoppedChild(int pid)
    {
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                foreach (var child in File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var stat = File.ReadAllText($"/proc/{child}/stat");
                    if (stat[stat.LastIndexOf(')') + 2] == 'T')
                    {
                        return true;
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // gone meanwhile
        }

        return false;
    }
}
