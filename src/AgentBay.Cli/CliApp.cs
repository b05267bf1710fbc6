using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AgentBay.Cli.Fetch;
using AgentBay.Cli.Mcp;
using AgentBay.Cli.Specs;

namespace AgentBay.Cli;

/// <summary>
/// The <c>agentbay</c> command line: <c>spec pull</c>, <c>spec diff</c>, <c>mcp serve</c> and <c>emulator</c>. Exit codes: 0 success
/// (and no drift), 1 drift (<c>spec diff</c>), 2 usage or other errors, which are one line on stderr, never a stack trace.
/// </summary>
internal static class CliApp
{
    public const int Success = 0;
    public const int Drift = 1;
    public const int Failure = 2;

    /// <summary>Most warnings printed for one pull; the rest are counted.</summary>
    public const int MaxPrintedWarnings = 100;

    public const string DefaultApiKeyVariable = "AGENTBAY_API_KEY";

    public const string Usage = """
        Usage:
          agentbay spec pull --image IMAGE [--endpoint URL] [--api-key-env VAR] [--session ID]
                             [--output FILE.agentbay.yaml] [--namespace NS]
              Lists the MCP tools of IMAGE (ListMcpTools) and writes them as a tool-only spec
              (to stdout without --output). Creates a session with the image and deletes it
              afterwards, unless --session names one to use.
          agentbay spec diff FILE --image IMAGE [--endpoint URL] [--api-key-env VAR] [--session ID]
              Compares the tools of spec FILE with what IMAGE lists now. Exit code 1 on drift.
          agentbay mcp serve (--session ID | --image IMAGE) [--endpoint URL] [--api-key-env VAR]
                             [--only TOOL1,TOOL2]
              Serves the session's tools as a Model Context Protocol server over stdio (for Claude
              Desktop, VS Code, MCP-aware agents). --session attaches to a session and leaves it;
              --image creates one and deletes it when the server stops (stdin closed, Ctrl+C).
              stdout carries only the protocol; messages go to stderr.
          agentbay emulator [emulator options]
              Runs the local AgentBay emulator (agentbay emulator --help lists its options).

        Options:
          --image IMAGE      image id, e.g. linux_latest, code_latest
          --endpoint URL     host or http(s) URL (default: $AGENTBAY_ENDPOINT, else wuyingai.cn-shanghai.aliyuncs.com)
          --api-key-env VAR  environment variable holding the API key (default AGENTBAY_API_KEY)
          --session ID       use this session instead of creating one
          --only TOOLS       mcp serve: offer only these tools (comma-separated names)
          --output FILE      where spec pull writes the spec
          --namespace NS     namespace of the pulled spec (default AgentBay, the standard spec's)

        Exit codes: 0 success, 1 drift (spec diff), 2 error.
        """;

