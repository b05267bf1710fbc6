using AgentBay.Emulator.Http;
using AgentBay.Emulator.Sessions;

namespace AgentBay.Emulator.Actions;

/// <summary>ReleaseMcpSession, DeleteSessionAsync, PauseSessionAsync, ResumeSessionAsync: no Data in the reply.</summary>
internal sealed class LifecycleActions(SessionStore store, SessionLifecycle lifecycle)
{
    public ActionReply ReleaseMcpSession(ActionRequest request)
    {
        lifecycle.Release(store.Get(request.Owner, request.Optional("SessionId")));
        return ActionReply.Empty;
    }

    public ActionReply DeleteSessionAsync(ActionRequest request)
    {
        lifecycle.Delete(store.Get(request.Owner, request.Optional("SessionId")));
        return ActionReply.Empty;
    }

    public ActionReply PauseSessionAsync(ActionRequest request)
    {
        lifecycle.Pause(store.Get(request.Owner, request.Optional("SessionId")));
        return ActionReply.Empty;
    }

    public ActionReply ResumeSessionAsync(ActionRequest request)
    {
        lifecycle.Resume(store.Get(request.Owner, request.Optional("SessionId")));
        return ActionReply.Empty;
    }
}
