using System;
using System.Net.Http;
using System.Threading.Tasks;
using Xunit;

namespace AgentBay.Emulator.Tests.Infrastructure;

/// <summary>An emulator plus a client for it; disposing stops the emulator.</summary>
public sealed class TestEmulator : IAsyncDisposable
{
    public const string Key = "akm-test-key-0123456789";

    private TestEmulator(AgentBayEmulator emulator)
    {
        Emulator = emulator;
        Client = new EmulatorClient(new HttpClient { Timeout = TimeSpan.FromSeconds(60) }, emulator.Endpoint, emulator.ApiKey);
    }

    public AgentBayEmulator Emulator { get; }

    public EmulatorClient Client { get; }

    /// <summary>Short delays keep lifecycle tests fast; polling (never fixed sleeps) waits for them.</summary>
    /// <param name="sandbox">Sandboxed, direct, or whatever this machine supports.</param>
    /// <param name="pauseDelay">How long PAUSING lasts: longer for a test that must act while it does.</param>
    public static EmulatorOptions DefaultOptions(SandboxPreference sandbox = SandboxPreference.Auto, TimeSpan? pauseDelay = null) => new()
    {
        ApiKeys = [Key],
        PauseDelay = pauseDelay ?? TimeSpan.FromMilliseconds(200),
        ResumeDelay = TimeSpan.FromMilliseconds(200),
        DeleteDelay = TimeSpan.FromMilliseconds(200),
        Sandbox = sandbox,
    };

    public static async Task<TestEmulator> StartAsync(EmulatorOptions? options = null) =>
        new(await AgentBayEmulator.StartAsync(options ?? DefaultOptions()));

    /// <summary>Starts in the named mode: "sandboxed" (bubblewrap) or "direct" (fallback).</summary>
    public static async Task<TestEmulator> StartAsync(string mode)
    {
        var emulator = await StartAsync(DefaultOptions(mode == "sandboxed" ? SandboxPreference.Bubblewrap : SandboxPreference.None));
        Assert.Equal(mode == "sandboxed", emulator.Emulator.IsSandboxed);
        return emulator;
    }

    /// <summary>The modes this machine can test: always direct, sandboxed when bubblewrap works.</summary>
    public static TheoryData<string> Modes()
    {
        var modes = new TheoryData<string> { "direct" };
        if (AgentBayEmulator.BubblewrapAvailable)
        {
            modes.Add("sandboxed");
        }

        return modes;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Http.Dispose();
        await Emulator.DisposeAsync();
    }
}
