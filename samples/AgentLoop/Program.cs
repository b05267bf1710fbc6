// AgentLoop: the session's tools as Microsoft.Extensions.AI functions in a chat loop. FunctionInvokingChatClient runs
// the tool calls a model asks for (shell, write_file, then run_code or read_file) through SessionTools.AsAIFunctions
// and hands the results back to it. The "model" here is ScriptedModel below: deterministic, offline, no download.
//
// To use a real model, replace ScriptedModel with any IChatClient that supports tool calling, for example:
//
//     // dotnet add package Microsoft.Extensions.AI.OpenAI
//     IChatClient model = new OpenAI.Chat.ChatClient("gpt-4o-mini", Environment.GetEnvironmentVariable("OPENAI_API_KEY"))
//         .AsIChatClient();
//
//     // or a local model through Ollama: dotnet add package OllamaSharp
//     IChatClient model = new OllamaSharp.OllamaApiClient(new Uri("http://localhost:11434"), "llama3.1");
//
// Everything else stays: the same ChatOptions.Tools, the same FunctionInvokingChatClient, the same session.
//
// With no AGENTBAY_API_KEY it starts the local emulator in-process, as QuickStart does; with the variable set it uses
// the configured AgentBay endpoint.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AgentBay;
using AgentBay.Emulator;
using AgentBay.Runtime;
using Microsoft.Extensions.AI;

AgentBayEmulator? emulator = null;
AgentBayOptions options;
if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(AgentBayOptions.ApiKeyVariable)))
{
    try
    {
        emulator = await AgentBayEmulator.StartAsync(new EmulatorOptions { DeleteDelay = TimeSpan.FromMilliseconds(200) });
    }
    catch (Exception e) when (e is InvalidOperationException or PlatformNotSupportedException or FormatException)
    {
        Console.Error.WriteLine($"The embedded emulator cannot start: {e.Message}");
        return 1;
    }

    options = new AgentBayOptions { ApiKey = emulator.ApiKey, Endpoint = emulator.Endpoint };
    Console.WriteLine($"No AGENTBAY_API_KEY set: using the embedded AgentBay emulator at {emulator.Endpoint} (sandbox: {emulator.SandboxName}).");
}
else
{
    options = AgentBayOptions.FromEnvironment();
    Console.WriteLine($"Using AgentBay at {options.Endpoint ?? AgentBayClient.ServiceInfo.DefaultEndpoint}.");
}

try
{
    using var client = new AgentBayClient(options);
    var created = await client.CreateAsync(new CreateSessionParams { ImageId = "code_latest" });
    if (!created.Success)
    {
        Console.WriteLine($"FAIL create a session: {created.ErrorMessage}");
        return 1;
    }

    await using var session = created.Session;
    Console.WriteLine($"Session {session.SessionId}.");

    // The tools the model may call: generated from the spec, names and JSON schemas included, no reflection.
    var tools = session.Tools.AsAIFunctions("shell", "write_file", "run_code", "read_file");
    var scripted = new ScriptedModel();
    IChatClient model = scripted; // ← a real IChatClient goes here (see the top of this file).
    using var chat = new ChatClientBuilder(model).UseFunctionInvocation().Build();
    var chatOptions = new ChatOptions { Tools = [.. tools] };

    List<ChatMessage> history =
    [
        new(ChatRole.System, "You are a coding agent with a Linux sandbox. Use the tools; answer briefly."),
        new(ChatRole.User, "Find out what the sandbox runs, write a small Python script to /tmp/agentloop/hello.py and run it."),
    ];
    Transcript.Print(history);
    var response = await chat.GetResponseAsync(history, chatOptions);
    Transcript.Print(response.Messages);

    var failed = scripted.Steps.Where(step => !step.Ok).ToList();
    Console.WriteLine();
    foreach (var step in scripted.Steps)
    {
        Console.WriteLine($"{(step.Ok ? "OK  " : "FAIL")} {step.Name}: {step.Detail}");
    }

    var complete = scripted.Steps.Count == 3 && response.Text.Length > 0;
    await session.DeleteAsync(timeout: TimeSpan.FromSeconds(60), pollInterval: TimeSpan.FromMilliseconds(200));
    Console.WriteLine(failed.Count == 0 && complete
        ? $"All {scripted.Steps.Count} steps OK."
        : $"{failed.Count} of {scripted.Steps.Count} steps failed{(complete ? "" : "; the loop did not finish")}.");
    return failed.Count == 0 && complete ? 0 : 1;
}
finally
{
    if (emulator is not null)
    {
        await emulator.DisposeAsync();
    }
}

/// <summary>One tool step as the scripted model judged its result.</summary>
internal sealed record Step(string Name, bool Ok, string Detail);

