using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentBay.Emulator.Contexts;
using AgentBay.Emulator.Http;
using AgentBay.Emulator.Sessions;

namespace AgentBay.Emulator.Actions;

/// <summary>
/// The context actions (docs/contexts.md): contexts and their files, presigned URLs, SyncContext / GetContextInfo and
/// the per-session file transfer context. Failures are HTTP 200 with Success false, as the SDKs read them.
/// </summary>
internal sealed class ContextActions(SessionStore sessions, ContextService contexts, ContextTransfers transfers)
{
    private const int DefaultPageSize = 10;
    private const int MaxPageSize = 100;
    private const int DefaultFilePageSize = 50;
    private const int MaxFilePageSize = 1000;
    private const int MaxNameLength = 255;

    private ContextStore Store => contexts.Store;

    public ActionReply GetContext(ActionRequest request)
    {
        var name = request.Optional("Name");
        var id = request.Optional("ContextId");
        var owner = contexts.OwnerId(request.Owner);
        if (id is not null)
        {
            return new ActionReply(contexts.View(Store.Find(owner, id) ?? throw ContextErrors.NotFound(id)));
        }

        if (name is null)
        {
            throw ApiError.MissingParameter("Name");
        }

        if (Store.FindByName(owner, name) is { } existing)
        {
            return new ActionReply(contexts.View(existing));
        }

        if (!request.Boolean("AllowCreate"))
        {
            throw ContextErrors.NotFound(name);
        }

        return new ActionReply(contexts.View(Store.Create(owner, CheckName(name))));
    }

    /// <summary>The key's contexts in creation order, paged by opaque tokens; SessionId lists the ones bound to it.</summary>
    public ActionReply ListContexts(ActionRequest request)
    {
        var pageSize = Integer(request, "MaxResults") ?? DefaultPageSize;
        if (pageSize is < 1 or > MaxPageSize)
        {
            throw ContextErrors.Invalid("MaxResults", $"must be between 1 and {MaxPageSize}.");
        }

        var after = DecodeToken(request.Optional("NextToken"), "ctx-after:", "NextToken");
        var owner = contexts.OwnerId(request.Owner);
        IReadOnlyList<ContextRecord> matching = request.Optional("SessionId") is { } sessionId
            ? sessions.Get(request.Owner, sessionId).Contexts.Bindings.Select(b => b.Context).Distinct().Where(c => !c.Deleted).OrderBy(c => c.Sequence).ToList()
            : Store.List(owner, request.Optional("ContextType") is { } type && type != "normal" ? type : string.Empty);
        var page = matching.Where(c => c.Sequence > after).Take(pageSize).ToList();
        var more = page.Count > 0 && matching.Any(c => c.Sequence > page[^1].Sequence);
        return new ActionReply(
            new JsonArray(page.Select(c => (JsonNode)contexts.View(c)).ToArray()),
            new JsonObject
            {
                ["NextToken"] = more ? EncodeToken("ctx-after:" + page[^1].Sequence.ToString(CultureInfo.InvariantCulture)) : string.Empty,
                ["MaxResults"] = pageSize,
                ["TotalCount"] = matching.Count,
            });
    }

    public ActionReply ModifyContext(ActionRequest request)
    {
        var context = contexts.Require(request.Owner, request.Optional("Id"), "Id");
        Store.Rename(context, CheckName(request.Required("Name")));
        return ActionReply.Empty;
    }

    public ActionReply DeleteContext(ActionRequest request)
    {
        contexts.Delete(contexts.Require(request.Owner, request.Optional("Id"), "Id"));
        return ActionReply.Empty;
    }

    /// <summary>Removes every file at once; GetContext's State reads <c>available</c> again when this returns.</summary>
    public ActionReply ClearContext(ActionRequest request)
    {
        Store.Clear(contexts.Require(request.Owner, request.Optional("Id"), "Id"));
        return ActionReply.Empty;
    }

