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
    /// True when every process of the session is stopped (state T), a zombie (Z, X) or gone. A child that exited just
    /// as its parent was stopped stays a zombie until the parent runs again and reaps it; it runs nothing.
    /// </summary>
    public static bool AllStopped(string sessionId)
    {
        foreach (var pid in Of(sessionId))
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                if (stat[stat.LastIndexOf(')') + 2] is not ('T' or 'Z' or 'X'))
                {
                    return false;
                }
            }
            catch (IOException)
            {
                // gone
            }
        }

        return true;
    }
}
