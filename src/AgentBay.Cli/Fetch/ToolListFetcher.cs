using System;
using System.IO;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AgentBay.Runtime;

namespace AgentBay.Cli.Fetch;

/// <summary>The tool list of an image, as ListMcpTools returned it.</summary>
/// <param name="ToolListJson">ListMcpTools' <c>Data</c>: the JSON text of <c>[{name, description, inputSchema, server}]</c>.</param>
/// <param name="Endpoint">Where it came from (scheme, host, port; never the key).</param>
/// <param name="CleanupWarning">Set when the session this fetch created could not be deleted.</param>
internal sealed record FetchedTools(string ToolListJson, string Endpoint, string? CleanupWarning);

/// <summary>What to fetch from where.</summary>
/// <param name="Image">Image id, e.g. <c>linux_latest</c>.</param>
/// <param name="Endpoint">Host or http(s) URL; null: <c>AGENTBAY_ENDPOINT</c>'s value or the service default.</param>
/// <param name="ApiKey">The API key (never printed).</param>
/// <param name="SessionId">An existing session to use instead of creating (and deleting) one.</param>
internal sealed record FetchRequest(string Image, string? Endpoint, string ApiKey, string? SessionId);

/// <summary>
/// The HTTP stage of <c>spec pull</c>: creates a session with the image (unless one is given), calls ListMcpTools and
/// deletes the session it created, also when listing failed. Everything the user can act on is a
/// <see cref="CliException"/> with one line of text.
/// </summary>
internal static class ToolListFetcher
{
    /// <summary>The service's default host and API version (what the standard spec's <c>service</c> section says).</summary>
    public static readonly AgentBayServiceInfo Service = new("wuyingai.cn-shanghai.aliyuncs.com", "2025-05-06");