    /// <summary>The entries directly in a folder of the context: PageNumber/PageSize, or MaxResults/NextToken.</summary>
    public ActionReply DescribeContextFiles(ActionRequest request)
    {
        var context = contexts.Require(request.Owner, request.Optional("ContextId"), "ContextId");
        var folder = ContextPaths.Normalize(request.Optional("ParentFolderPath") ?? "/", "ParentFolderPath", allowRoot: true);
        IReadOnlyList<ContextEntry> entries;
        lock (context.Gate)
        {
            entries = ContextStore.ListFolder(context, folder);
        }

        var byToken = request.Optional("MaxResults") is not null || request.Optional("NextToken") is not null;
        List<ContextEntry> page;
        int pageSize;
        var nextToken = string.Empty;
        if (byToken)
        {
            pageSize = Integer(request, "MaxResults") ?? DefaultFilePageSize;
            CheckRange(pageSize, "MaxResults", MaxFilePageSize);
            var after = request.Optional("NextToken") is { } token ? DecodeText(token, "file-after:", "NextToken") : null;
            page = entries.Where(e => after is null || string.CompareOrdinal(e.Name, after) > 0).Take(pageSize).ToList();
            if (page.Count > 0 && entries.Any(e => string.CompareOrdinal(e.Name, page[^1].Name) > 0))
            {
                nextToken = EncodeToken("file-after:" + page[^1].Name);
            }
        }
        else
        {
            var number = Integer(request, "PageNumber") ?? 1;
            pageSize = Integer(request, "PageSize") ?? DefaultFilePageSize;
            CheckRange(number, "PageNumber", int.MaxValue);
            CheckRange(pageSize, "PageSize", MaxFilePageSize);
            page = entries.Skip((int)Math.Min(int.MaxValue, (long)(number - 1) * pageSize)).Take(pageSize).ToList();
        }

        var data = new JsonArray(page.Select(e => (JsonNode)new JsonObject
        {
            ["FileId"] = "file-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(context.Id + ":" + e.Path)))[..24],
            ["FileName"] = e.Name,
            ["FilePath"] = e.Path,
            ["FileType"] = e.IsFolder ? "folder" : "file",
            ["GmtCreate"] = ContextService.Time(e.Created),
            ["GmtModified"] = ContextService.Time(e.Modified),
            ["Size"] = e.Size,
            ["Status"] = "available",
        }).ToArray());
        return new ActionReply(data, new JsonObject { ["Count"] = entries.Count, ["NextToken"] = nextToken, ["MaxResults"] = pageSize });
    }

    public ActionReply GetContextFileUploadUrl(ActionRequest request)
    {
        var context = contexts.Require(request.Owner, request.Optional("ContextId"), "ContextId");
        var path = ContextPaths.Normalize(request.Required("FilePath"), "FilePath", allowRoot: false);
        return Url(transfers.Issue(context, path, upload: true));
    }

    public ActionReply GetContextFileDownloadUrl(ActionRequest request)
    {
        var context = contexts.Require(request.Owner, request.Optional("ContextId"), "ContextId");
        var path = ContextPaths.Normalize(request.Required("FilePath"), "FilePath", allowRoot: false);
        if (ContextStore.FileHostPath(context, path) is null)
        {
            throw ContextErrors.FileNotFound(context.Id, path);
        }

        return Url(transfers.Issue(context, path, upload: false));
    }

    public ActionReply DeleteContextFile(ActionRequest request)
    {
        var context = contexts.Require(request.Owner, request.Optional("ContextId"), "ContextId");
        var path = ContextPaths.Normalize(request.Required("FilePath"), "FilePath", allowRoot: false);
        lock (context.Gate)
        {
            if (context.Deleted || !ContextStore.DeleteLocked(context, path))
            {
                throw ContextErrors.FileNotFound(context.Id, path);
            }

            Store.TouchLocked(context);
        }

        return ActionReply.Empty;
    }

    /// <summary>Copies now (upload: session to context, the default; download: the reverse); the tasks are terminal when this returns.</summary>
    public ActionReply SyncContext(ActionRequest request)
    {
        var session = sessions.Get(request.Owner, request.Optional("SessionId"));
        contexts.Sync(session, request.Optional("ContextId"), request.Optional("Path"), request.Optional("Mode"));
        return ActionReply.Empty;
    }

