using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Win32.SafeHandles;

namespace AgentBay.Emulator.Sandbox;

/// <summary>How <c>unshare</c> gets the right to mount: as root directly, or through a user namespace.</summary>
internal enum NamespaceFlavor
{
    /// <summary>The emulator runs as root (with CAP_SYS_ADMIN): no user namespace.</summary>
    Root,

    /// <summary>
    /// A user namespace mapping the emulator's user to root inside (<c>--map-root-user</c>), where the setup may mount.
    /// (Mapped to itself, the user would lose those capabilities at the setup script's exec, so mounting would fail.)
    /// Files the session makes belong to the emulator's user on the machine.
    /// </summary>
    UserMappedToRoot,
}

/// <summary>Raised when a session's sandbox cannot be built or entered; the message says why.</summary>
internal sealed class SandboxException(string message) : Exception(message);

/// <summary>
/// The mount and PID namespace of one session (namespaces mode), made once per session with util-linux <c>unshare</c>:
/// the machine read-only, the session's folders bound on <c>/tmp</c> and <c>/home/user</c>, the emulator's own folder
/// (other sessions) hidden, a private <c>/dev/shm</c> and a <c>/proc</c> that shows only the session's processes.
/// Commands enter it with <c>nsenter</c> through file descriptors the emulator holds, never through a process id that
/// could be reused. The namespace's first process reaps orphans and lives until its standard input closes: when the
/// session goes, or when the emulator dies, so a crashed emulator leaves no session process behind.
/// </summary>
internal sealed class SessionNamespace : IDisposable
{
    /// <summary>
    /// Runs as the namespace's first process. Arguments: the folder to hide (empty when the binds hide it already),
    /// the session's tmp and home folders. The sources are opened before anything is mounted over them, then bound
    /// through /proc/self/fd, so a work folder under /tmp or /home stays reachable while those are replaced.
    /// </summary>
    private const string InitScript = """
        set -eu
        hide=$1
        [ -d /home ] || { echo "this machine has no /home directory to mount the session's home under" >&2; exit 1; }
        exec 3<"$2" 4<"$3"
        mount -t tmpfs -o mode=0755,nosuid,nodev agentbay-home /home
        mkdir /home/user
        mount --bind /proc/self/fd/4 /home/user
        mount --bind /proc/self/fd/3 /tmp
        exec 3<&- 4<&-
        if [ -n "$hide" ] && [ -d "$hide" ]; then mount -t tmpfs -o mode=0755,size=64k agentbay-hidden "$hide"; fi
        if [ -d /dev/shm ]; then mount -t tmpfs -o mode=1777,nosuid,nodev agentbay-shm /dev/shm; fi
        while read -r _ _ _ _ point options _; do
          case "$point" in /tmp|/tmp/*|/home|/home/*|/proc|/proc/*|/dev|/dev/*) continue ;; esac
          if [ -n "$hide" ]; then case "$point" in "$hide"|"$hide"/*) continue ;; esac; fi
          case "$options" in ro|ro,*) continue ;; esac
          mount -o remount,bind,ro "$point" || { echo "cannot make $point read-only" >&2; exit 1; }
        done < /proc/self/mountinfo
        set +e
        echo ready
        exec 5<&0
        cat <&5 >/dev/null &
        wait $!
        """;

    /// <summary>
    /// Changes to the working directory inside the namespace, then runs the command: for an nsenter without --wdns
    /// (util-linux before 2.38), whose --wd opens the directory outside the namespace.
    /// </summary>
    private const string EnterScript = "cd -- \"$1\" || exit 126; shift; exec \"$@\"";

