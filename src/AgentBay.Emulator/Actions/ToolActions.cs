using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AgentBay.Emulator.Http;
using AgentBay.Emulator.Sandbox;
using AgentBay.Emulator.Sessions;
using AgentBay.Emulator.Tools;

namespace AgentBay.Emulator.Actions;

/// <summary>ListMcpTools and CallMcpTool.</summary>
internal sealed class ToolActions(SessionStore store, ToolCatalog catalog, ToolDispatcher dispatcher, CommandLauncher launcher)
{
    /// <summary>Data is the tool array as a JSON string (not an array), as the SDKs expect.</summary>
    public ActionReply ListMcpTools(ActionRequest request) => new(JsonValue.Create(catalog.ToolListJson));

    public async Task<ActionReply> CallMcpToolAsync(ActionRequest request)
    {
        var name = request.Required("Name");
        var args = request.Json("Args") switch
        {
            null => [],
            JsonObject value => value,
            _ => throw ApiError.InvalidParameter("Args", "expected a JSON object."),
        };
        var id = request.Optional("SessionId");
        var session = store.Find(request.Owner, id);
        if (session is null)
        {
            // A deleted session must not come back silently (SDK issue #393) unless the caller asks for it.
            if (!request.Boolean("AutoGenSession"))
            {
                throw id is null ? ApiError.MissingParameter("SessionId") : ApiError.SessionNotFound(id);
            }

            session = store.TryCreate(request.Owner, request.Optional("ImageId") ?? "linux_latest", new System.Collections.Generic.Dictionary<string, string>(), id)
                ?? throw ApiError.SessionQuota(store.MaxSessions);
        }

        if (session.Status != SessionStatus.Running)
        {
            throw ApiError.WrongStatus(400, session.Id, session.Status, "tools can only be called while the session is RUNNING.");
        }

        var result = await dispatcher.CallAsync(name, args, new ToolContext(session, launcher, request.Aborted)).ConfigureAwait(false);
        return new ActionReply(new JsonObject
        {
            ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = result.Text }),
            ["isError"] = result.IsError,
        });
    }
}
