using System;
using System.Collections.Generic;
using System.Diagnostics;
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

    /// <summary>True when processes see the session's paths (/tmp, /home/user) as they are; false in the none mode.</summary>
    public bool SeesSessionPaths => launcher.SeesSessionPaths;

    /// <summary>Runs <paramref name="argv"/> in the session, killing its whole tree when the time limit passes.</summary>
    /// <param name="argv">Program and arguments.</param>
    /// <param name="cwd">Working directory as a session path; null: the home directory.</param>
    /// <param name="envs">Extra environment variables.</param>
    /// <param name="stdin">Text fed to standard input (then closed); null: empty input.</param>
    /// <param name="timeout">Time limit.</param>
    /// <remarks>
    /// In the none mode everything the command receives has the session's paths rewritten to its host folders, and
    /// what it prints has them rewritten back, so the caller sees the same paths as in the sandboxed modes.
    /// </remarks>
    public async Task<ProcessOutcome> RunAsync(
        IReadOnlyList<string> argv, string? cwd, IReadOnlyDictionary<string, string>? envs, string? stdin, TimeSpan timeout)
    {
        var callId = Guid.NewGuid().ToString("N");
        var rewriter = SeesSessionPaths ? null : Session.FileSystem.Rewriter;
        ProcessStartInfo psi;
        try
        {
            psi = await launcher.BuildAsync(
                Session.Id, Session.FileSystem, rewriter?.ToHost(argv) ?? argv, WorkingDirectory(cwd), rewriter is null ? envs : rewriter.ToHost(envs),
                callId, CancellationToken).ConfigureAwait(false);
        }
        catch (SandboxException e)
        {
            throw new ToolException($"The session's sandbox could not be started: {e.Message}.");
        }

        var input = stdin is null || rewriter is null ? stdin : rewriter.ToHost(stdin);
        var outcome = await ProcessRunner.RunAsync(psi, CommandLauncher.CallMarker(callId), input, timeout, CancellationToken).ConfigureAwait(false);
        return rewriter is null ? outcome : outcome with { Stdout = rewriter.ToSession(outcome.Stdout), Stderr = rewriter.ToSession(outcome.Stderr) };
    }

    /// <summary>
    /// A session path inside /tmp or the home directory must exist there; any other directory is taken as the
    /// machine's own (read-only in the sandbox, the real one without it).
    /// </summary>
    private string WorkingDirectory(string? cwd)
    {
        if (string.IsNullOrEmpty(cwd))
        {
            return SeesSessionPaths ? SessionFileSystem.VirtualHome : Session.FileSystem.HostHome;
        }

        if (Paths.IsSessionPath(cwd))
        {
            var resolved = Paths.Resolve(cwd);
            if (!Directory.Exists(resolved.HostPath))
            {
                throw new ToolException($"The working directory '{cwd}' does not exist.");
            }

            return SeesSessionPaths ? resolved.VirtualPath : resolved.HostPath;
        }

        if (!cwd.StartsWith('/') || !Directory.Exists(cwd))
        {
            throw new ToolException($"The working directory '{cwd}' does not exist.");
        }

        return cwd;
    }
}