    /// <summary>Whether this machine's nsenter has --wdns (saves the command one shell start).</summary>
    private static readonly Lazy<bool> NsenterHasWdns = new(() =>
    {
        try
        {
            var psi = new ProcessStartInfo(SandboxProbe.FindOnPath("nsenter") ?? "nsenter", "--help") { RedirectStandardOutput = true, UseShellExecute = false };
            using var help = Process.Start(psi)!;
            var text = help.StandardOutput.ReadToEnd();
            help.WaitForExit();
            return text.Contains("--wdns", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException)
        {
            return false;
        }
    });

    private const int OpenReadOnly = 0;
    private const int OpenCloseOnExec = 0x80000;

    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(30);

    private readonly Process _holder;
    private readonly SafeFileHandle? _user;
    private readonly SafeFileHandle _mount;
    private readonly SafeFileHandle _pid;
    private readonly NamespaceFlavor _flavor;
    private int _disposed;

    private SessionNamespace(Process holder, NamespaceFlavor flavor, SafeFileHandle? user, SafeFileHandle mount, SafeFileHandle pid)
    {
        _holder = holder;
        _flavor = flavor;
        _user = user;
        _mount = mount;
        _pid = pid;
    }

    /// <summary>False once the namespace's first process has gone (then no command can enter it).</summary>
    public bool IsAlive => Volatile.Read(ref _disposed) == 0 && !_holder.HasExited;

    /// <summary>The flavors worth trying here, best first.</summary>
    public static IEnumerable<NamespaceFlavor> Flavors()
    {
        if (GetEffectiveUserId() == 0)
        {
            yield return NamespaceFlavor.Root;
        }

        yield return NamespaceFlavor.UserMappedToRoot;
    }

    /// <summary>Words for messages: what the namespaces are made with.</summary>
    public static string Describe(NamespaceFlavor flavor) => flavor switch
    {
        NamespaceFlavor.Root => "unshare --mount --pid as root",
        _ => "unshare --user --map-root-user --mount --pid",
    };

    /// <summary>Builds a namespace over <paramref name="probeDir"/> and checks its view; null when it works, else why not.</summary>
    public static string? Probe(NamespaceFlavor flavor, string probeDir)
    {
        try
        {
            var environment = new Dictionary<string, string> { ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin" };
            using var ns = CreateAsync(flavor, FolderToHide(probeDir), Path.Combine(probeDir, "tmp"), Path.Combine(probeDir, "home"), environment, CancellationToken.None)
                .GetAwaiter().GetResult();
            var psi = new ProcessStartInfo(SandboxProbe.FindOnPath("nsenter")!)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var arg in ns.EnterArguments("/tmp", ["/bin/sh", "-c", "test -w /tmp && test -w /home/user && test ! -w /"]))
            {
                psi.ArgumentList.Add(arg);
            }

            using var check = Process.Start(psi)!;
            var stderr = check.StandardError.ReadToEndAsync();
            if (!check.WaitForExit(30_000))
            {
                check.Kill(entireProcessTree: true);
                return "a command in the probe namespace did not finish within 30 s";
            }

            return check.ExitCode == 0
                ? null
                : $"the probe namespace does not have the session view (exit {check.ExitCode}) {stderr.Result.Trim()}".Trim();
        }
        catch (SandboxException e)
        {
            return e.Message;
        }
    }

    /// <summary>
    /// What the namespace covers with an empty tmpfs to hide the emulator's folder: nothing when the folder lies under
    /// /tmp or /home, which the session's own folders replace anyway; else its canonical path.
    /// </summary>
    public static string FolderToHide(string emulatorRoot)
    {
        var canonical = Tools.HostPaths.RealPath(emulatorRoot) ?? emulatorRoot;
        return Tools.HostPaths.IsWithin(canonical, "/tmp") || Tools.HostPaths.IsWithin(canonical, "/home") ? string.Empty : canonical;
    }

    /// <summary>Starts the namespace of a session and waits until its view is built.</summary>
    /// <param name="flavor">How to get the right to mount.</param>
    /// <param name="hide">A host folder to cover with an empty tmpfs (the emulator's folder), or empty.</param>
    /// <param name="hostTmp">The session's folder seen as /tmp.</param>
    /// <param name="hostHome">The session's folder seen as /home/user.</param>
    /// <param name="environment">The whole environment of the namespace's first process (markers included).</param>
    /// <param name="cancellationToken">Cancels the start; the half-made namespace is torn down.</param>
    /// <exception cref="SandboxException">unshare or the view setup failed; the message has their error output.</exception>
    public static async Task<SessionNamespace> CreateAsync(
        NamespaceFlavor flavor, string hide, string hostTmp, string hostHome, IReadOnlyDictionary<string, string> environment,
        CancellationToken cancellationToken)
    {
        var setsid = SandboxProbe.FindOnPath("setsid") ?? throw new SandboxException("the 'setsid' program (util-linux) is not installed");
        var unshare = SandboxProbe.FindOnPath("unshare") ?? throw new SandboxException($"util-linux's 'unshare' is not installed ({SandboxProbe.UtilLinuxHint})");
        var psi = new ProcessStartInfo(setsid)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };

        // setsid does not fork (we are no group leader), so the process we start is unshare itself: its own namespace
        // files are the new user and mount namespaces, and pid_for_children is the new PID namespace.
        psi.ArgumentList.Add(unshare);
        foreach (var arg in flavor switch
        {
            NamespaceFlavor.Root => Array.Empty<string>(),
            _ => ["--user", "--map-root-user"],
        })
        {
            psi.ArgumentList.Add(arg);
        }

        foreach (var arg in new[] { "--mount", "--propagation", "private", "--pid", "--fork", "--mount-proc", "--", "/bin/sh", "-c", InitScript, "agentbay-session", hide, hostTmp, hostHome })
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            psi.Environment[name] = value;
        }

