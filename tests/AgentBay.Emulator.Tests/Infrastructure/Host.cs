using System;
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
