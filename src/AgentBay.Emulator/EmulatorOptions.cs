using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;

namespace AgentBay.Emulator;

/// <summary>Which sandbox mode the emulator should use (see <see cref="SandboxMode"/>).</summary>
public enum SandboxPreference
{
    /// <summary>
    /// The mode named by <c>AGENTBAY_EMULATOR_SANDBOX</c> when it is set; else the best that works here:
    /// bubblewrap, then namespaces, then none (the emulator says which, and why the better ones do not work).
    /// </summary>
    Auto,

    /// <summary>Require bubblewrap; starting fails, naming what is missing, when it does not work here.</summary>
    Bubblewrap,

    /// <summary>Require a mount and PID namespace per session; starting fails, naming what is missing, when it does not work here.</summary>
    Namespaces,

    /// <summary>No OS isolation: commands see the real file system, with the session's paths rewritten to its folders.</summary>
    None,
}

/// <summary>Settings of an <see cref="AgentBayEmulator"/>.</summary>
public sealed class EmulatorOptions
{
    /// <summary>API keys the emulator accepts (sent as <c>Authorization=Bearer &lt;key&gt;</c>). Empty: one random key is generated.</summary>
    public IReadOnlyList<string> ApiKeys { get; init; } = [];

    /// <summary>Loopback address to listen on: <c>127.0.0.1</c> (default), <c>::1</c> or <c>localhost</c>. Anything else is refused.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one (read it back from <see cref="AgentBayEmulator.Endpoint"/>).</summary>
    public int Port { get; init; }

    /// <summary>Serve HTTPS with a self-signed certificate (SAN IP:127.0.0.1, DNS:localhost) generated at start.</summary>
    public bool UseHttps { get; init; }

    /// <summary>With <see cref="UseHttps"/>: file the certificate is written to as PEM, so clients can trust it.</summary>
    public string? CertificateOutputPath { get; init; }

    /// <summary>Time a session spends in PAUSING before it becomes PAUSED.</summary>
    public TimeSpan PauseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Time a session spends in RESUMING before it becomes RUNNING.</summary>
    public TimeSpan ResumeDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Time a session spends in DELETING before it is gone (GetSessionDetail then answers FINISH).</summary>
    public TimeSpan DeleteDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How shell commands are isolated; <see cref="SandboxPreference.Auto"/> defers to <c>AGENTBAY_EMULATOR_SANDBOX</c>, then the machine.</summary>
    public SandboxPreference Sandbox { get; init; } = SandboxPreference.Auto;

    /// <summary>Folder under which the emulator creates its own temporary folder; default: the system temp folder.</summary>
    public string? WorkRoot { get; init; }

    /// <summary>
    /// Folder that keeps contexts (their files and metadata) across emulator restarts; created if missing, locked against
    /// a second emulator. Null (the default): contexts live in the emulator's temporary folder and go with it.
    /// </summary>
    public string? DataDirectory { get; init; }

    /// <summary>Largest file accepted through a context upload URL (default 1 GiB); the body is streamed to disk.</summary>
    public long MaxContextFileBytes { get; init; } = 1L << 30;

    /// <summary>The clock of context times, sync task times and the expiry of presigned URLs (tests pass a fake one).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Live sessions allowed at once; CreateMcpSession fails (HTTP 200, Success false, <c>QuotaExceeded.Session</c>) beyond it.</summary>
    public int MaxSessions { get; init; } = 100;

    /// <summary>
    /// Largest request body accepted, in bytes (default 16 MiB): a larger one is refused with HTTP 413
    /// <c>RequestBodyTooLarge</c> before it is read, so nothing runs. What the client still sends is discarded
    /// rather than reset, so it reads the 413 whatever the body's size.
    /// </summary>
    public long MaxRequestBodyBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Fault mode: failures to inject into replies (none by default). Switch it at run time with <see cref="AgentBayEmulator.Faults"/>.</summary>
    public FaultOptions? Faults { get; init; }

    /// <summary>A spec file (JSON, <c>tools</c> section) to take the tool catalogue from instead of the embedded one.</summary>
    public string? ToolSpecPath { get; init; }

    /// <summary>
    /// Extra tools, as a custom image would have them: tool name → shell command run in the session, where
    /// <c>{arg}</c> stands for the shell-quoted value of argument <c>arg</c>. The command's stdout is the tool's text;
    /// a non-zero exit makes it a tool error with stderr as the text.
    /// </summary>
    public IReadOnlyDictionary<string, string> CommandTools { get; init; } = new Dictionary<string, string>();

    /// <summary>Adds logging providers and filters; by default the emulator logs nothing.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }
}
