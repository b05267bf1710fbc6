using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace AgentBay.Emulator.Sandbox;

/// <summary>
/// Builds the start information of a process that runs inside a session: in a bubblewrap sandbox when available,
/// else directly. Either way the process gets its own process group (setsid) so a timeout can kill the whole tree,
/// a clean environment (the emulator's own variables, API key included, never leak in) and marker variables that
/// <see cref="ProcessSignals"/> uses to find it again.
/// </summary>
internal sealed class CommandLauncher
{
    /// <summary>Marker variable naming the emulator instance and session of a process.</summary>
    public const string SessionMarkerVariable = "AGENTBAY_EMULATOR_SESSION";

    /// <summary>Marker variable naming the tool call that started a process.</summary>
    public const string CallMarkerVariable = "AGENTBAY_EMULATOR_CALL";

    private readonly string _emulatorRoot;
    private readonly string _instanceId;
    private readonly string _setsid;

    public CommandLauncher(bool sandboxed, string emulatorRoot, string instanceId)
    {
        Sandboxed = sandboxed;
        _emulatorRoot = emulatorRoot;
        _instanceId = instanceId;
        _setsid = SandboxProbe.FindOnPath("setsid")
            ?? throw new PlatformNotSupportedException("The emulator needs the 'setsid' program (util-linux).");
    }

    /// <summary>True when commands run in a bubblewrap sandbox.</summary>
    public bool Sandboxed { get; }

    /// <summary>The environment entry every process of this emulator instance carries (for a prefix scan).</summary>
    public string InstanceMarkerPrefix => $"{SessionMarkerVariable}={_instanceId}/";

    /// <summary>The environment entry every process of <paramref name="sessionId"/> carries.</summary>
    public string SessionMarker(string sessionId) => InstanceMarkerPrefix + sessionId;

    /// <summary>The environment entry every process of one call carries.</summary>
    public static string CallMarker(string callId) => $"{CallMarkerVariable}={callId}";

    /// <summary>
    /// The bubblewrap arguments of a session: the machine read-only, the emulator's own folder hidden, the session's
    /// tmp and home bound read-write on /tmp and /home/user. The network is shared with the host on purpose, so a
    /// server started in the session on port P is reachable at 127.0.0.1:P (that is what GetLink returns).
    /// No --unshare-pid: a background server must outlive the command that started it, as it does in the service.
    /// </summary>
    public static IEnumerable<string> SandboxArguments(string emulatorRoot, string hostTmp, string hostHome, string cwd) =>
    [
        "--ro-bind", "/", "/",
        "--tmpfs", emulatorRoot,
        "--dev", "/dev",
        "--proc", "/proc",
        "--bind", hostTmp, SessionFileSystem.VirtualTmp,
        "--tmpfs", "/home",
        "--bind", hostHome, SessionFileSystem.VirtualHome,
        "--die-with-parent",
        "--chdir", cwd,
    ];

    /// <summary>Start information for <paramref name="argv"/> in the session.</summary>
    /// <param name="sessionId">The session the process belongs to.</param>
    /// <param name="fs">The session's file system.</param>
    /// <param name="argv">Program and arguments, as seen inside the session.</param>
    /// <param name="cwd">Working directory: a virtual path in sandbox mode, a host path otherwise.</param>
    /// <param name="envs">Extra variables from the caller.</param>
    /// <param name="callId">Identifier of the call, for the call marker.</param>
    public ProcessStartInfo Build(
        string sessionId, SessionFileSystem fs, IReadOnlyList<string> argv, string cwd,
        IReadOnlyDictionary<string, string>? envs, string callId)
    {
        var psi = new ProcessStartInfo(_setsid)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Sandboxed ? fs.HostHome : cwd,
        };

        // setsid (not a group leader, so it does not fork) makes the command leader of a new group: pgid == pid.
        if (Sandboxed)
        {
            psi.ArgumentList.Add("bwrap");
            foreach (var arg in SandboxArguments(_emulatorRoot, fs.HostTmp, fs.HostHome, cwd))
            {
                psi.ArgumentList.Add(arg);
            }
        }

        foreach (var arg in argv)
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment.Clear();
        psi.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        psi.Environment["HOME"] = Sandboxed ? SessionFileSystem.VirtualHome : fs.HostHome;
        psi.Environment["TMPDIR"] = Sandboxed ? SessionFileSystem.VirtualTmp : fs.HostTmp;
        psi.Environment["LANG"] = "C.UTF-8";
        psi.Environment["AGENTBAY_SESSION_ID"] = sessionId;
        if (envs is not null)
        {
            foreach (var (name, value) in envs)
            {
                psi.Environment[name] = value;
            }
        }

        // Set last so a caller's envs cannot remove the markers that pause, delete and timeouts rely on.
        psi.Environment[SessionMarkerVariable] = SessionMarker(sessionId)[(SessionMarkerVariable.Length + 1)..];
        psi.Environment[CallMarkerVariable] = callId;
        return psi;
    }
}