    /// <summary>Runs one command line.</summary>
    /// <param name="args">The arguments after <c>agentbay</c>.</param>
    /// <param name="stdout">Where results go (a spec without --output, a diff).</param>
    /// <param name="stderr">Where warnings and errors go.</param>
    /// <param name="environment">Reads an environment variable (tests pass their own).</param>
    /// <param name="http">What requests are sent through (tests); null: the transport's own handler.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    /// <param name="protocolStreams">Where <c>mcp serve</c> speaks MCP (tests); null: the process's stdin and stdout.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?> environment,
        HttpMessageInvoker? http = null, CancellationToken cancellationToken = default, ProtocolStreams? protocolStreams = null)
    {
        string? apiKey = null;
        try
        {
            switch (args)
            {
                case [] or ["--help"] or ["-h"] or ["help"]:
                    await stdout.WriteAsync(Usage + "\n").ConfigureAwait(false);
                    return args.Length == 0 ? Failure : Success;
                case ["--version"]:
                    await stdout.WriteLineAsync(typeof(CliApp).Assembly.GetName().Version?.ToString(3) ?? "0.0.0").ConfigureAwait(false);
                    return Success;
                case ["emulator", .. var rest]:
                    return await EmulatorCommand.RunAsync([.. rest], stderr).ConfigureAwait(false);
                case ["spec", "pull", .. var rest]:
                {
                    var options = Options.Parse(rest, positional: 0);
                    apiKey = ApiKey(options.ApiKeyVariable, environment);
                    return await PullAsync(options, apiKey, stdout, stderr, environment, http, cancellationToken).ConfigureAwait(false);
                }
                case ["spec", "diff", .. var rest]:
                {
                    var options = Options.Parse(rest, positional: 1);
                    apiKey = ApiKey(options.ApiKeyVariable, environment);
                    return await DiffAsync(options, apiKey, stdout, stderr, environment, http, cancellationToken).ConfigureAwait(false);
                }
                case ["spec", ..]:
                    throw new UsageException("spec needs a subcommand: pull or diff");
                case ["mcp", "serve", .. var rest]:
                {
                    var options = McpServeOptions.Parse(rest);
                    apiKey = ApiKey(options.ApiKeyVariable, environment);
                    // Raw streams, not Console.In/Out: the protocol is UTF-8 lines, whatever the console's encoding.
                    var streams = protocolStreams ?? new ProtocolStreams(Console.OpenStandardInput(), Console.OpenStandardOutput());
                    return await McpServeCommand.RunAsync(options, apiKey, streams, stderr, environment, http, cancellationToken).ConfigureAwait(false);
                }
                case ["mcp", ..]:
                    throw new UsageException("mcp needs a subcommand: serve");
                default:
                    throw new UsageException($"unknown command '{args[0]}'");
            }
        }
        catch (UsageException e)
        {
            await stderr.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
            await stderr.WriteLineAsync("Run 'agentbay --help' for usage.").ConfigureAwait(false);
            return Failure;
        }
        catch (CliException e)
        {
            await stderr.WriteLineAsync("error: " + Clean(e.Message, apiKey)).ConfigureAwait(false);
            return Failure;
        }
        catch (OperationCanceledException)
        {
            await stderr.WriteLineAsync("error: cancelled").ConfigureAwait(false);
            return Failure;
        }
        catch (Exception e)
        {
            // A bug of the tool: still one line, and still without the key.
            await stderr.WriteLineAsync($"error: unexpected {e.GetType().Name}: {Clean(e.Message, apiKey)}").ConfigureAwait(false);
            return Failure;
        }
    }

    private static async Task<int> PullAsync(Options options, string apiKey, TextWriter stdout, TextWriter stderr,
        Func<string, string?> environment, HttpMessageInvoker? http, CancellationToken cancellationToken)
    {
        var (tools, source) = await PullToolsAsync(options, apiKey, stderr, environment, http, cancellationToken).ConfigureAwait(false);
        var spec = SpecWriter.Write(tools, source, options.Namespace ?? "AgentBay");
        if (options.Output is null)
        {
            await stdout.WriteAsync(spec).ConfigureAwait(false);
            return Success;
        }

        if (!options.Output.EndsWith(".agentbay.yaml", StringComparison.OrdinalIgnoreCase)
            && !options.Output.EndsWith(".agentbay.yml", StringComparison.OrdinalIgnoreCase))
        {
            await stderr.WriteLineAsync($"warning: the generator only reads spec files ending in .agentbay.yaml; '{options.Output}' will be ignored by it").ConfigureAwait(false);
        }

        try
        {
            await File.WriteAllTextAsync(options.Output, spec, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliException($"could not write '{options.Output}': {e.Message}", e);
        }

        await stderr.WriteLineAsync($"wrote {tools.Count} tools of image '{source.Image}' to {options.Output}").ConfigureAwait(false);
        return Success;
    }

    private static async Task<int> DiffAsync(Options options, string apiKey, TextWriter stdout, TextWriter stderr,
        Func<string, string?> environment, HttpMessageInvoker? http, CancellationToken cancellationToken)
    {
        var path = options.Positional[0];
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliException($"could not read '{path}': {e.Message}", e);
        }

        var fileTools = SpecToolReader.Read(text, path); // a bad file fails before anything is created
        var (pulled, _) = await PullToolsAsync(options, apiKey, stderr, environment, http, cancellationToken).ConfigureAwait(false);
        var diff = SpecDiff.Compare(fileTools, pulled);
        await stdout.WriteAsync(diff.Format()).ConfigureAwait(false);
        return diff.HasDrift ? Drift : Success;
    }

    private static async Task<(IReadOnlyList<SpecTool> Tools, SpecSource Source)> PullToolsAsync(Options options, string apiKey, TextWriter stderr,
        Func<string, string?> environment, HttpMessageInvoker? http, CancellationToken cancellationToken)
    {
        var image = options.Image ?? throw new UsageException("--image is required");
        var endpoint = options.Endpoint ?? NonEmpty(environment("AGENTBAY_ENDPOINT"));
        var fetched = await ToolListFetcher.FetchAsync(new FetchRequest(image, endpoint, apiKey, options.Session), http, cancellationToken).ConfigureAwait(false);
        if (fetched.CleanupWarning is { } cleanup)
        {
            await stderr.WriteLineAsync("warning: " + cleanup).ConfigureAwait(false);
        }

        var converted = SchemaConverter.ConvertToolList(fetched.ToolListJson);
        var printed = 0;
        foreach (var warning in converted.Warnings)
        {
            if (printed++ == MaxPrintedWarnings)
            {
                await stderr.WriteLineAsync($"warning: ... and {converted.Warnings.Count - MaxPrintedWarnings} more warnings").ConfigureAwait(false);
                break;
            }

            await stderr.WriteLineAsync("warning: " + Clean(warning.ToString(), apiKey)).ConfigureAwait(false);
        }

        return (converted.Tools, new SpecSource(image, fetched.Endpoint));
    }

    private static string ApiKey(string? apiKeyVariable, Func<string, string?> environment)
    {
        var variable = apiKeyVariable ?? DefaultApiKeyVariable;
        return NonEmpty(environment(variable))
            ?? throw new CliException($"no API key: the environment variable {variable} is not set (set it, or name another variable with --api-key-env)");
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Clean(string message, string? apiKey)
    {
        var line = message.ReplaceLineEndings(" ");
        return string.IsNullOrEmpty(apiKey) ? line : line.Replace(apiKey, "***", StringComparison.Ordinal);
    }

    /// <summary>The options of the spec commands.</summary>
    private sealed class Options
    {
        public string? Image { get; private set; }
        public string? Endpoint { get; private set; }
        public string? ApiKeyVariable { get; private set; }
        public string? Session { get; private set; }
        public string? Output { get; private set; }
        public string? Namespace { get; private set; }
        public List<string> Positional { get; } = [];

        public static Options Parse(IReadOnlyList<string> args, int positional)
        {
            var options = new Options();
            OptionReader.Read(args, (arg, value) =>
            {
                switch (arg)
                {
                    case "--image": options.Image = value(); return true;
                    case "--endpoint": options.Endpoint = value(); return true;
                    case "--api-key-env": options.ApiKeyVariable = value(); return true;
                    case "--session": options.Session = value(); return true;
                    case "--output" when positional == 0: options.Output = value(); return true;
                    case "--namespace" when positional == 0: options.Namespace = value(); return true;
                    default: return false;
                }
            }, arg =>
            {
                if (options.Positional.Count == positional)
                {
                    return false;
                }

                options.Positional.Add(arg);
                return true;
            });

            if (options.Positional.Count < positional)
            {
                throw new UsageException("spec diff needs the spec FILE to compare");
            }

            if (options.Image is null)
            {
                throw new UsageException("--image is required");
            }

            return options;
        }
    }
}