        Process holder;
        try
        {
            holder = Process.Start(psi) ?? throw new SandboxException("unshare could not be started");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException)
        {
            throw new SandboxException("unshare could not be started: " + e.Message);
        }

        var stderr = holder.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            string? line;
            try
            {
                line = await holder.StandardOutput.ReadLineAsync(cancellationToken).AsTask().WaitAsync(StartLimit, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new SandboxException($"the session namespace was not ready within {StartLimit.TotalSeconds:0} s");
            }

            if (line != "ready")
            {
                holder.Kill(entireProcessTree: true);
                await holder.WaitForExitAsync(CancellationToken.None).WaitAsync(StartLimit, CancellationToken.None).ConfigureAwait(false);
                var error = (await stderr.ConfigureAwait(false)).Trim();
                throw new SandboxException($"{Describe(flavor)} failed (exit {holder.ExitCode}): {(error.Length > 0 ? error : "no error output")}");
            }

            var pid = holder.Id;
            var user = flavor == NamespaceFlavor.Root ? null : OpenNamespace(pid, "user");
            return new SessionNamespace(holder, flavor, user, OpenNamespace(pid, "mnt"), OpenNamespace(pid, "pid_for_children"));
        }
        catch
        {
            try
            {
                holder.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // already gone
            }

            holder.Dispose();
            throw;
        }
    }

    /// <summary>
    /// nsenter's arguments (without the program) that run <paramref name="argv"/> in this namespace with
    /// <paramref name="cwd"/> (a path inside the session) as working directory. nsenter forks once to join the PID
    /// namespace; the fork stays in our process group, so a timeout's group kill reaches it.
    /// </summary>
    public IEnumerable<string> EnterArguments(string cwd, IEnumerable<string> argv)
    {
        var self = Environment.ProcessId;
        if (_user is not null)
        {
            yield return $"--user=/proc/{self}/fd/{_user.DangerousGetHandle()}";
            yield return "--preserve-credentials";
        }

        yield return $"--mount=/proc/{self}/fd/{_mount.DangerousGetHandle()}";
        yield return $"--pid=/proc/{self}/fd/{_pid.DangerousGetHandle()}";
        if (NsenterHasWdns.Value)
        {
            yield return "--wdns=" + cwd;
            yield return "--";
        }
        else
        {
            yield return "--";
            yield return "/bin/sh";
            yield return "-c";
            yield return EnterScript;
            yield return "agentbay-session";
            yield return cwd;
        }

        foreach (var arg in argv)
        {
            yield return arg;
        }
    }

    /// <summary>
    /// Ends the namespace: closing the first process's input makes it exit, which kills every process left in the
    /// namespace (PID namespace semantics); the held descriptors go with it.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            _holder.StandardInput.Close();
            if (!_holder.WaitForExit(5_000))
            {
                _holder.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            // already gone
        }
        finally
        {
            _holder.Dispose();
            _user?.Dispose();
            _mount.Dispose();
            _pid.Dispose();
        }
    }

    /// <summary>The namespace flavor this instance was made with (for diagnostics).</summary>
    public override string ToString() => Describe(_flavor);

    private static SafeFileHandle OpenNamespace(int pid, string name)
    {
        var path = $"/proc/{pid}/ns/{name}";
        var fd = OpenNative(path, OpenReadOnly | OpenCloseOnExec);
        if (fd < 0)
        {
            throw new SandboxException($"cannot open {path}: errno {Marshal.GetLastPInvokeError()}");
        }

        return new SafeFileHandle((IntPtr)fd, ownsHandle: true);
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int OpenNative([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEffectiveUserId();
}