    /// <summary>Fetches the tool list.</summary>
    /// <param name="request">Image, endpoint, key, session.</param>
    /// <param name="http">What to send through (tests); null: a handler of the transport's own.</param>
    /// <param name="cancellationToken">Stops the fetch.</param>
    public static async Task<FetchedTools> FetchAsync(FetchRequest request, HttpMessageInvoker? http, CancellationToken cancellationToken)
    {
        using var transport = CreateTransport(request.Endpoint, request.ApiKey, http, retryAttempts: 2);
        var endpoint = EndpointOf(transport);
        var sessionId = request.SessionId;
        var created = false;
        if (sessionId is null)
        {
            sessionId = await CreateSessionAsync(transport, request.Image, request.ApiKey, cancellationToken).ConfigureAwait(false);
            created = true;
        }

        string tools;
        try
        {
            tools = await ListToolsAsync(transport, request.Image, request.ApiKey, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            if (created)
            {
                await DeleteSessionAsync(transport, sessionId, request.ApiKey, CancellationToken.None).ConfigureAwait(false);
            }

            throw;
        }

        var cleanup = created ? await DeleteSessionAsync(transport, sessionId, request.ApiKey, CancellationToken.None).ConfigureAwait(false) : null;
        return new FetchedTools(tools, endpoint, cleanup);
    }

    /// <summary>A transport to the endpoint; an endpoint that does not parse is a <see cref="CliException"/>.</summary>
    /// <param name="endpoint">Host or http(s) URL; null: <c>AGENTBAY_ENDPOINT</c>'s value or the service default.</param>
    /// <param name="apiKey">The API key (never printed).</param>
    /// <param name="http">What to send through (tests); null: a handler of the transport's own.</param>
    /// <param name="retryAttempts">Attempts per request; null: the runtime's default.</param>
    internal static AgentBayTransport CreateTransport(string? endpoint, string apiKey, HttpMessageInvoker? http, int? retryAttempts)
    {
        var options = new AgentBayOptions { ApiKey = apiKey, Endpoint = endpoint };
        if (retryAttempts is { } attempts)
        {
            options.Retry = new AgentBayRetryOptions { MaxAttempts = attempts };
        }

        try
        {
            return new AgentBayTransport(options, Service, http);
        }
        catch (ArgumentException e)
        {
            throw new CliException($"invalid endpoint '{Redact(endpoint ?? "", apiKey)}': {OneLine(e.Message, apiKey)}", e);
        }
    }

    /// <summary>Scheme, host and port of the transport's endpoint, for messages (never the key).</summary>
    internal static string EndpointOf(AgentBayTransport transport) => transport.BaseAddress.GetLeftPart(UriPartial.Authority);

    /// <summary>Creates a session with the image (CreateMcpSession); returns its id.</summary>
    internal static async Task<string> CreateSessionAsync(AgentBayTransport transport, string image, string apiKey, CancellationToken cancellationToken)
    {
        var endpoint = EndpointOf(transport);
        var create = new AgentBayRequest("CreateMcpSession");
        create.Add("ImageId", image);
        create.Add("SdkStats", """{"source":"sdk","sdk_language":"csharp","framework":"agentbay-cli"}""");
        using var reply = await SendAsync(transport, create, $"could not create a session with image '{image}' at {endpoint}", apiKey, cancellationToken)
            .ConfigureAwait(false);
        if (!reply.Success)
        {
            throw new CliException($"could not create a session with image '{image}' at {endpoint}: {OneLine(reply.ErrorText, apiKey)}");
        }

        if (reply.Body.TryGetProperty("Data", out var data) && data.ValueKind == JsonValueKind.Object
            && data.TryGetProperty("SessionId", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } sessionId)
        {
            return sessionId;
        }

        throw new CliException($"could not create a session with image '{image}' at {endpoint}: the reply has no Data.SessionId");
    }

    /// <summary>The tools of the image (ListMcpTools): the JSON text of <c>[{name, description, inputSchema, server}]</c>.</summary>
    internal static async Task<string> ListToolsAsync(AgentBayTransport transport, string image, string apiKey, CancellationToken cancellationToken)
    {
        var endpoint = EndpointOf(transport);
        var list = new AgentBayRequest("ListMcpTools");
        list.Add("ImageId", image);
        var failure = $"could not list the tools of image '{image}' at {endpoint}";
        using var reply = await SendAsync(transport, list, failure, apiKey, cancellationToken).ConfigureAwait(false);
        if (!reply.Success)
        {
            throw new CliException($"{failure}: {OneLine(reply.ErrorText, apiKey)}");
        }

        if (!reply.Body.TryGetProperty("Data", out var data))
        {
            throw new CliException($"{failure}: the reply has no Data");
        }

        // Data is a string holding the JSON array; accept the array itself too.
        var text = data.ValueKind switch
        {
            JsonValueKind.String => data.GetString()!,
            JsonValueKind.Array => data.GetRawText(),
            _ => throw new CliException($"{failure}: Data is neither a JSON string nor an array"),
        };
        if (text.Trim() is "" or "[]" or "null")
        {
            throw new CliException($"image '{image}' lists no tools at {endpoint} (is the image id right?)");
        }

        return text;
    }

    /// <summary>Image a session runs, as <c>DefaultImage</c> stands in for when the service does not say.</summary>
    internal const string DefaultImage = "linux_latest";

    /// <summary>
    /// The image of an existing session (GetSessionDetail's <c>ImageId</c>), which ListMcpTools needs since it lists by
    /// image, not by session. A session that is unknown or gone is a <see cref="CliException"/>; a reply without an
    /// image gives null (the caller falls back to <see cref="DefaultImage"/>, ListMcpTools' own default).
    /// </summary>
    internal static async Task<string?> SessionImageAsync(AgentBayTransport transport, string sessionId, string apiKey, CancellationToken cancellationToken)
    {
        var detail = new AgentBayRequest("GetSessionDetail") { Idempotent = true };
        detail.Add("SessionId", sessionId, ParameterLocation.Query); // GetSessionDetail reads its id from the query
        var failure = $"could not find session {sessionId} at {EndpointOf(transport)}";
        using var reply = await SendAsync(transport, detail, failure, apiKey, cancellationToken).ConfigureAwait(false);
        if (!reply.Success)
        {
            throw new CliException($"{failure}: {OneLine(reply.ErrorText, apiKey)}");
        }

        var data = reply.Body.TryGetProperty("Data", out var value) && value.ValueKind == JsonValueKind.Object ? value : default;
        if (data.ValueKind == JsonValueKind.Object && data.TryGetProperty("Status", out var status) && status.ValueKind == JsonValueKind.String
            && status.GetString() is "FINISH" or "DELETED" or "DELETING")
        {
            throw new CliException($"session {sessionId} is {status.GetString()}: it can no longer run tools");
        }

        return data.ValueKind == JsonValueKind.Object && data.TryGetProperty("ImageId", out var image)
            && image.ValueKind == JsonValueKind.String && image.GetString() is { Length: > 0 } imageId
            ? imageId
            : null;
    }

    /// <summary>Deletes the session; returns a warning instead of throwing, since the tools were (or were not) fetched already.</summary>
    internal static async Task<string?> DeleteSessionAsync(AgentBayTransport transport, string sessionId, string apiKey, CancellationToken cancellationToken)
    {
        var delete = new AgentBayRequest("DeleteSessionAsync");
        delete.Add("SessionId", sessionId);
        try
        {
            using var reply = await transport.SendAsync(delete, async: true, cancellationToken).ConfigureAwait(false);
            return reply.Success ? null : $"could not delete session {sessionId}: {OneLine(reply.ErrorText, apiKey)}; delete it yourself";
        }
        catch (AgentBayException e)
        {
            return $"could not delete session {sessionId}: {OneLine(e.Message, apiKey)}; delete it yourself";
        }
    }

    private static async Task<AgentBayResponse> SendAsync(AgentBayTransport transport, AgentBayRequest request, string failure, string apiKey, CancellationToken cancellationToken)
    {
        try
        {
            return await transport.SendAsync(request, async: true, cancellationToken).ConfigureAwait(false);
        }
        catch (AuthenticationException e)
        {
            throw new CliException($"{failure}: the API key was refused ({OneLine(e.Message, apiKey)})", e);
        }
        catch (AgentBayException e) when (e.HttpStatusCode is null)
        {
            throw new CliException($"{failure}: the endpoint is unreachable ({OneLine(e.Message, apiKey)})", e);
        }
        catch (AgentBayException e)
        {
            throw new CliException($"{failure}: {OneLine(e.Message, apiKey)}", e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw new CliException($"{failure}: the endpoint is unreachable ({OneLine(e.Message, apiKey)})", e);
        }
    }

    /// <summary>One line, with the key cut out in case a server echoed it.</summary>
    internal static string OneLine(string text, string apiKey) => Redact(text.ReplaceLineEndings(" ").Trim(), apiKey);

    internal static string Redact(string text, string apiKey) =>
        apiKey.Length == 0 ? text : text.Replace(apiKey, "***", StringComparison.Ordinal);
}
