using System;
using System.Threading;
using System.Threading.Tasks;
using AgentBay.Emulator.Contexts;
using AgentBay.Emulator.Http;
using AgentBay.Emulator.Sandbox;
using Microsoft.Extensions.Logging;

namespace AgentBay.Emulator.Sessions;

/// <summary>
/// Pause, resume and delete. The in-between status (PAUSING, RESUMING, DELETING) is set before the call returns,
/// because SDKs that poll GetSession fail on seeing the old status; the final one follows after a configurable delay.
/// Pausing really suspends the session's processes (SIGSTOP), resuming continues them, deleting kills them.
/// </summary>
internal sealed class SessionLifecycle(
    SessionStore store, CommandLauncher launcher, EmulatorOptions options, ContextService contexts, CancellationToken stopping, ILogger logger)
{
    private static readonly string[] Live = [SessionStatus.Running, SessionStatus.Pausing, SessionStatus.Paused, SessionStatus.Resuming];

    public void Pause(Session session)
    {
        var transition = session.TryBegin([SessionStatus.Running], SessionStatus.Pausing, out var current);
        if (transition < 0)
        {
            // Asking again while it happens (or after) is harmless; anything else is a state the service refuses.
            if (current is SessionStatus.Pausing or SessionStatus.Paused)
            {
                return;
            }

            throw ApiError.WrongStatus(200, session.Id, current, "only a RUNNING session can be paused.");
        }

        Later(options.PauseDelay, () =>
        {
            if (session.TryComplete(transition, SessionStatus.Pausing, SessionStatus.Paused, () => Signal(session, ProcessSignals.SigStop)))
            {
                logger.LogInformation("Session {SessionId} paused", session.Id);
            }
        });
    }

    public void Resume(Session session)
    {
        var transition = session.TryBegin([SessionStatus.Paused], SessionStatus.Resuming, out var current);
        if (transition < 0)
        {
            if (current is SessionStatus.Resuming or SessionStatus.Running)
            {
                return;
            }

            throw ApiError.WrongStatus(200, session.Id, current, "only a PAUSED session can be resumed.");
        }

        Later(options.ResumeDelay, () =>
        {
            if (session.TryComplete(transition, SessionStatus.Resuming, SessionStatus.Running, () => Signal(session, ProcessSignals.SigCont)))
            {
                logger.LogInformation("Session {SessionId} resumed", session.Id);
            }
        });
    }

    /// <summary>DeleteSessionAsync: DELETING at once (processes killed), gone after <see cref="EmulatorOptions.DeleteDelay"/>.</summary>
    public void Delete(Session session)
    {
        var transition = session.TryBegin(Live, SessionStatus.Deleting, out _);
        if (transition < 0)
        {
            return; // already DELETING
        }

        Signal(session, ProcessSignals.SigKill);
        Later(options.DeleteDelay, () =>
        {
            // Nothing else leaves DELETING, so bury first: a lookup then sees the session either live and DELETING or as
            // its tombstone (FINISH), never live with status DELETED, and never as unknown.
            Signal(session, ProcessSignals.SigKill); // anything started in the instant before DELETING was set
            contexts.Release(session, upload: true, () => store.Bury(session));
            if (session.TryComplete(transition, SessionStatus.Deleting, SessionStatus.Deleted))
            {
                logger.LogInformation("Session {SessionId} deleted", session.Id);
            }
        });
    }

    /// <summary>ReleaseMcpSession (SDK ≤ 0.12): deleted before the call returns (its contexts uploaded first).</summary>
    public void Release(Session session)
    {
        session.TryBegin(Live, SessionStatus.Deleting, out _);
        Signal(session, ProcessSignals.SigKill);
        contexts.Release(session, upload: true, () => store.Bury(session));
        logger.LogInformation("Session {SessionId} released", session.Id);
    }

    /// <summary>Kills every process of this emulator instance and removes every session folder (no context upload).</summary>
    public void StopAll()
    {
        ProcessSignals.SignalTagged(launcher.InstanceMarkerPrefix, ProcessSignals.SigKill, prefixMatch: true);
        foreach (var session in store.All)
        {
            contexts.Release(session, upload: false, () => store.Bury(session));
        }
    }

    private void Signal(Session session, int signal)
    {
        var count = ProcessSignals.SignalTagged(launcher.SessionMarker(session.Id), signal);
        logger.LogDebug("Signal {Signal} sent to {Count} processes of session {SessionId}", signal, count, session.Id);
    }

    private void Later(TimeSpan delay, Action action)
    {
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(delay, stopping).ConfigureAwait(false);
                action();
            }
            catch (OperationCanceledException)
            {
                // the emulator is stopping; StopAll cleans up
            }
            catch (Exception e)
            {
                logger.LogError(e, "A delayed session transition failed");
            }
        });
    }
}
