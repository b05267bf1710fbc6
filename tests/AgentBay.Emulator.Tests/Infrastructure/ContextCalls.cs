using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;

namespace AgentBay.Emulator.Tests.Infrastructure;

/// <summary>The context calls as the SDKs make them (docs/contexts.md §1), for the context tests.</summary>
public static class ContextCalls
{
    public static async Task<string> CreateContextAsync(this EmulatorClient client, string name) =>
        (string)(await client.OkAsync("GetContext", ("Name", name), ("AllowCreate", "true"))).Data!["Id"]!;

    /// <summary>PersistenceDataList as the SDK encodes it: a JSON array whose Policy members are JSON strings.</summary>
    public static string Persistence(params (string ContextId, string Path, object? Policy)[] entries) =>
        new JsonArray(entries.Select(e =>
        {
            var item = new JsonObject { ["ContextId"] = e.ContextId, ["Path"] = e.Path };
            if (e.Policy is not null)
            {
                item["Policy"] = e.Policy as string ?? JsonSerializer.Serialize(e.Policy);
            }

            return (JsonNode)item;
        }).ToArray()).ToJsonString();

    public static Task<ApiResponse> CreateWithAsync(this EmulatorClient client, string persistence) =>
        client.CallAsync("CreateMcpSession", ("ImageId", "linux_latest"), ("PersistenceDataList", persistence));

    public static async Task<string> CreateSessionWithAsync(this EmulatorClient client, string persistence)
    {
        var response = await client.CreateWithAsync(persistence);
        Assert.True(response.Success, response.ToString());
        return (string)response.Data!["SessionId"]!;
    }

    /// <summary>SyncContext: Authorization in the query, the other parameters in the body, each only when given.</summary>
    public static Task<ApiResponse> SyncAsync(this EmulatorClient client, string sessionId, string? contextId = null, string? path = null, string? mode = null)
    {
        var form = new List<KeyValuePair<string, string>> { new("SessionId", sessionId) };
        if (contextId is not null)
        {
            form.Add(new("ContextId", contextId));
        }

        if (path is not null)
        {
            form.Add(new("Path", path));
        }

        if (mode is not null)
        {
            form.Add(new("Mode", mode));
        }

        return client.CallAsync("SyncContext", form, authorization: string.Empty, extraQuery: "Authorization=" + Uri.EscapeDataString("Bearer " + client.ApiKey));
    }

    public static async Task SyncOkAsync(this EmulatorClient client, string sessionId, string? contextId = null, string? path = null, string? mode = null)
    {
        var response = await client.SyncAsync(sessionId, contextId, path, mode);
        Assert.True(response.Success, response.ToString());
    }

    /// <summary>GetContextInfo's tasks: ContextStatus parsed as the SDKs parse it (outer array, then each data string).</summary>
    public static async Task<IReadOnlyList<JsonObject>> TasksAsync(this EmulatorClient client, string sessionId, string? contextId = null, string? path = null, string? taskType = null)
    {
        var form = new List<(string, string)> { ("SessionId", sessionId) };
        if (contextId is not null)
        {
            form.Add(("ContextId", contextId));
        }

        if (path is not null)
        {
            form.Add(("Path", path));
        }

        if (taskType is not null)
        {
            form.Add(("TaskType", taskType));
        }

        var response = await client.OkAsync("GetContextInfo", [.. form]);
        var status = (string)response.Data!["ContextStatus"]!;
        var tasks = new List<JsonObject>();
        foreach (var item in JsonNode.Parse(status)!.AsArray())
        {
            Assert.Equal("data", (string)item!["type"]!);
            tasks.AddRange(JsonNode.Parse((string)item["data"]!)!.AsArray().Select(t => t!.AsObject()));
        }

        return tasks;
    }

    public static async Task<(string Url, long ExpireTime)> UrlAsync(this EmulatorClient client, string action, string contextId, string filePath)
    {
        var response = await client.OkAsync(action, ("ContextId", contextId), ("FilePath", filePath));
        return ((string)response.Data!["Url"]!, (long)response.Data!["ExpireTime"]!);
    }

    /// <summary>Uploads <paramref name="content"/> to <paramref name="filePath"/> of a context through a fresh upload URL.</summary>
    public static async Task PutFileAsync(this EmulatorClient client, string contextId, string filePath, string content)
    {
        var (url, _) = await client.UrlAsync("GetContextFileUploadUrl", contextId, filePath);
        using var response = await client.Http.PutAsync(url, new StringContent(content));
        Assert.Equal(200, (int)response.StatusCode);
    }

    /// <summary>Downloads a context file through a fresh download URL.</summary>
    public static async Task<string> GetFileAsync(this EmulatorClient client, string contextId, string filePath)
    {
        var (url, _) = await client.UrlAsync("GetContextFileDownloadUrl", contextId, filePath);
        using var response = await client.Http.GetAsync(url);
        Assert.Equal(200, (int)response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The names directly in a folder of a context (DescribeContextFiles, one big page).</summary>
    public static async Task<IReadOnlyList<string>> FileNamesAsync(this EmulatorClient client, string contextId, string folder = "/")
    {
        var response = await client.OkAsync("DescribeContextFiles", ("ContextId", contextId), ("ParentFolderPath", folder), ("PageNumber", "1"), ("PageSize", "1000"));
        return response.Data!.AsArray().Select(e => (string)e!["FileName"]!).ToList();
    }

    /// <summary>DeleteSessionAsync, then GetSessionDetail until FINISH (what the SDK's delete does).</summary>
    public static async Task DeleteAndWaitAsync(this EmulatorClient client, string sessionId)
    {
        await client.OkAsync("DeleteSessionAsync", ("SessionId", sessionId));
        await Poll.UntilAsync(async () => (string?)(await client.OkAsync("GetSessionDetail", ("SessionId", sessionId))).Data!["Status"] == "FINISH",
            "the session to be gone");
    }

    /// <summary>Host folder of a session's /tmp (for arranging what a session command could also arrange).</summary>
    public static string HostTmp(AgentBayEmulator emulator, string sessionId) => Path.Combine(emulator.WorkDirectory, "sessions", sessionId, "tmp");

    public static string HostHome(AgentBayEmulator emulator, string sessionId) => Path.Combine(emulator.WorkDirectory, "sessions", sessionId, "home");

    public static void AssertError(ApiResponse response, string code)
    {
        Assert.Equal(200, (int)response.Status);
        Assert.False(response.Success, response.ToString());
        Assert.Equal(code, response.Code);
        Assert.False(string.IsNullOrWhiteSpace((string?)response.Body["Message"]), response.ToString());
    }
}
