using System;
using System.Diagnostics;
using System.IO;

namespace AgentBay.Emulator.Sandbox;

/// <summary>
/// Finds out once per process whether bubblewrap can build the session sandbox here. Installing bwrap is not enough:
/// containers without user namespaces or mount permissions make it fail at run time, so we run it.
/// </summary>
internal static class SandboxProbe
{
    private static readonly Lazy<(bool Usable, string Detail)> Result = new(Probe);

    /// <summary>True when <c>bwrap</c> ran a trivial sandbox of the shape the emulator uses.</summary>
    public static bool BubblewrapUsable => Result.Value.Usable;

    /// <summary>Why bubblewrap is not used (or its path when it is).</summary>
    public static string Detail => Result.Value.Detail;

    /// <summary>Absolute path of an executable found on PATH, or null.</summary>
    public static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static (bool, string) Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return (false, "not Linux");
        }

        var bwrap = FindOnPath("bwrap");
        if (bwrap is null)
        {
            return (false, "bwrap is not installed (Debian/Ubuntu: apt-get install -y bubblewrap)");
        }

        var probeDir = Path.Combine(Path.GetTempPath(), "agentbay-emulator-probe-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(probeDir);
        try
        {
            var psi = new ProcessStartInfo(bwrap)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var arg in CommandLauncher.SandboxArguments(probeDir, probeDir, probeDir, "/tmp"))
            {
                psi.ArgumentList.Add(arg);
            }

            psi.ArgumentList.Add("/bin/sh");
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add("test -w /tmp && test -w /home/user");
            using var process = Process.Start(psi)!;
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(10_000))
            {
                process.Kill(entireProcessTree: true);
                return (false, "bwrap did not finish its probe within 10 s");
            }

            return process.ExitCode == 0
                ? (true, bwrap)
                : (false, $"bwrap failed here (exit {process.ExitCode}): {stderr.Result.Trim()}");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            return (false, "bwrap could not be started: " + e.Message);
        }
        finally
        {
            try
            {
                Directory.Delete(probeDir, recursive: true);
            }
            catch (IOException)
            {
                // a leftover empty probe folder in the temp dir is harmless
            }
        }
    }
}
