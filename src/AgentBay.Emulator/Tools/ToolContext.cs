using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using AgentBay.Emulator.Sandbox;
using AgentBay.Emulator.Sessions;

namespace AgentBay.Emulator.Tools;

/// <summary>What a tool needs to act on a session: the session, how to start processes in it, and cancellation.</summary>
internal sealed class ToolContext(Session session, CommandLauncher launcher, CancellationToken cancellationToken)
{
    public Session Session { get; } = session;

    public PathMapper Paths => Session.Paths;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>True when processes see the session's paths (/tmp, /home/user) as they are; false in fallback mode.</summary>
    public bool Sandboxed => launcher.Sandboxed;

    /// <summary>Runs <paramref name="argv"/> in the session, killing its whole tree when the time limit passes.</summary>
    /// <param name="argv">Program and arguments.</param>
    /// <param name="cwd">Working directory as a session path; null: the home directory.</param>
    /// <param name="envs">Extra environment variables.</param>
    /// <param name="stdin">Text fed to standard input (then closed); null: empty input.</param>
    /// <param name="timeout">Time limit.</param>
    public Task<ProcessOutcome> RunAsync(
        IReadOnlyList<string> argv, string? cwd, IReadOnlyDictionary<string, string>? envs, string? stdin, TimeSpan timeout)
    {
        var callId = Guid.NewGuid().ToString("N");
        var psi = launcher.Build(Session.Id, Session.FileSystem, argv, WorkingDirectory(cwd), envs, callId);
        return ProcessRunner.RunAsync(psi, CommandLauncher.CallMarker(callId), stdin, timeout, CancellationToken);
    }

    /// <summary>
    /// A session path inside /tmp or the home directory must exist there; any other directory is taken as the
    /// machine's own (read-only in the sandbox, the real one without it).
    /// </summary>
    private string WorkingDirectory(string? cwd)
    {
        if (string.IsNullOrEmpty(cwd))
        {
            return Sandboxed ? SessionFileSystem.VirtualHome : Session.FileSystem.HostHome;
        }

        if (Paths.IsSessionPath(cwd))
        {
            var resolved = Paths.Resolve(cwd);
            if (!Directory.Exists(resolved.HostPath))
            {
                throw new ToolException($"The working directory '{cwd}' does not exist.");
            }

            return Sandboxed ? resolved.VirtualPath : resolved.HostPath;
        }

        if (!cwd.StartsWith('/') || !Directory.Exists(cwd))
        {
            throw new ToolException($"The working directory '{cwd}' does not exist.");
        }

        return cwd;
    }
}
