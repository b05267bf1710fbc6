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
        AgentBayTransport transport;
        try
        {
            transport = new AgentBayTransport(
                new AgentBayOptions
                {
                    ApiKey = request.ApiKey,
                    Endpoint = request.Endpoint,
                    Retry = new AgentBayRetryOptions { MaxAttempts = 2 },
                },
                Service,
                http);
        }
        catch (ArgumentException e)
        {
            throw new CliException($"invalid endpoint '{Redact(request.Endpoint ?? "", request.ApiKey)}': {OneLine(e.Message, request.ApiKey)}", e);
        }

        using (transport)
        {
            var endpoint = transport.BaseAddress.GetLeftPart(UriPartial.Authority);
            var sessionId = request.SessionId;
            var created = false;
            if (sessionId is null)
            {
                sessionId = await CreateSessionAsync(transport, request, endpoint, cancellationToken).ConfigureAwait(false);
                created = true;
            }

            string tools;
            try
            {
                tools = await ListToolsAsync(transport, request, endpoint, cancellationToken).ConfigureAwait(false);
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
    }

    private static async Task<string> CreateSessionAsync(AgentBayTransport transport, FetchRequest request, string endpoint, CancellationToken cancellationToken)
    {
        var create = new AgentBayRequest("CreateMcpSession");
        create.Add("ImageId", request.Image);
        create.Add("SdkStats", """{"source":"sdk","sdk_language":"csharp","framework":"agentbay-cli"}""");
        using var reply = await SendAsync(transport, create, $"could not create a session with image '{request.Image}' at {endpoint}", request.ApiKey, cancellationToken)
            .ConfigureAwait(false);
        if (!reply.Success)
        {
            throw new CliException($"could not create a session with image '{request.Image}' at {endpoint}: {OneLine(reply.ErrorText, request.ApiKey)}");
        }

        if (reply.Body.TryGetProperty("Data", out var data) && data.ValueKind == JsonValueKind.Object
            && data.TryGetProperty("SessionId", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } sessionId)
        {
            return sessionId;
        }

        throw new CliException($"could not create a session with image '{request.Image}' at {endpoint}: the reply has no Data.SessionId");
    }

    private static async Task<string> ListToolsAsync(AgentBayTransport transport, FetchRequest request, string endpoint, CancellationToken cancellationToken)
    {
        var list = new AgentBayRequest("ListMcpTools");
        list.Add("ImageId", request.Image);
        var failure = $"could not list the tools of image '{request.Image}' at {endpoint}";
        using var reply = await SendAsync(transport, list, failure, request.ApiKey, cancellationToken).ConfigureAwait(false);
        if (!reply.Success)
        {
            throw new CliException($"{failure}: {OneLine(reply.ErrorText, request.ApiKey)}");
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
            throw new CliException($"image '{request.Image}' lists no tools at {endpoint} (is the image id right?)");
        }

        return text;
    }

    /// <summary>Deletes the session; returns a warning instead of throwing, since the tools were (or were not) fetched already.</summary>
    private static async Task<string?> DeleteSessionAsync(AgentBayTransport transport, string sessionId, string apiKey, CancellationToken cancellationToken)
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

    private static string Redact(string text, string apiKey) =>
        apiKey.Length == 0 ? text : text.Replace(apiKey, "***", StringComparison.Ordinal);
}
