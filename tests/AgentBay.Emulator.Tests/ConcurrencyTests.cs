using System;
using System.Linq;
using System.Threading.Tasks;
using AgentBay.Emulator.Tests.Infrastructure;
using AgentBay.TestSupport;
using Xunit;

namespace AgentBay.Emulator.Tests;

/// <summary>Many sessions working at once must never see each other's output or files.</summary>
public sealed class ConcurrencyTests
{
    public static TheoryData<SandboxMode> Modes => Sandboxes.Modes();

    [SandboxTheory]
    [MemberData(nameof(Modes))]
    public async Task TwentySessionsTimesTenShellCallsInParallelKeepTheirOutputApart(SandboxMode mode)
    {
        await using var test = await TestEmulator.StartAsync(mode);
        var client = test.Client;
        var sessions = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.CreateSessionAsync()));
        await Task.WhenAll(sessions.Select(id => client.ToolAsync(id, "write_file", new { path = "/tmp/id.txt", content = id })));

        var calls = sessions.SelectMany(id => Enumerable.Range(0, 10).Select(async i =>
        {
            // Output on both streams, with a little interleaving, plus the session's own file.
            var reply = await client.ShellAsync(id, $"echo {id}-{i}-a; echo {id}-{i}-err >&2; sleep 0.0$((RANDOM % 5)); echo {id}-{i}-b; cat /tmp/id.txt");
            return (id, i, reply);
        })).ToList();
        var results = await Task.WhenAll(calls);

        Assert.Equal(200, results.Length);
        foreach (var (id, i, reply) in results)
        {
            Assert.Equal(0, reply.ExitCode);
            Assert.Equal($"{id}-{i}-a\n{id}-{i}-b\n{id}", reply.Stdout);
            Assert.Equal($"{id}-{i}-err\n", reply.Stderr);
        }

        Assert.Equal(20, test.Emulator.SessionCount);
    }
}
