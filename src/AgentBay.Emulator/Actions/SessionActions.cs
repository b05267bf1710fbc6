using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using AgentBay.Emulator.Contexts;
using AgentBay.Emulator.Http;
using AgentBay.Emulator.Sessions;

namespace AgentBay.Emulator.Actions;

/// <summary>Create, read, list and label sessions; GetMcpResource and GetLink.</summary>
internal sealed class SessionActions(SessionStore store, SessionViews views, ContextService contexts)
{
    private const int DefaultPageSize = 10;
    private const int MaxPageSize = 100;
    private const int FirstLinkPort = 30100;
    private const int LastLinkPort = 30199;

    public ActionReply CreateMcpSession(ActionRequest request)
    {
        var imageId = request.Optional("ImageId") ?? "linux_latest";
        var labels = request.Labels();

        var persistence = request.Json("PersistenceDataList");
        request.Json("SdkStats");
        var session = store.TryCreate(request.Owner, imageId, labels)
            ?? throw ApiError.SessionQuota(store.MaxSessions);
        try
        {
            // Each context is copied into its path before the reply; its download task is terminal already.
            contexts.AttachAtCreate(session, persistence);
        }
        catch
        {
            contexts.Release(session, upload: false, () => store.Discard(session));
            throw;
        }

        return new ActionReply(views.Created(session));
    }

    public ActionReply GetSession(ActionRequest request) =>
        new(views.Described(store.Get(request.Owner, request.Optional("SessionId"))));

    public ActionReply GetSessionDetail(ActionRequest request)
    {
        var id = request.Required("SessionId");
        if (store.Find(request.Owner, id) is { } session)
        {
            return new ActionReply(SessionViews.Detail(session.Id, session.Owner, session.ImageId, session.Sequence, session.Status));
        }

        var gone = store.FindGone(request.Owner, id) ?? throw ApiError.SessionNotFound(id);
        return new ActionReply(SessionViews.Detail(gone.Id, gone.Owner, gone.ImageId, gone.Sequence, SessionStatus.Finish));
    }

    /// <summary>Sessions matching every given label and the status, in creation order, paged by opaque tokens.</summary>
    public ActionReply ListSession(ActionRequest request)
    {
        var labels = request.Labels();
        var status = request.Optional("Status");
        if (status is not null && !SessionStatus.Filterable.Contains(status))
        {
            throw ApiError.InvalidParameter("Status", $"must be one of {string.Join(", ", SessionStatus.Filterable)}.");
        }

        var pageSize = request.Integer("MaxResults") ?? DefaultPageSize;
        if (pageSize is < 1 or > MaxPageSize)
        {
            throw ApiError.InvalidParameter("MaxResults", $"must be between 1 and {MaxPageSize}.");
        }

        var after = DecodeToken(request.Optional("NextToken"));
        var matching = status == SessionStatus.Deleted
            ? store.ListGone(request.Owner).Where(_ => labels.Count == 0).Select(t => (t.Sequence, t.Id, Status: SessionStatus.Deleted)).ToList()
            : store.List(request.Owner)
                .Where(s => labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value))
                .Select(s => (s.Sequence, s.Id, s.Status))
                .Where(s => status is null || s.Status == status)
                .ToList();
        var page = matching.Where(s => s.Sequence > after).Take(pageSize).ToList();
        var more = page.Count > 0 && matching.Any(s => s.Sequence > page[^1].Sequence);
        var data = new JsonArray(page.Select(s => (JsonNode)new JsonObject { ["SessionId"] = s.Id, ["SessionStatus"] = s.Status }).ToArray());
        return new ActionReply(data, new JsonObject
        {
            ["NextToken"] = more ? EncodeToken(page[^1].Sequence) : string.Empty,
            ["MaxResults"] = pageSize,
            ["TotalCount"] = matching.Count,
        });
    }

    public ActionReply SetLabel(ActionRequest request)
    {
        var session = store.Get(request.Owner, request.Optional("SessionId"));
        request.Required("Labels");
        session.Labels = request.Labels();
        return ActionReply.Empty;
    }

    public ActionReply GetLabel(ActionRequest request)
    {
        var session = store.Get(request.Owner, request.Optional("SessionId"));
        var labels = new JsonObject(session.Labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value)));
        return new ActionReply(
            new JsonObject { ["Labels"] = labels.ToJsonString(JsonText.Options) },
            new JsonObject { ["NextToken"] = string.Empty, ["MaxResults"] = request.Integer("MaxResults") ?? DefaultPageSize, ["TotalCount"] = labels.Count });
    }

    public ActionReply GetMcpResource(ActionRequest request)
    {
        var session = store.Get(request.Owner, request.Optional("SessionId"));
        return new ActionReply(new JsonObject
        {
            ["SessionId"] = session.Id,
            ["ResourceUrl"] = views.ResourceUrl(session),
            ["DesktopInfo"] = new JsonObject
            {
                ["AppId"] = "mcp-server-linux",
                ["AuthCode"] = session.AuthCode,
                ["ConnectionProperties"] = "{}",
                ["ResourceId"] = session.ResourceId,
                ["ResourceType"] = "AIAgent",
                ["Ticket"] = session.Ticket,
            },
        });
    }

    /// <summary>
    /// Sessions share the host's network, so a server listening on port P inside one is reached directly on
    /// 127.0.0.1:P; no gateway or proxy is involved. The port rule is the service's.
    /// </summary>
    public ActionReply GetLink(ActionRequest request)
    {
        var session = store.Get(request.Owner, request.Optional("SessionId"));
        var protocol = request.Optional("ProtocolType")?.ToLowerInvariant();
        if (protocol == "http")
        {
            throw ApiError.InvalidParameter("ProtocolType", "http not supported");
        }

        var port = request.Integer("Port") ?? throw (session.ImageId.Contains("browser", StringComparison.OrdinalIgnoreCase)
            ? ApiError.InvalidParameter("Port", "the emulator does not provide CDP links; pass a port in [30100, 30199].")
            : new ApiError(400, "InvalidParameter", "only BrowserUse image support cdp"));
        if (port is < FirstLinkPort or > LastLinkPort)
        {
            throw new ApiError(400, "InvalidParameter.Port",
                $"Invalid port value: {port}. Port must be an integer in the range [{FirstLinkPort}, {LastLinkPort}].");
        }

        var scheme = protocol == "wss" ? "ws" : "http";
        return new ActionReply(new JsonObject { ["Url"] = $"{scheme}://127.0.0.1:{port}/" });
    }

    private static string EncodeToken(long sequence) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"after:{sequence}"));

    private static long DecodeToken(string? token)
    {
        if (token is null)
        {
            return 0;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            if (text.StartsWith("after:", StringComparison.Ordinal) && long.TryParse(text.AsSpan(6), out var sequence))
            {
                return sequence;
            }
        }
        catch (FormatException)
        {
            // fall through to the error below
        }

        throw ApiError.InvalidParameter("NextToken", "not a token this emulator issued.");
    }
}
