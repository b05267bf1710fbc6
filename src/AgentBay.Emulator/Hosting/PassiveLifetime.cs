using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;

namespace AgentBay.Emulator.Hosting;

/// <summary>
/// Keeps the web host from hooking Ctrl+C and SIGTERM: inside a test process those belong to the test runner.
/// The command line program handles them itself.
/// </summary>
internal sealed class PassiveLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
