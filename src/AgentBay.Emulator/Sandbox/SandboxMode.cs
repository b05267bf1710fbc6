using System;

namespace AgentBay.Emulator;

/// <summary>How an emulator isolates the commands of its sessions (see <see cref="AgentBayEmulator.Sandbox"/>).</summary>
public enum SandboxMode
{
    /// <summary>
    /// <c>bwrap</c>: every command runs in a bubblewrap sandbox: the machine read-only, the session's folders bound on
    /// <c>/tmp</c> and <c>/home/user</c>, the emulator's folder (other sessions) hidden.
    /// </summary>
    Bubblewrap,

    /// <summary>
    /// <c>namespaces</c>: every session gets its own Linux mount and PID namespace (util-linux <c>unshare</c>), with the
    /// same view as <see cref="Bubblewrap"/>; its commands enter it with <c>nsenter</c> and see only the session's processes.
    /// </summary>
    Namespaces,

    /// <summary>
    /// <c>none</c>: no OS isolation. Commands run on the real file system; the session's paths (<c>/tmp</c>,
    /// <c>/home/user</c>) in their arguments, input and environment are rewritten to the session's folders, and back in
    /// their output, so file tools and commands still agree on every path the tools use.
    /// </summary>
    None,
}

/// <summary>The names of the sandbox modes on the command line, in <c>AGENTBAY_EMULATOR_SANDBOX</c> and in messages.</summary>
public static class SandboxModes
{
    /// <summary>The environment variable that picks the mode when the options leave it to <see cref="SandboxPreference.Auto"/>.</summary>
    public const string EnvironmentVariable = "AGENTBAY_EMULATOR_SANDBOX";

    /// <summary>The accepted names, for help texts.</summary>
    public const string Choices = "auto, bwrap, namespaces or none";

    /// <summary><c>bwrap</c>, <c>namespaces</c> or <c>none</c>.</summary>
    public static string Name(SandboxMode mode) => mode switch
    {
        SandboxMode.Bubblewrap => "bwrap",
        SandboxMode.Namespaces => "namespaces",
        SandboxMode.None => "none",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };

    /// <summary>Reads <c>auto</c>, <c>bwrap</c> (or <c>bubblewrap</c>), <c>namespaces</c> or <c>none</c>, in any case.</summary>
    /// <param name="text">The name.</param>
    /// <param name="source">Where the text came from (<c>--sandbox</c>, the variable), for the error message.</param>
    /// <exception cref="FormatException">Not one of the names.</exception>
    public static SandboxPreference Parse(string text, string source) => text.Trim().ToLowerInvariant() switch
    {
        "auto" => SandboxPreference.Auto,
        "bwrap" or "bubblewrap" => SandboxPreference.Bubblewrap,
        "namespaces" or "ns" => SandboxPreference.Namespaces,
        "none" => SandboxPreference.None,
        _ => throw new FormatException($"{source} must be {Choices} (got '{text}')."),
    };
}

/// <summary>Whether a sandbox mode works on this machine, and why not.</summary>
/// <param name="Mode">The mode probed.</param>
/// <param name="IsAvailable">True when the mode started a probe session here.</param>
/// <param name="Detail">
/// When available, what it uses (e.g. <c>/usr/bin/bwrap</c>); when not, what is missing and how to install it.
/// </param>
public sealed record SandboxAvailability(SandboxMode Mode, bool IsAvailable, string Detail);