    /// <summary>
    /// <c>Data.ContextStatus</c>: a JSON string of <c>[{"type":"data","data":"&lt;JSON string of the tasks&gt;"}]</c>, each task
    /// <c>{contextId, path, status, taskType, errorMessage, startTime, finishTime}</c> (protocol reference §2.10).
    /// </summary>
    public ActionReply GetContextInfo(ActionRequest request)
    {
        var session = sessions.Get(request.Owner, request.Optional("SessionId"));
        var tasks = contexts.Tasks(session, request.Optional("ContextId"), request.Optional("Path"), request.Optional("TaskType"));
        var inner = new JsonArray(tasks.Select(t => (JsonNode)new JsonObject
        {
            ["contextId"] = t.ContextId,
            ["path"] = t.Path,
            ["status"] = t.Status,
            ["taskType"] = t.TaskType,
            ["errorMessage"] = t.ErrorMessage,
            ["startTime"] = t.StartTime,
            ["finishTime"] = t.FinishTime,
        }).ToArray());
        var outer = new JsonArray(new JsonObject { ["type"] = "data", ["data"] = inner.ToJsonString(JsonText.Options) });
        return new ActionReply(new JsonObject { ["ContextStatus"] = outer.ToJsonString(JsonText.Options) });
    }

    /// <summary>GET with every parameter in the query (file transfer helpers); one file_transfer context per session.</summary>
    public ActionReply GetAndLoadInternalContext(ActionRequest request)
    {
        var session = sessions.Get(request.Owner, request.Optional("SessionId"));
        var types = ContextTypes(request);
        if (types.Count > 0 && !types.Contains(ContextStore.FileTransferType))
        {
            return new ActionReply(new JsonArray());
        }

        var context = contexts.FileTransfer(session);
        return new ActionReply(new JsonArray(new JsonObject
        {
            ["ContextId"] = context.Id,
            ["ContextPath"] = ContextService.FileTransferPath,
            ["ContextType"] = ContextStore.FileTransferType,
        }));
    }

    /// <summary><c>ContextTypes.1=…</c> (form flattening), or one value holding a JSON array or a plain type name.</summary>
    private static HashSet<string> ContextTypes(ActionRequest request)
    {
        var types = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 1; request.Optional("ContextTypes." + i.ToString(CultureInfo.InvariantCulture)) is { } type; i++)
        {
            types.Add(type);
        }

        if (request.Optional("ContextTypes") is { } value)
        {
            try
            {
                if (JsonNode.Parse(value) is JsonArray array)
                {
                    types.UnionWith(array.Select(t => (string?)t).OfType<string>());
                }
            }
            catch (JsonException)
            {
                types.Add(value);
            }
        }

        return types;
    }

    private static ActionReply Url((string Url, long ExpireTime) url) =>
        new(new JsonObject { ["Url"] = url.Url, ["ExpireTime"] = url.ExpireTime });

    private static string CheckName(string name)
    {
        if (name.Trim().Length == 0 || name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            throw ContextErrors.Invalid("Name", $"a context name has 1 to {MaxNameLength} characters and no control characters.");
        }

        return name;
    }

    private static int? Integer(ActionRequest request, string name) => request.Optional(name) switch
    {
        null => null,
        var text when int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) => value,
        _ => throw ContextErrors.Invalid(name, "expected an integer."),
    };

    private static void CheckRange(int value, string name, int max)
    {
        if (value < 1 || value > max)
        {
            throw ContextErrors.Invalid(name, $"must be between 1 and {max}.");
        }
    }

    private static string EncodeToken(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

    private static long DecodeToken(string? token, string prefix, string parameter) =>
        token is null ? 0
        : long.TryParse(DecodeText(token, prefix, parameter), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value
        : throw ContextErrors.Invalid(parameter, "not a token this emulator issued.");

    private static string DecodeText(string token, string prefix, string parameter)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            if (text.StartsWith(prefix, StringComparison.Ordinal))
            {
                return text[prefix.Length..];
            }
        }
        catch (FormatException)
        {
            // fall through to the error below
        }

        throw ContextErrors.Invalid(parameter, "not a token this emulator issued.");
    }
}
