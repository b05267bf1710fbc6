using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;

namespace AgentBay.Emulator.Tests.Infrastructure;

/// <summary>
/// Talks to the emulator the way the official SDKs do (protocol reference §1.2 and §1.6): POST to
/// <c>/?Action=..&amp;Format=json&amp;Version=2025-05-06&amp;Timestamp=..&amp;SignatureNonce=..</c> with a
/// form-urlencoded body that carries <c>Authorization=Bearer &lt;key&gt;</c>.
/// </summary>
public sealed class EmulatorClient(HttpClient http, string endpoint, string apiKey)
{
    public HttpClient Http => http;

    public string ApiKey => apiKey;

    public static string CommonQuery(string action) =>
        $"Action={Uri.EscapeDataString(action)}&Format=json&Version=2025-05-06" +
        $"&Timestamp={Uri.EscapeDataString(DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))}" +
        $"&SignatureNonce={RandomNumberGenerator.GetHexString(32, lowercase: true)}";

    public string Url(string action, string? extraQuery = null) =>
        $"{endpoint}/?{CommonQuery(action)}{(extraQuery is null ? string.Empty : "&" + extraQuery)}";

    /// <summary>Posts <paramref name="form"/> plus the Authorization field (unless <paramref name="authorization"/> is "").</summary>
    public async Task<ApiResponse> CallAsync(string action, IEnumerable<KeyValuePair<string, string>>? form = null, string? authorization = null, string? extraQuery = null)
    {
        var fields = new List<KeyValuePair<string, string>>(form ?? []);
        authorization ??= "Bearer " + apiKey;
        if (authorization.Length > 0)
        {
            fields.Add(new("Authorization", authorization));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, Url(action, extraQuery)) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("x-acs-action", action);
        request.Headers.Add("x-acs-version", "2025-05-06");
        return await SendAsync(request);
    }

    public Task<ApiResponse> CallAsync(string action, params (string Key, string Value)[] form) =>
        CallAsync(action, form.Select(f => KeyValuePair.Create(f.Key, f.Value)));

    public async Task<ApiResponse> SendAsync(HttpRequestMessage request)
    {
        using var response = await http.SendAsync(request);
        var raw = await response.Content.ReadAsStringAsync();
        JsonObject body;
        try
        {
            body = JsonNode.Parse(raw)!.AsObject();
        }
        catch (JsonException)
        {
            throw new Xunit.Sdk.XunitException($"Reply is not JSON ({(int)response.StatusCode}): {raw}");
        }

        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType);
        return new ApiResponse(response.StatusCode, raw, body);
    }

    /// <summary>Calls and asserts HTTP 200 with Success true.</summary>
    public async Task<ApiResponse> OkAsync(string action, params (string Key, string Value)[] form)
    {
        var response = await CallAsync(action, form);
        Assert.True(response.Success && (int)response.Status == 200, $"{action} failed: {response}");
        return response;
    }

    public async Task<string> CreateSessionAsync(IReadOnlyDictionary<string, string>? labels = null)
    {
        var form = new List<(string, string)> { ("ImageId", "linux_latest") };
        if (labels is not null)
        {
            form.Add(("Labels", JsonSerializer.Serialize(labels)));
        }

        var response = await OkAsync("CreateMcpSession", [.. form]);
        return (string)response.Data!["SessionId"]!;
    }

    public async Task<string> StatusAsync(string sessionId) =>
        (string)(await OkAsync("GetSession", ("SessionId", sessionId))).Data!["Status"]!;

    public async Task<ToolReply> ToolAsync(string sessionId, string name, object args)
    {
        var response = await CallAsync("CallMcpTool",
            ("SessionId", sessionId), ("Name", name), ("Args", JsonSerializer.Serialize(args)), ("AutoGenSession", "false"), ("Server", ""));
        Assert.True(response.Success, $"CallMcpTool {name} failed: {response}");
        var content = response.Data!["content"]!.AsArray();
        Assert.Equal("text", (string)content[0]!["type"]!);
        return new ToolReply((string)content[0]!["text"]!, (bool)response.Data!["isError"]!);
    }

    public async Task<ShellReply> ShellAsync(string sessionId, string command, int timeoutMs = 20_000, string? cwd = null, IReadOnlyDictionary<string, string>? envs = null)
    {
        var args = new Dictionary<string, object> { ["command"] = command, ["timeout_ms"] = timeoutMs };
        if (cwd is not null)
        {
            args["cwd"] = cwd;
        }

        if (envs is not null)
        {
            args["envs"] = envs;
        }

        return ShellReply.From(await ToolAsync(sessionId, "shell", args));
    }
}
