using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace AgentBay.Emulator.Sandbox;

/// <summary>
/// Builds the start information of a process that runs inside a session, in the emulator's sandbox mode: a bubblewrap
/// sandbox per command, the session's own namespaces (entered with nsenter), or directly. Every process gets its own
/// process group (setsid) so a timeout can kill the whole tree, a clean environment (the emulator's own variables, API
/// key included, never leak in) and marker variables that <see cref="ProcessSignals"/> uses to find it again.
/// </summary>
internal sealed class CommandLauncher
{
    /// <summary>Marker variable naming the emulator instance and session of a process.</summary>
    public const string SessionMarkerVariable = "AGENTBAY_EMULATOR_SESSION";

    /// <summary>Marker variable naming the tool call that started a process.</summary>
    public const string CallMarkerVariable = "AGENTBAY_EMULATOR_CALL";

    /// <summary>Call marker of a session namespace's first process, which no tool call's timeout may kill.</summary>
    private const string NamespaceCallId = "session-namespace";

    private readonly string _emulatorRoot;
    private readonly string _instanceId;
    private readonly string _setsid;
    private readonly string? _nsenter;
    private readonly NamespaceFlavor _flavor;
    private readonly string _folderToHide;

    /// <summary>Creates the launcher of one emulator instance.</summary>
    /// <param name="mode">The sandbox mode, already known to work here.</param>
    /// <param name="flavor">With <see cref="SandboxMode.Namespaces"/>: how the namespaces are made.</param>
    /// <param name="emulatorRoot">The emulator's folder, hidden from sessions in the sandboxed modes.</param>
    /// <param name="instanceId">Identifies this emulator's processes among others'.</param>
    public CommandLauncher(SandboxMode mode, NamespaceFlavor? flavor, string emulatorRoot, string instanceId)
    {
        Mode = mode;
        _emulatorRoot = emulatorRoot;
        _instanceId = instanceId;
        _setsid = SandboxProbe.FindOnPath("setsid")
            ?? throw new PlatformNotSupportedException("The emulator needs the 'setsid' program (util-linux).");
        if (mode == SandboxMode.Namespaces)
        {
            _flavor = flavor ?? throw new ArgumentException("The namespaces mode needs a flavor.", nameof(flavor));
            _nsenter = SandboxProbe.FindOnPath("nsenter") ?? throw new PlatformNotSupportedException("The namespaces mode needs util-linux's nsenter.");
            _folderToHide = SessionNamespace.FolderToHide(emulatorRoot);
        }
        else
        {
            _folderToHide = string.Empty;
        }
    }

    /// <summary>The sandbox mode commands run in.</summary>
    public SandboxMode Mode { get; }

    /// <summary>True when processes see the session's paths (/tmp, /home/user) as they are; false in the none mode.</summary>
    public bool SeesSessionPaths => Mode != SandboxMode.None;

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
    /// No --unshare-pid: a background server must outlive the command that started it, as it does in the service,
    /// and bubblewrap's PID namespace would end with the command.
    /// </summary>
    public static IEnumerable<string> BubblewrapArguments(string emulatorRoot, string hostTmp, string hostHome, string cwd) =>
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
    /// <param name="fs">The session's file system (and, in namespaces mode, its namespace).</param>
    /// <param name="argv">Program and arguments, as seen inside the session.</param>
    /// <param name="cwd">Working directory: a session path when <see cref="SeesSessionPaths"/>, a host path otherwise.</param>
    /// <param name="envs">Extra variables from the caller.</param>
    /// <param name="callId">Identifier of the call, for the call marker.</param>
    /// <param name="cancellationToken">Cancels the creation of the session's namespace.</param>
    /// <exception cref="SandboxException">The session's namespace cannot be built or the session is closing.</exception>
    public async ValueTask<ProcessStartInfo> BuildAsync(
        string sessionId, SessionFileSystem fs, IReadOnlyList<string> argv, string cwd,
        IReadOnlyDictionary<string, string>? envs, string callId, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(_setsid)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = SeesSessionPaths ? fs.HostHome : cwd,
        };

        // setsid (not a group leader, so it does not fork) makes the command leader of a new group: pgid == pid.
        IEnumerable<string> arguments = Mode switch
        {
            SandboxMode.Bubblewrap => Prefixed("bwrap", BubblewrapArguments(_emulatorRoot, fs.HostTmp, fs.HostHome, cwd), argv),
            SandboxMode.Namespaces => Prefixed(
                _nsenter!,
                (await fs.Namespace.GetAsync(token => StartNamespaceAsync(sessionId, fs, token), cancellationToken).ConfigureAwait(false))
                    .EnterArguments(cwd, argv),
                []),
            _ => argv,
        };
        foreach (var arg in arguments)
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment.Clear();
        psi.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        psi.Environment["HOME"] = SeesSessionPaths ? SessionFileSystem.VirtualHome : fs.HostHome;
        psi.Environment["TMPDIR"] = SeesSessionPaths ? SessionFileSystem.VirtualTmp : fs.HostTmp;
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
        psi.Environment[SessionMarkerVariable] = MarkerValue(sessionId);
        psi.Environment[CallMarkerVariable] = callId;
        return psi;
    }

    private static IEnumerable<string> Prefixed(string program, IEnumerable<string> options, IEnumerable<string> argv)
    {
        yield return program;
        foreach (var option in options)
        {
            yield return option;
        }

        foreach (var arg in argv)
        {
            yield return arg;
        }
    }

    private string MarkerValue(string sessionId) => SessionMarker(sessionId)[(SessionMarkerVariable.Length + 1)..];

    private Task<SessionNamespace> StartNamespaceAsync(string sessionId, SessionFileSystem fs, CancellationToken cancellationToken)
    {
        // The namespace's processes carry the session marker (pause stops them, delete kills them) but a call marker
        // of their own, so no tool call's timeout reaches them.
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin",
            ["LANG"] = "C.UTF-8",
            [SessionMarkerVariable] = MarkerValue(sessionId),
            [CallMarkerVariable] = NamespaceCallId,
        };
        return SessionNamespace.CreateAsync(_flavor, _folderToHide, fs.HostTmp, fs.HostHome, environment, cancellationToken);
    }
}
