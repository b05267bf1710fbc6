using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;

namespace AgentBay.Benchmarks.Client;

/// <summary>What the hand-written GetLabels returns: the same fields as the typed OperationResult.</summary>
public sealed record HandWrittenLabels(string RequestId, bool Success, IReadOnlyDictionary<string, string> Data);

/// <summary>What the hand-written shell call returns: the same fields as the typed ShellResult.</summary>
public sealed record HandWrittenShell(string RequestId, bool Success, string? Stdout, string? Stderr, int? ExitCode, string? TraceId, string Output);

/// <summary>The shell tool's arguments, serialized by the System.Text.Json source generator.</summary>
public sealed record ShellArgs(
    [property: JsonPropertyName("command")] string Command,
    [property: JsonPropertyName("timeout_ms")] int TimeoutMs);

[JsonSerializable(typeof(ShellArgs))]
internal sealed partial class HandWrittenJson : JsonSerializerContext;

/// <summary>
/// The code the generated client replaces: what a developer writes with HttpClient, FormUrlEncodedContent and
/// JsonDocument for the same two requests (same query, form fields, headers and reply checks), sync and async.
/// It is the baseline: it does no retries, no key redaction, no logging, and throws on any failure.
/// </summary>
public sealed class HandWrittenClient(HttpClient http, string endpoint, string apiKey)
{
    private readonly string _root = endpoint.TrimEnd('/') + "/";
    private readonly string _authorization = "Bearer " + apiKey;

    public async Task<HandWrittenLabels> GetLabelsAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        using var request = GetLabelsRequest(sessionId);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        return ReadLabels(document.RootElement);
    }

    public HandWrittenLabels GetLabels(string sessionId, CancellationToken cancellationToken = default)
    {
        using var request = GetLabelsRequest(sessionId);
        using var response = http.Send(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var stream = response.Content.ReadAsStream(cancellationToken);
        using var document = JsonDocument.Parse(stream);
        return ReadLabels(document.RootElement);
    }

    public async Task<HandWrittenShell> ShellAsync(string sessionId, string command, int timeoutMs = 50000, CancellationToken cancellationToken = default)
    {
        using var request = ShellRequest(sessionId, command, timeoutMs);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        return ReadShell(document.RootElement);
    }

    public HandWrittenShell Shell(string sessionId, string command, int timeoutMs = 50000, CancellationToken cancellationToken = default)
    {
        using var request = ShellRequest(sessionId, command, timeoutMs);
        using var response = http.Send(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var stream = response.Content.ReadAsStream(cancellationToken);
        using var document = JsonDocument.Parse(stream);
        return ReadShell(document.RootElement);
    }

    private HttpRequestMessage GetLabelsRequest(string sessionId) => Request("GetLabel", new[]
    {
        KeyValuePair.Create("Authorization", _authorization),
        KeyValuePair.Create("SessionId", sessionId),
    });

    private HttpRequestMessage ShellRequest(string sessionId, string command, int timeoutMs) => Request("CallMcpTool", new[]
    {
        KeyValuePair.Create("Args", JsonSerializer.Serialize(new ShellArgs(command, timeoutMs), HandWrittenJson.Default.ShellArgs)),
        KeyValuePair.Create("Authorization", _authorization),
        KeyValuePair.Create("AutoGenSession", "false"),
        KeyValuePair.Create("Name", "shell"),
        KeyValuePair.Create("Server", "wuying_shell"),
        KeyValuePair.Create("SessionId", sessionId),
    });

    private HttpRequestMessage Request(string action, KeyValuePair<string, string>[] form)
    {
        var timestamp = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var url = $"{_root}?Action={action}&Format=json&Version={CannedReplies.ApiVersion}&Timestamp={Uri.EscapeDataString(timestamp)}&SignatureNonce={Guid.NewGuid():N}";
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        request.Headers.TryAddWithoutValidation("x-acs-action", action);
        request.Headers.TryAddWithoutValidation("x-acs-version", CannedReplies.ApiVersion);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    private static HandWrittenLabels ReadLabels(JsonElement root)
    {
        var requestId = root.GetProperty("RequestId").GetString() ?? "";
        if (!root.GetProperty("Success").GetBoolean())
        {
            throw new InvalidOperationException($"Failed to get labels: [{root.GetProperty("Code").GetString()}] {root.GetProperty("Message").GetString()}");
        }

        // Data.Labels is a JSON object sent as a string.
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty("Data", out var data) && data.TryGetProperty("Labels", out var text) && text.GetString() is { Length: > 0 } json)
        {
            using var parsed = JsonDocument.Parse(json);
            foreach (var label in parsed.RootElement.EnumerateObject())
            {
                labels[label.Name] = label.Value.GetString() ?? "";
            }
        }

        return new HandWrittenLabels(requestId, true, labels);
    }

    private static HandWrittenShell ReadShell(JsonElement root)
    {
        var requestId = root.GetProperty("RequestId").GetString() ?? "";
        if (!root.GetProperty("Success").GetBoolean())
        {
            throw new InvalidOperationException($"Tool call failed: [{root.GetProperty("Code").GetString()}] {root.GetProperty("Message").GetString()}");
        }

        // Data is {content:[{type,text}], isError}; the shell tool's text is itself JSON.
        var data = root.GetProperty("Data");
        var output = data.GetProperty("content")[0].GetProperty("text").GetString() ?? "";
        var isError = data.TryGetProperty("isError", out var error) && error.GetBoolean();
        using var parsed = JsonDocument.Parse(output);
        var result = parsed.RootElement;
        int? exitCode = result.TryGetProperty("exit_code", out var code) ? code.GetInt32() : null;
        return new HandWrittenShell(
            requestId,
            !isError && exitCode == 0,
            result.TryGetProperty("stdout", out var stdout) ? stdout.GetString() : null,
            result.TryGetProperty("stderr", out var stderr) ? stderr.GetString() : null,
            exitCode,
            result.TryGetProperty("traceId", out var trace) ? trace.GetString() : null,
            output);
    }
}
