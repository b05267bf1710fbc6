using System.Text.Json.Nodes;
using AgentBay.Emulator.Sessions;
using AgentBay.Emulator.Tools;

namespace AgentBay.Emulator.Actions;

/// <summary>
/// The JSON shapes of a session in replies. No LinkUrl or Token: the SDKs would then call a LinkUrl route this
/// emulator does not serve (protocol reference §3.2), instead of CallMcpTool.
/// </summary>
internal sealed class SessionViews(ToolCatalog catalog, System.Func<string> endpoint, System.Func<Session, JsonArray> contexts)
{
    public string ResourceUrl(Session session) =>
        $"{endpoint()}/resource/{session.Id}?authcode={session.AuthCode}&resourceId={session.ResourceId}";

    /// <summary>Data of CreateMcpSession.</summary>
    public JsonObject Created(Session session) => new()
    {
        ["SessionId"] = session.Id,
        ["ResourceUrl"] = ResourceUrl(session),
        ["AppInstanceId"] = session.AppInstanceId,
        ["ResourceId"] = session.ResourceId,
        ["Success"] = true,
        ["ErrMsg"] = string.Empty,
        ["ToolList"] = catalog.ToolListJson,
    };

    /// <summary>Data of GetSession.</summary>
    public JsonObject Described(Session session) => new()
    {
        ["SessionId"] = session.Id,
        ["AppInstanceId"] = session.AppInstanceId,
        ["ResourceId"] = session.ResourceId,
        ["ResourceUrl"] = ResourceUrl(session),
        ["Status"] = session.Status,
        ["VpcResource"] = false,
        ["ToolList"] = catalog.ToolListJson,
        ["contexts"] = contexts(session),
    };

    /// <summary>Data of GetSessionDetail for a live session or a tombstone (Status FINISH, IsDeleted 1).</summary>
    public static JsonObject Detail(string id, string owner, string imageId, long sequence, string status) => new()
    {
        ["Aliuid"] = "emulator",
        ["ApikeyId"] = owner,
        ["AppInstanceGroupId"] = "aig-emulator",
        ["AppInstanceId"] = "ai-" + id.Replace("session-", string.Empty, System.StringComparison.Ordinal),
        ["AppUserId"] = "emulator-user",
        ["BizType"] = 1,
        ["EndReason"] = status == SessionStatus.Finish ? "USER_DELETE" : string.Empty,
        ["Id"] = sequence,
        ["ImageId"] = imageId,
        ["ImageType"] = "System",
        ["IsDeleted"] = status == SessionStatus.Finish ? 1 : 0,
        ["PolicyId"] = string.Empty,
        ["RegionId"] = "local",
        ["ResourceConfigId"] = "emulator",
        ["Status"] = status,
    };
}
