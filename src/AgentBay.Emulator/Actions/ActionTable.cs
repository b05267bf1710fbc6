using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using AgentBay.Emulator.Http;

namespace AgentBay.Emulator.Actions;

/// <summary>The actions the emulator answers, by their wire name (case-sensitive, as at the service).</summary>
internal static class ActionTable
{
    public static Dictionary<string, Func<ActionRequest, Task<ActionReply>>> Create(
        SessionActions sessions, LifecycleActions lifecycle, ToolActions tools, ContextActions contexts) =>
        new(StringComparer.Ordinal)
        {
            ["CreateMcpSession"] = Sync(sessions.CreateMcpSession),
            ["GetSession"] = Sync(sessions.GetSession),
            ["GetSessionDetail"] = Sync(sessions.GetSessionDetail),
            ["ListSession"] = Sync(sessions.ListSession),
            ["SetLabel"] = Sync(sessions.SetLabel),
            ["GetLabel"] = Sync(sessions.GetLabel),
            ["GetMcpResource"] = Sync(sessions.GetMcpResource),
            ["GetLink"] = Sync(sessions.GetLink),
            ["ReleaseMcpSession"] = Sync(lifecycle.ReleaseMcpSession),
            ["DeleteSessionAsync"] = Sync(lifecycle.DeleteSessionAsync),
            ["PauseSessionAsync"] = Sync(lifecycle.PauseSessionAsync),
            ["ResumeSessionAsync"] = Sync(lifecycle.ResumeSessionAsync),
            ["ListMcpTools"] = Sync(tools.ListMcpTools),
            ["CallMcpTool"] = tools.CallMcpToolAsync,
            ["SyncContext"] = Sync(contexts.SyncContext),
            ["GetContextInfo"] = Sync(contexts.GetContextInfo),
            ["GetContext"] = Sync(contexts.GetContext),
            ["GetAndLoadInternalContext"] = Sync(contexts.GetAndLoadInternalContext),
            ["ListContexts"] = Sync(contexts.ListContexts),
            ["ModifyContext"] = Sync(contexts.ModifyContext),
            ["DeleteContext"] = Sync(contexts.DeleteContext),
            ["ClearContext"] = Sync(contexts.ClearContext),
            ["DescribeContextFiles"] = Sync(contexts.DescribeContextFiles),
            ["GetContextFileUploadUrl"] = Sync(contexts.GetContextFileUploadUrl),
            ["GetContextFileDownloadUrl"] = Sync(contexts.GetContextFileDownloadUrl),
            ["DeleteContextFile"] = Sync(contexts.DeleteContextFile),
        };

    private static Func<ActionRequest, Task<ActionReply>> Sync(Func<ActionRequest, ActionReply> action) =>
        request => Task.FromResult(action(request));
}