/// <summary>
/// A deterministic stand-in for a model: it reads the conversation, and each turn either asks for the next tool call or,
/// after the last one, answers. Like a real model it only sees messages: it learns what a tool did from the
/// FunctionResultContent that FunctionInvokingChatClient adds, never from the session.
/// </summary>
internal sealed class ScriptedModel : IChatClient
{
    private const string ScriptPath = "/tmp/agentloop/hello.py";

    public List<Step> Steps { get; } = [];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var results = messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().ToList();
        var calls = messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToDictionary(c => c.CallId, c => c.Name);
        if (results.Count > Steps.Count)
        {
            var last = results[^1];
            Steps.Add(Judge(calls.GetValueOrDefault(last.CallId, "?"), last.Result));
        }

        var offered = options?.Tools?.OfType<AIFunction>().Select(f => f.Name).ToHashSet() ?? [];
        ChatMessage reply = results.Count switch
        {
            0 => Call("shell", new() { ["command"] = "uname -s; command -v python3 || echo no-python3" }),
            1 => Call("write_file", new()
            {
                ["path"] = ScriptPath,
                ["content"] = "import platform\nprint('hello from', platform.python_implementation(), 6 * 7)\n",
            }),
            // The shell said whether python3 is there: run the script, or else read it back.
            2 when offered.Contains("run_code") && !Said(results[0], "no-python3") => Call("run_code", new()
            {
                ["code"] = $"exec(open('{ScriptPath}').read())",
                ["language"] = "python",
                ["timeout_s"] = 30,
            }),
            2 => Call("read_file", new() { ["path"] = ScriptPath }),
            _ => new ChatMessage(ChatRole.Assistant, $"Done: {string.Join("; ", Steps.Select(s => s.Detail))}."),
        };
        return Task.FromResult(new ChatResponse(reply) { ModelId = "scripted" });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var update in (await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false)).ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private int _calls;

    private ChatMessage Call(string name, Dictionary<string, object?> arguments) =>
        new(ChatRole.Assistant, [new FunctionCallContent($"call-{++_calls}", name, arguments)]);

    private static bool Said(FunctionResultContent result, string text) => result.Result?.ToString()?.Contains(text, StringComparison.Ordinal) == true;

    /// <summary>What a step's result says: the tool's JSON (success, stdout, text), or {"error": ...}.</summary>
    private static Step Judge(string name, object? result)
    {
        if (result is not JsonElement { ValueKind: JsonValueKind.Object } json)
        {
            return new Step(name, false, "no JSON result: " + result);
        }

        if (json.TryGetProperty("error", out var error) && !json.TryGetProperty("success", out _))
        {
            return new Step(name, false, "error: " + error.GetString());
        }

        var ok = json.TryGetProperty("success", out var success) && success.GetBoolean();
        var detail = name switch
        {
            "shell" => json.TryGetProperty("stdout", out var stdout) ? "sandbox says " + stdout.GetString()?.Trim().Replace('\n', ' ') : "no stdout",
            "write_file" => ok ? "wrote " + ScriptPath : "write failed",
            "run_code" => json.TryGetProperty("stdout", out var lines) ? "the script printed " + string.Concat(lines.EnumerateArray().Select(l => l.GetString())).Trim() : "no output",
            "read_file" => json.TryGetProperty("text", out var text) ? $"read back {text.GetString()?.Length} characters" : "no text",
            _ => json.GetRawText(),
        };
        ok &= name switch
        {
            "shell" => detail.StartsWith("sandbox says ", StringComparison.Ordinal),
            "run_code" => detail.Contains("hello from", StringComparison.Ordinal) && detail.EndsWith("42", StringComparison.Ordinal),
            "read_file" => detail.StartsWith("read back", StringComparison.Ordinal),
            _ => true,
        };
        return new Step(name, ok, ok ? detail : detail + " (" + (json.TryGetProperty("error", out var why) ? why.GetString() : json.GetRawText()) + ")");
    }
}

/// <summary>Prints the conversation: text, tool calls with their arguments, tool results (shortened).</summary>
internal static class Transcript
{
    public static void Print(IEnumerable<ChatMessage> messages)
    {
        foreach (var message in messages)
        {
            foreach (var content in message.Contents)
            {
                var line = content switch
                {
                    TextContent text => text.Text,
                    FunctionCallContent call => $"→ {call.Name}({string.Join(", ", (call.Arguments ?? new Dictionary<string, object?>()).Select(a => a.Key + ": " + Show(a.Value)))})",
                    FunctionResultContent result => $"← {Shorten(result.Result?.ToString())}",
                    _ => content.ToString(),
                };
                Console.WriteLine($"[{message.Role}] {line}");
            }
        }
    }

    private static string Show(object? value) => value switch
    {
        string text => "\"" + text.Replace("\n", "\\n", StringComparison.Ordinal) + "\"",
        null => "null",
        _ => value.ToString() ?? "",
    };

    private static string Shorten(string? text) => text is null ? "(null)" : text.Length <= 200 ? text : text[..197] + "...";
}
