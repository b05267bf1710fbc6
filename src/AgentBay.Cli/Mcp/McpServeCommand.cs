using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using AgentBay.Cli.Fetch;

namespace AgentBay.Cli.Mcp;

/// <summary>Where the MCP protocol runs: stdin and stdout of the process, or pipes in the tests.</summary>
/// <param name="Input">Messages from the client.</param>
/// <param name="Output">Messages to the client; nothing but protocol JSON is written to it.</param>
internal sealed record ProtocolStreams(Stream Input, Stream Output);

/// <summary>The options of <c>agentbay mcp serve</c>.</summary>
internal sealed class McpServeOptions
{
    public string? Session { get; private set; }
    public string? Image { get; private set; }
    public string? Endpoint { get; private set; }
    public string? ApiKeyVariable { get; private set; }

    /// <summary>The tools to offer (<c>--only</c>), in the order given; null: all of them.</summary>
    public IReadOnlyList<string>? Only { get; private set; }

    public static McpServeOptions Parse(IReadOnlyList<string> args)
    {
        var options = new McpServeOptions();
        OptionReader.Read(args, (arg, value) =>
        {
            switch (arg)
            {
                case "--session": options.Session = value(); return true;
                case "--image": options.Image = value(); return true;
                case "--endpoint": options.Endpoint = value(); return true;
                case "--api-key-env": options.ApiKeyVariable = value(); return true;
                case "--only":
                    var names = value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToArray();
                    options.Only = names.Length > 0 ? names : throw new UsageException("--only needs tool names, e.g. --only shell,write_file");
                    return true;
                default:
                    return false;
            }
        });

        return (options.Session, options.Image) switch
        {
            (null, null) => throw new UsageException("mcp serve needs --session ID (attach to a session) or --image IMAGE (create one)"),
            (not null, not null) => throw new UsageException("mcp serve takes --session or --image, not both"),
            _ => options,
        };
    }
}

/// <summary>
/// <c>agentbay mcp serve</c>: attaches to a session (<c>--session</c>, never deleted) or creates one (<c>--image</c>,
/// deleted when the server stops, however it stops), lists its tools and serves them over MCP until the input ends
/// or Ctrl+C.
/// </summary>
internal static class McpServeCommand
{
    /// <summary>Serves; returns the exit code. Failures the user can act on are <see cref="CliException"/>s.</summary>
    /// <param name="options">The parsed command line.</param>
    /// <param name="apiKey">The key (never printed).</param>
    /// <param name="streams">The protocol's input and output.</param>
    /// <param name="stderr">Progress and warnings: the only place besides the protocol that anything is written to.</param>
    /// <param name="environment">Reads <c>AGENTBAY_ENDPOINT</c> when there is no --endpoint.</param>
    /// <param name="http">What requests are sent through (tests); null: the transport's own handler.</param>
    /// <param name="cancellationToken">Ctrl+C: stops serving (exit code 0), or the start-up (an error).</param>
    public static async Task<int> RunAsync(McpServeOptions options, string apiKey, ProtocolStreams streams, TextWriter stderr,
        Func<string, string?> environment, HttpMessageInvoker? http, CancellationToken cancellationToken)
    {
        // Tool calls run concurrently and may each write a warning.
        var log = TextWriter.Synchronized(stderr);
        var endpointOption = options.Endpoint ?? (string.IsNullOrWhiteSpace(environment("AGENTBAY_ENDPOINT")) ? null : environment("AGENTBAY_ENDPOINT")!.Trim());
        // The runtime's retries (not spec pull's two attempts): a server lives long enough to meet a flaky network.
        using var transport = ToolListFetcher.CreateTransport(endpointOption, apiKey, http, retryAttempts: null);
        var endpoint = ToolListFetcher.EndpointOf(transport);

        string sessionId;
        string image;
        if (options.Session is { } existing)
        {
            sessionId = existing;
            image = await ToolListFetcher.SessionImageAsync(transport, existing, apiKey, cancellationToken).ConfigureAwait(false)
                ?? await FallBackImageAsync(existing, log).ConfigureAwait(false);
        }
        else
        {
            image = options.Image!;
            sessionId = await ToolListFetcher.CreateSessionAsync(transport, image, apiKey, cancellationToken).ConfigureAwait(false);
            await log.WriteLineAsync($"agentbay mcp: created session {sessionId} with image '{image}'; it is deleted when the server stops").ConfigureAwait(false);
        }

        try
        {
            var listed = await ToolListFetcher.ListToolsAsync(transport, image, apiKey, cancellationToken).ConfigureAwait(false);
            var tools = Restrict(McpBridge.ReadTools(listed, warning => log.WriteLine("warning: " + ToolListFetcher.OneLine(warning, apiKey))), options.Only);
            await log.WriteLineAsync($"agentbay mcp: serving {tools.Count} tools of session {sessionId} (image '{image}') at {endpoint} over stdio; "
                + "stop by closing stdin or with Ctrl+C").ConfigureAwait(false);

            var bridge = new McpBridge(transport, sessionId, apiKey, tools, log);
            await bridge.RunAsync(streams.Input, streams.Output, cancellationToken).ConfigureAwait(false);
            await log.WriteLineAsync("agentbay mcp: stopped").ConfigureAwait(false);
            return CliApp.Success;
        }
        finally
        {
            if (options.Session is null)
            {
                // Not cancellable: Ctrl+C is exactly when the session must still go.
                var warning = await ToolListFetcher.DeleteSessionAsync(transport, sessionId, apiKey, CancellationToken.None).ConfigureAwait(false);
                await log.WriteLineAsync(warning is null ? $"agentbay mcp: deleted session {sessionId}" : "warning: " + warning).ConfigureAwait(false);
            }
        }
    }

    private static async Task<string> FallBackImageAsync(string sessionId, TextWriter log)
    {
        await log.WriteLineAsync($"warning: the service did not say which image session {sessionId} runs; listing the tools of '{ToolListFetcher.DefaultImage}'")
            .ConfigureAwait(false);
        return ToolListFetcher.DefaultImage;
    }

    /// <summary>The tools named by --only, in the session's order; a name the session does not have is an error naming it.</summary>
    internal static IReadOnlyList<BridgedTool> Restrict(IReadOnlyList<BridgedTool> tools, IReadOnlyList<string>? only)
    {
        if (only is null)
        {
            return tools;
        }

        var available = tools.Select(t => t.Tool.Name).ToHashSet(StringComparer.Ordinal);
        var unknown = only.Where(name => !available.Contains(name)).ToArray();
        if (unknown.Length > 0)
        {
            throw new CliException($"--only names {(unknown.Length == 1 ? "a tool" : "tools")} the session does not have: {string.Join(", ", unknown)} "
                + $"(it has: {string.Join(", ", available.Order(StringComparer.Ordinal))})");
        }

        var wanted = only.ToHashSet(StringComparer.Ordinal);
        return [.. tools.Where(t => wanted.Contains(t.Tool.Name))];
    }
}
