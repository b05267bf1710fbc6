using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace AgentBay.Emulator.Sandbox;

/// <summary>
/// Finds out once per process which sandbox modes work here. Installing a tool is not enough: containers without
/// user namespaces or mount permissions make bubblewrap and unshare fail at run time, so each probe builds a real
/// session view in a scratch folder and runs a command in it.
/// </summary>
internal static class SandboxProbe
{
    /// <summary>How to get util-linux, for the messages of the namespaces mode.</summary>
    public const string UtilLinuxHint =
        "Debian/Ubuntu: apt-get install -y util-linux mount; Fedora/RHEL: dnf install util-linux; Alpine: apk add util-linux";

    private const string BubblewrapHint =
        "Debian/Ubuntu: apt-get install -y bubblewrap; Fedora/RHEL: dnf install bubblewrap; Alpine: apk add bubblewrap";

    private static readonly Lazy<SandboxAvailability> Bubblewrap = new(ProbeBubblewrap, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<(SandboxAvailability Availability, NamespaceFlavor? Flavor)> Namespaces =
        new(ProbeNamespaces, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<SandboxAvailability> Direct = new(ProbeDirect, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>True when <c>bwrap</c> ran a trivial sandbox of the shape the emulator uses.</summary>
    public static bool BubblewrapUsable => Bubblewrap.Value.IsAvailable;

    /// <summary>Whether <paramref name="mode"/> works here (probed once per process).</summary>
    public static SandboxAvailability Probe(SandboxMode mode) => mode switch
    {
        SandboxMode.Bubblewrap => Bubblewrap.Value,
        SandboxMode.Namespaces => Namespaces.Value.Availability,
        SandboxMode.None => Direct.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };

    /// <summary>How namespaces are created here; null when the namespaces mode does not work.</summary>
    public static NamespaceFlavor? NamespaceFlavor => Namespaces.Value.Flavor;

    /// <summary>Absolute path of an executable found on PATH (or in the sbin folders util-linux uses), or null.</summary>
    public static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        foreach (var dir in (path + ":/usr/sbin:/sbin").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The programs every mode needs to start and stop a session's processes.</summary>
    private static string? MissingBasics()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "the emulator runs session commands on Linux only (it uses /proc, process groups and setsid)";
        }

        if (FindOnPath("setsid") is null)
        {
            return "the 'setsid' program (util-linux) is not installed (" + UtilLinuxHint + ")";
        }

        return File.Exists("/bin/sh") ? null : "/bin/sh does not exist";
    }

    private static SandboxAvailability ProbeDirect() =>
        MissingBasics() is { } missing
            ? new SandboxAvailability(SandboxMode.None, false, missing)
            : new SandboxAvailability(SandboxMode.None, true, "/bin/sh, session paths rewritten");

    private static SandboxAvailability ProbeBubblewrap()
    {
        SandboxAvailability Unavailable(string why) => new(SandboxMode.Bubblewrap, false, why);
        if (MissingBasics() is { } missing)
        {
            return Unavailable(missing);
        }

        var bwrap = FindOnPath("bwrap");
        if (bwrap is null)
        {
            return Unavailable("bwrap is not installed (" + BubblewrapHint + ")");
        }

        var probeDir = ScratchFolder();
        try
        {
            var psi = new ProcessStartInfo(bwrap)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var arg in CommandLauncher.BubblewrapArguments(probeDir, probeDir, probeDir, "/tmp"))
            {
                psi.ArgumentList.Add(arg);
            }

            psi.ArgumentList.Add("/bin/sh");
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add("test -w /tmp && test -w /home/user");
            using var process = Process.Start(psi)!;
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(30_000))
            {
                process.Kill(entireProcessTree: true);
                return Unavailable("bwrap did not finish its probe within 30 s");
            }

            return process.ExitCode == 0
                ? new SandboxAvailability(SandboxMode.Bubblewrap, true, bwrap)
                : Unavailable($"bwrap is installed but cannot build a sandbox here (exit {process.ExitCode}): {stderr.Result.Trim()}. "
                    + "It needs user namespaces (sysctl kernel.unprivileged_userns_clone=1) or root; in a container, CAP_SYS_ADMIN");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            return Unavailable("bwrap could not be started: " + e.Message);
        }
        finally
        {
            DeleteScratch(probeDir);
        }
    }

    private static (SandboxAvailability, NamespaceFlavor?) ProbeNamespaces()
    {
        static (SandboxAvailability, NamespaceFlavor?) Unavailable(string why) => (new SandboxAvailability(SandboxMode.Namespaces, false, why), null);
        if (MissingBasics() is { } missing)
        {
            return Unavailable(missing);
        }

        foreach (var program in new[] { "unshare", "nsenter", "mount" })
        {
            if (FindOnPath(program) is null)
            {
                return Unavailable($"util-linux's '{program}' is not installed ({UtilLinuxHint})");
            }
        }

        var errors = new List<string>();
        foreach (var flavor in SessionNamespace.Flavors())
        {
            var probeDir = ScratchFolder();
            try
            {
                var error = SessionNamespace.Probe(flavor, probeDir);
                if (error is null)
                {
                    return (new SandboxAvailability(SandboxMode.Namespaces, true, SessionNamespace.Describe(flavor)), flavor);
                }

                errors.Add($"{SessionNamespace.Describe(flavor)}: {error}");
            }
            finally
            {
                DeleteScratch(probeDir);
            }
        }

        return Unavailable(
            "the kernel refused a mount and PID namespace here (" + string.Join("; ", errors) + "). "
            + "Run the emulator as root, or allow unprivileged user namespaces (Debian/Ubuntu: sysctl -w kernel.unprivileged_userns_clone=1; "
            + "Ubuntu 24.04+: sysctl -w kernel.apparmor_restrict_unprivileged_userns=0; elsewhere: sysctl -w user.max_user_namespaces=15000); "
            + "in a container, start it with --cap-add SYS_ADMIN (and an unconfined seccomp profile)");
    }

    private static string ScratchFolder()
    {
        var probeDir = Path.Combine(Path.GetTempPath(), "agentbay-emulator-probe-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(probeDir, "tmp"));
        Directory.CreateDirectory(Path.Combine(probeDir, "home"));
        return probeDir;
    }

    private static void DeleteScratch(string probeDir)
    {
        try
        {
            Directory.Delete(probeDir, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // a leftover empty probe folder in the temp dir is harmless
        }
    }
}
