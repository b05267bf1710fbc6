using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AgentBay.Cli.Fetch;
using AgentBay.Runtime;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace AgentBay.Cli.Mcp;

/// <summary>One tool of the session as the MCP server offers it.</summary>
/// <param name="Tool">Name, description and input schema, as tools/list sends them.</param>
/// <param name="Server">The MCP server of the session that runs the tool (ListMcpTools' <c>server</c>), sent with each call.</param>
internal sealed record BridgedTool(Tool Tool, string? Server);

/// <summary>
/// A Model Context Protocol server whose tools are those of one AgentBay session: tools/list answers with the session's
/// tools, tools/call forwards to CallMcpTool. It serves one client over a pair of streams (stdin/stdout in
/// <c>agentbay mcp serve</c>, pipes in the tests) until the input ends or it is cancelled. The session's lifetime is
/// the caller's business.
/// </summary>
internal sealed class McpBridge
{
    private readonly AgentBayTransport _transport;
    private readonly string _sessionId;
    private readonly string _apiKey;
    private readonly IReadOnlyList<BridgedTool> _tools;
    private readonly Dictionary<string, BridgedTool> _toolsByName;
    private readonly TextWriter _log;

    /// <param name="transport">Where CallMcpTool requests go.</param>
    /// <param name="sessionId">The session the tools run in.</param>
    /// <param name="apiKey">The key, only to cut it out of error texts.</param>
    /// <param name="tools">What tools/list answers, in this order.</param>
    /// <param name="log">Diagnostics (stderr): never the protocol's output.</param>
    public McpBridge(AgentBayTransport transport, string sessionId, string apiKey, IReadOnlyList<BridgedTool> tools, TextWriter log)
    {
        _transport = transport;
        _sessionId = sessionId;
        _apiKey = apiKey;
        _tools = tools;
        _toolsByName = tools.ToDictionary(t => t.Tool.Name, StringComparer.Ordinal);
        _log = log;
    }

    /// <summary>The server's name in the MCP handshake.</summary>
    public const string ServerName = "agentbay";

    /// <summary>Serves one client until <paramref name="input"/> ends or <paramref name="cancellationToken"/> fires.</summary>
    /// <param name="input">JSON-RPC messages from the client, one a line.</param>
    /// <param name="output">Where responses go; nothing else is written to it.</param>
    /// <param name="cancellationToken">Stops serving (Ctrl+C); the method then returns normally.</param>
    public async Task RunAsync(Stream input, Stream output, CancellationToken cancellationToken)
    {
        var options = new McpServerOptions
        {
            ServerInfo = new Implementation { Name = ServerName, Version = typeof(McpBridge).Assembly.GetName().Version?.ToString(3) ?? "0.0.0" },
            // The tool list is the session's, fixed for the server's lifetime: no list-changed notifications.
            Capabilities = new ServerCapabilities { Tools = new ToolsCapability { ListChanged = false } },
            Handlers = new McpServerHandlers
            {
                ListToolsHandler = (_, _) => ValueTask.FromResult(new ListToolsResult { Tools = [.. _tools.Select(t => t.Tool)] }),
                CallToolHandler = (request, callCancelled) => CallToolAsync(request.Params?.Name, request.Params?.Arguments, callCancelled),
            },
        };

        // No logger factory: the SDK then logs nothing, so stdout carries the protocol alone.
        var transport = new StreamServerTransport(input, output, ServerName, loggerFactory: null);
        await using (transport.ConfigureAwait(false))
        {
            var server = McpServer.Create(transport, options, loggerFactory: null, serviceProvider: null);
            await using (server.ConfigureAwait(false))
            {
                try
                {
                    await server.RunAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Ctrl+C is how a server is meant to stop.
                }
            }
        }
    }

    /// <summary>
    /// tools/call: CallMcpTool with the client's arguments. What the tool or the service reports as a failure comes back
    /// as a result with isError (so the model sees the reason and the server goes on); only a name the session does not
    /// have is a protocol error (invalid params), as the MCP specification says of unknown tools.
    /// </summary>
    internal async ValueTask<CallToolResult> CallToolAsync(string? name, IDictionary<string, JsonElement>? arguments, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(name) || !_toolsByName.TryGetValue(name, out var tool))
        {
            throw new McpProtocolException($"Unknown tool: '{name}' (this session's tools: {string.Join(", ", _toolsByName.Keys.Order(StringComparer.Ordinal))})",
                McpErrorCode.InvalidParams);
        }

        var request = new AgentBayRequest("CallMcpTool", formCapacity: 4);
        request.Add("SessionId", _sessionId);
        request.Add("Name", name);
        request.AddJson("Args", arguments, static (writer, arguments) =>
        {
            writer.WriteStartObject();
            foreach (var (argument, value) in arguments ?? new Dictionary<string, JsonElement>())
            {
                writer.WritePropertyName(argument);
                value.WriteTo(writer);
            }

            writer.WriteEndObject();
        });
        request.Add("Server", tool.Server ?? "");
        request.ToolName = name; // telemetry's tool tag; not sent

        try
        {
            using var outcome = await AgentBayOperation.CallToolAsync(_transport, request, parseTextAsJson: false, async: true, cancellationToken).ConfigureAwait(false);
            return outcome.Success
                ? Result(outcome.Text ?? "", isError: false)
                : Result(ToolListFetcher.Redact(outcome.ErrorMessage ?? outcome.Text ?? "the tool failed", _apiKey), isError: true);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // CallToolAsync reports service failures in the outcome; anything else is still the call's failure, not the server's.
            var message = ToolListFetcher.OneLine($"{e.GetType().Name}: {e.Message}", _apiKey);
            await _log.WriteLineAsync($"warning: tool '{name}' failed: {message}").ConfigureAwait(false);
            return Result($"agentbay: calling '{name}' failed: {message}", isError: true);
        }
    }

    private static CallToolResult Result(string text, bool isError) => new()
    {
        Content = [new TextContentBlock { Text = text }],
        IsError = isError,
    };

    /// <summary>
    /// Reads ListMcpTools' JSON (<c>[{name, description, inputSchema, server}]</c>) into MCP tools; the input schema is
    /// passed through as the service wrote it. A schema MCP does not accept (not an object of type "object") is replaced
    /// by the empty object schema, with a warning, so one odd tool does not take the others down.
    /// </summary>
    internal static IReadOnlyList<BridgedTool> ReadTools(string toolListJson, Action<string> warn)
    {
        using var document = ParseToolList(toolListJson);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new CliException("the tool list is not a JSON array");
        }

        var tools = new List<BridgedTool>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            var name = String(entry, "name");
            if (name is null)
            {
                warn("a tool without a name in the tool list was left out");
                continue;
            }

            if (!seen.Add(name))
            {
                warn($"tool '{name}' is listed twice; the first is served");
                continue;
            }

            var tool = new Tool { Name = name, Description = String(entry, "description") };
            if (entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("inputSchema", out var schema))
            {
                try
                {
                    tool.InputSchema = schema.Clone();
                }
                catch (ArgumentException)
                {
                    warn($"tool '{name}': its inputSchema is not a JSON object schema of type \"object\"; served with an empty one");
                }
            }

            tools.Add(new BridgedTool(tool, String(entry, "server")));
        }

        return tools;
    }

    private static JsonDocument ParseToolList(string json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new CliException($"the tool list is not JSON: {e.Message.ReplaceLineEndings(" ")}", e);
        }
    }

    private static string? String(JsonElement entry, string property) =>
        entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
