using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AgentBay.Emulator.Sandbox;

/// <summary>What a finished (or killed) process left behind.</summary>
/// <param name="Stdout">Captured standard output (UTF-8, lossy).</param>
/// <param name="Stderr">Captured standard error.</param>
/// <param name="ExitCode">Exit code; 128+n when killed by signal n.</param>
/// <param name="TimedOut">True when the time limit killed it.</param>
internal sealed record ProcessOutcome(string Stdout, string Stderr, int ExitCode, bool TimedOut);

/// <summary>
/// Runs one process to completion with a time limit. On timeout or cancellation the whole tree dies: first its
/// process group, then anything still carrying the call marker (descendants that called setsid themselves).
/// </summary>
internal static class ProcessRunner
{
    /// <summary>Most bytes kept per stream; a runaway command must not exhaust the emulator's memory.</summary>
    private const int MaxCapture = 16 * 1024 * 1024;

    /// <summary>
    /// After the command exits, background children may still hold its pipes open (<c>server &amp;</c>). We wait this
    /// long for the pipes to close, then answer with what we have and keep draining in the background.
    /// </summary>
    private static readonly TimeSpan OutputGrace = TimeSpan.FromMilliseconds(150);

    public static async Task<ProcessOutcome> RunAsync(
        ProcessStartInfo psi, string callMarker, string? stdin, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var process = new Process { StartInfo = psi };
        process.Start();
        var stdout = new Capture(process.StandardOutput.BaseStream);
        var stderr = new Capture(process.StandardError.BaseStream);
        var timedOut = false;
        try
        {
            await WriteStdinAsync(process, stdin).ConfigureAwait(false);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                timedOut = !cancellationToken.IsCancellationRequested;
                KillTree(process.Id, callMarker);
                using var reap = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await process.WaitForExitAsync(reap.Token).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }

            await DrainAsync(Task.WhenAll(stdout.Completion, stderr.Completion), callMarker).ConfigureAwait(false);
            return new ProcessOutcome(stdout.Detach(), stderr.Detach(), process.ExitCode, timedOut);
        }
        finally
        {
            stdout.Detach();
            stderr.Detach();
        }
    }

    /// <summary>
    /// Waits for both pipes to reach EOF. Without EOF after a short grace, either a background child still holds a
    /// pipe (then we stop waiting) or our reader is merely behind on a busy machine (then EOF is certain: wait for it,
    /// or output would be lost). A scan for processes still carrying the call marker tells the two apart.
    /// </summary>
    private static async Task DrainAsync(Task drained, string callMarker)
    {
        if (await Task.WhenAny(drained, Task.Delay(OutputGrace)).ConfigureAwait(false) == drained
            || ProcessSignals.FindTagged(callMarker).Count > 0)
        {
            return;
        }

        try
        {
            await drained.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // a writer that shed the marker (env -i) keeps the pipe open: answer with what we have
        }
    }

    /// <summary>Kills the process group led by <paramref name="groupId"/> and every process carrying the marker.</summary>
    public static void KillTree(int groupId, string callMarker)
    {
        ProcessSignals.SignalGroup(groupId, ProcessSignals.SigKill);
        ProcessSignals.SignalTagged(callMarker, ProcessSignals.SigKill);
    }

    private static async Task WriteStdinAsync(Process process, string? stdin)
    {
        try
        {
            if (stdin is not null)
            {
                await process.StandardInput.WriteAsync(stdin).ConfigureAwait(false);
            }

            process.StandardInput.Close(); // EOF: commands that read stdin must not wait for us
        }
        catch (IOException)
        {
            // the command exited without reading its input
        }
    }

    /// <summary>Reads one pipe until EOF; keeps the first <see cref="MaxCapture"/> bytes until detached, then discards.</summary>
    private sealed class Capture
    {
        private readonly MemoryStream _buffer = new();
        private readonly Lock _gate = new();
        private bool _detached;
        private string _text = string.Empty;

        public Capture(Stream stream) => Completion = Task.Run(() => PumpAsync(stream));

        public Task Completion { get; }

        /// <summary>Returns what was read so far; later output is drained and dropped so writers never block.</summary>
        public string Detach()
        {
            lock (_gate)
            {
                if (!_detached)
                {
                    _detached = true;
                    _text = Encoding.UTF8.GetString(_buffer.GetBuffer(), 0, (int)_buffer.Length);
                    _buffer.SetLength(0);
                }

                return _text;
            }
        }

        private async Task PumpAsync(Stream stream)
        {
            var chunk = new byte[64 * 1024];
            try
            {
                int read;
                while ((read = await stream.ReadAsync(chunk).ConfigureAwait(false)) > 0)
                {
                    lock (_gate)
                    {
                        if (!_detached && _buffer.Length < MaxCapture)
                        {
                            _buffer.Write(chunk, 0, (int)Math.Min(read, MaxCapture - _buffer.Length));
                        }
                    }
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // pipe closed under us: the process is gone
            }
            finally
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
