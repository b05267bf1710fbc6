using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using AgentBay.Emulator.Http;
using AgentBay.Emulator.Sessions;

namespace AgentBay.Emulator.Actions;

/// <summary>
/// Just enough of the context API for SDK flows to complete: contexts are remembered by name, sync is accepted and
/// GetContextInfo reports no pending task (<c>"[]"</c>), so create-time and delete-time waits end at once.
/// No data is stored or synchronised.
/// </summary>
internal sealed class ContextActions(SessionStore store)
{
    private readonly ConcurrentDictionary<(string Owner, string Name), JsonObject> _contexts = new();

    public ActionReply SyncContext(ActionRequest request)
    {
        store.Get(request.Owner, request.Optional("SessionId"));
        return ActionReply.Empty;
    }

    public ActionReply GetContextInfo(ActionRequest request)
    {
        store.Get(request.Owner, request.Optional("SessionId"));
        return new ActionReply(new JsonObject { ["ContextStatus"] = "[]" });
    }

    public ActionReply GetContext(ActionRequest request)
    {
        var name = request.Optional("Name");
        var id = request.Optional("ContextId");
        foreach (var ((owner, _), context) in _contexts)
        {
            if (owner == request.Owner && ((name is not null && (string?)context["Name"] == name) || (id is not null && (string?)context["Id"] == id)))
            {
                return new ActionReply(context.DeepClone());
            }
        }

        if (!request.Boolean("AllowCreate") || name is null)
        {
            // Context calls report failures in the body (HTTP 200), which is how the SDKs read them.
            throw new ApiError(200, "InvalidContext.NotFound", $"The context {name ?? id} does not exist.");
        }

        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var created = new JsonObject
        {
            ["Id"] = "SdkCtx-" + RandomNumberGenerator.GetHexString(16, lowercase: true),
            ["Name"] = name,
            ["State"] = "available",
            ["CreateTime"] = now,
            ["LastUsedTime"] = now,
            ["OsType"] = "linux",
        };
        return new ActionReply(_contexts.GetOrAdd((request.Owner, name), created).DeepClone());
    }

    /// <summary>GET with every parameter in the query (file transfer helpers); one file_transfer context per session.</summary>
    public ActionReply GetAndLoadInternalContext(ActionRequest request)
    {
        var session = store.Get(request.Owner, request.Optional("SessionId"));
        return new ActionReply(new JsonArray(new JsonObject
        {
            ["ContextId"] = "ctx-ft-" + session.Id.Replace("session-", string.Empty, StringComparison.Ordinal),
            ["ContextPath"] = "/tmp/file-transfer",
            ["ContextType"] = "file_transfer",
        }));
    }
}
