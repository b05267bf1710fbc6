using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace AgentBay.Emulator.Tests.Infrastructure;

/// <summary>Looks at the host machine from the test process (outside any session).</summary>
public static class Host
{
    /// <summary>Process ids whose command line contains <paramref name="marker"/> (pgrep -f; pgrep leaves itself out).</summary>
    public static string Pgrep(string marker)
    {
        var psi = new ProcessStartInfo("pgrep", ["-f", marker]) { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output.Trim();
    }

    public static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':')
            .Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, program)));

    /// <summary>
    /// True when the process cannot run: stopped (T), a zombie or gone, or waiting uninterruptibly (D) on a child that
    /// is stopped — dash starts commands with vfork, and a vfork parent waits in D until its child execs or exits, so a
    /// pause that stops the child before its exec leaves the parent frozen in D, not T.
    /// </summary>
    public static bool IsFrozen(int pid) => ProcessState(pid) switch
    {
        null or 'T' or 'Z' or 'X' => true,
        'D' => Children(pid).Any(child => ProcessState(child) == 'T'),
        _ => false,
    };

    /// <summary>Child process ids from /proc/PID/task/*/children.</summary>
    public static IReadOnlyList<int> Children(int pid)
    {
        var children = new List<int>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                foreach (var child in File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    children.Add(int.Parse(child, System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // gone meanwhile
        }

        return children;
    }

    /// <summary>State letter of a process from /proc/PID/stat (R, S, T for stopped, ...).</summary>
    public static char? ProcessState(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2];
        }
        catch (IOException)
        {
            return null;
        }
    }
}
