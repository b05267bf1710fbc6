using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AgentBay.Emulator;
using AgentBay.Runtime;
using Microsoft.Extensions.AI;
using Xunit;

namespace AgentBay.AI.Tests;

/// <summary>One in-process emulator and one session per test class; the session is deleted and the emulator stopped at the end.</summary>
public sealed class SessionFixture : IAsyncLifetime
{
    private AgentBayEmulator? _emulator;
    private AgentBayClient? _client;
    private Session? _session;

    public AgentBayEmulator Emulator => _emulator ?? throw new InvalidOperationException("The emulator is not started.");

    public AgentBayClient Client => _client ?? throw new InvalidOperationException("The emulator is not started.");

    public Session Session => _session ?? throw new InvalidOperationException("The session is not created.");

    public async Task InitializeAsync()
    {
        _emulator = await AgentBayEmulator.StartAsync(new EmulatorOptions
        {
            PauseDelay = TimeSpan.FromMilliseconds(100),
            ResumeDelay = TimeSpan.FromMilliseconds(100),
            DeleteDelay = TimeSpan.FromMilliseconds(50),
        });
        _client = new AgentBayClient(new AgentBayOptions { ApiKey = _emulator.ApiKey, Endpoint = _emulator.Endpoint, Timeout = TimeSpan.FromSeconds(30) });
        var created = await _client.CreateAsync(new CreateSessionParams { ImageId = "linux_latest" });
        Assert.True(created.Success, created.ErrorMessage);
        _session = created.Session;
    }

    public async Task DisposeAsync()
    {
        if (_session is not null)
        {
            await _session.DeleteAsync(timeout: TimeSpan.FromSeconds(20), pollInterval: TimeSpan.FromMilliseconds(50));
            await _session.DisposeAsync();
        }

        _client?.Dispose();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }
}

/// <summary>Calling a function as a chat loop would, and reading what it returned.</summary>
internal static class Calls
{
    /// <summary>Arguments as a model sends them: the tool call's JSON, parsed into one element per argument.</summary>
    public static AIFunctionArguments FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        var arguments = new AIFunctionArguments();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            arguments[property.Name] = property.Value.Clone();
        }

        return arguments;
    }

    public static AIFunction Function(this Session session, string name) => session.Tools.AsAIFunctions(name).Single();

    /// <summary>Invokes <paramref name="name"/> with JSON arguments; the result is always a JSON object.</summary>
    public static async Task<JsonElement> InvokeJsonAsync(this Session session, string name, string json, CancellationToken cancellationToken = default)
    {
        var result = await session.Function(name).InvokeAsync(FromJson(json), cancellationToken);
        var element = Assert.IsType<JsonElement>(result);
        Assert.Equal(JsonValueKind.Object, element.ValueKind);
        return element;
    }

    public static async Task<JsonElement> InvokeAsync(this Session session, string name, IDictionary<string, object?> arguments)
    {
        var result = await session.Function(name).InvokeAsync(new AIFunctionArguments(arguments));
        return Assert.IsType<JsonElement>(result);
    }

    public static string? Error(this JsonElement result) => result.TryGetProperty("error", out var error) ? error.GetString() : null;

    public static bool Succeeded(this JsonElement result) => result.TryGetProperty("success", out var success) && success.GetBoolean();

    public static string? String(this JsonElement result, string name) => result.TryGetProperty(name, out var value) ? value.GetString() : null;
}
