using System;
using System.Net.Http;
using System.Threading.Tasks;
using AgentBay.TestSupport;
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
    /// <param name="sandbox">A mode to require, or Auto: the machine's best (or AGENTBAY_EMULATOR_SANDBOX).</param>
    /// <param name="pauseDelay">How long PAUSING lasts: longer for a test that must act while it does.</param>
    /// <param name="workRoot">Where the emulator makes its folder; null: the system temp folder.</param>
    public static EmulatorOptions DefaultOptions(SandboxPreference sandbox = SandboxPreference.Auto, TimeSpan? pauseDelay = null, string? workRoot = null) => new()
    {
        WorkRoot = workRoot,
        ApiKeys = [Key],
        PauseDelay = pauseDelay ?? TimeSpan.FromMilliseconds(200),
        ResumeDelay = TimeSpan.FromMilliseconds(200),
        DeleteDelay = TimeSpan.FromMilliseconds(200),
        Sandbox = sandbox,
    };

    public static async Task<TestEmulator> StartAsync(EmulatorOptions? options = null) =>
        new(await AgentBayEmulator.StartAsync(options ?? DefaultOptions()));

    /// <summary>Starts in exactly <paramref name="mode"/> (use in a <c>[SandboxTheory]</c>, which skips modes that do not work here).</summary>
    public static async Task<TestEmulator> StartAsync(SandboxMode mode, TimeSpan? pauseDelay = null)
    {
        var emulator = await StartAsync(DefaultOptions(Sandboxes.Require(mode), pauseDelay));
        Assert.Equal(mode, emulator.Emulator.Sandbox);
        return emulator;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Http.Dispose();
        await Emulator.DisposeAsync();
    }
}
