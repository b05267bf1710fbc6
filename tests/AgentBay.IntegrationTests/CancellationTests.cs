using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using AgentBay.IntegrationTests.Infrastructure;
using Xunit;

namespace AgentBay.IntegrationTests;

/// <summary>Cancelling a long tool call returns control at once, and the session stays usable.</summary>
public sealed class CancellationTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Theory]
    [InlineData(Mode.Async)]
    [InlineData(Mode.Sync)]
    public async Task Cancelling_a_long_shell_call_throws_OperationCanceledException_within_a_second(Mode mode)
    {
        await using var lease = await fixture.CreateSessionAsync();
        using var cancel = new CancellationTokenSource();
        const string command = "touch ~/started; sleep 30";
        var shell = mode == Mode.Async
            ? lease.Tools.ShellAsync(command, cancellationToken: cancel.Token)
            : Task.Run(() => lease.Tools.Shell(command, cancellationToken: cancel.Token));

        // Cancel once the command runs in the session.
        await Eventually.Until(async () => (await lease.Tools.GetFileInfoAsync("/home/user/started")).Success, started => started, "the command to start");
        Assert.False(shell.IsCompleted);
        var clock = Stopwatch.StartNew();
        await cancel.CancelAsync();
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => shell);
        clock.Stop();

        Assert.Equal(cancel.Token, error.CancellationToken);
        // Promptly, not after the operation's own 30-60 s: a loaded machine may take a moment, never that long.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the call ended {clock.ElapsedMilliseconds} ms after the cancellation");
        var after = await lease.Tools.ShellAsync("echo still-usable");
        Assert.Equal("still-usable\n", after.Stdout);
    }

    [Theory]
    [InlineData(Mode.Async)]
    [InlineData(Mode.Sync)]
    public async Task An_already_cancelled_token_sends_nothing(Mode mode)
    {
        await using var lease = await fixture.CreateSessionAsync();
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => mode.Call(
            () => lease.Tools.ShellAsync("touch ~/should-not-exist", cancellationToken: cancel.Token),
            () => lease.Tools.Shell("touch ~/should-not-exist", cancellationToken: cancel.Token)));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => mode.Call(
            () => fixture.Client.CreateAsync(cancellationToken: cancel.Token),
            () => fixture.Client.Create(cancellationToken: cancel.Token)));

        Assert.Equal("absent\n", (await lease.Tools.ShellAsync("test -e ~/should-not-exist && echo present || echo absent")).Stdout);
    }
}
