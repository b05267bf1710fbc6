using System;
using System.Threading.Tasks;
using Xunit;

namespace AgentBay.Emulator.Tests.Infrastructure;

/// <summary>
/// Gives every test its own emulator (xunit makes one class instance per test), so no state leaks between tests.
/// </summary>
public abstract class EmulatorTestBase : IAsyncLifetime
{
    private TestEmulator? _test;

    protected AgentBayEmulator Emulator => (_test ?? throw new InvalidOperationException("not started")).Emulator;

    protected EmulatorClient Client => (_test ?? throw new InvalidOperationException("not started")).Client;

    protected virtual EmulatorOptions Options => TestEmulator.DefaultOptions();

    public virtual async Task InitializeAsync() => _test = await TestEmulator.StartAsync(Options);

    public virtual async Task DisposeAsync()
    {
        if (_test is not null)
        {
            await _test.DisposeAsync();
        }
    }
}
