using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AgentBay.IntegrationTests.Infrastructure;
using Xunit;

namespace AgentBay.IntegrationTests;

/// <summary>Many sessions and calls at once through one client: every reply belongs to its own call and session.</summary>
public sealed class ConcurrencyTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private const int Sessions = 20;
    private const int CallsPerSession = 10;

    [Fact]
    public async Task Twenty_sessions_times_ten_shell_calls_in_parallel_lose_or_mix_up_nothing()
    {
        await Eventually.SessionCount(fixture.Emulator, 0);
        var labels = new Dictionary<string, string> { ["batch"] = Guid.NewGuid().ToString("N") };
        var created = await Task.WhenAll(Enumerable.Range(0, Sessions).Select(_ => fixture.Client.CreateAsync(new CreateSessionParams { Labels = labels })));
        Assert.All(created, c => Assert.True(c.Success, c.ErrorMessage));
        var sessions = created.Select(c => c.Session).ToArray();
        try
        {
            Assert.Equal(Sessions, sessions.Select(s => s.SessionId).Distinct().Count());
            Assert.Equal(Sessions, fixture.Emulator.SessionCount);

            var calls = sessions.SelectMany(session => Enumerable.Range(0, CallsPerSession).Select(async i =>
            {
                var expected = $"{session.SessionId}-{i}";
                var result = await session.Tools.ShellAsync($"echo {expected} \"$AGENTBAY_SESSION_ID\"", timeoutMs: 30000);
                return (Expected: $"{expected} {session.SessionId}\n", Result: result);
            }));
            var results = await Task.WhenAll(calls);

            Assert.Equal(Sessions * CallsPerSession, results.Length);
            Assert.All(results, r =>
            {
                Assert.True(r.Result.Success, r.Result.Output ?? r.Result.ErrorMessage);
                Assert.Equal(0, r.Result.ExitCode);
                Assert.Equal(r.Expected, r.Result.Stdout);
                Assert.Equal("", r.Result.Stderr);
            });
            Assert.Equal(results.Length, results.Select(r => r.Result.RequestId).Distinct().Count());
            Assert.Equal(results.Length, results.Select(r => r.Result.TraceId).Distinct().Count());

            var listed = await fixture.Client.ListAsync(labels, maxResults: 100);
            Assert.Equal(Sessions, listed.TotalCount);
        }
        finally
        {
            var deleted = await Task.WhenAll(sessions.Select(s => s.DeleteAsync(timeout: EmulatorFixture.LifecycleTimeout, pollInterval: EmulatorFixture.FastPoll)));
            Assert.All(deleted, d => Assert.True(d.Success, d.ErrorMessage));
        }

        await Eventually.SessionCount(fixture.Emulator, 0);
        Assert.Empty((await fixture.Client.ListAsync(labels, maxResults: 100)).SessionIds);
    }

    [Fact]
    public async Task Parallel_file_writes_in_many_sessions_stay_in_their_own_session()
    {
        var sessions = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => fixture.CreateSessionAsync()));
        try
        {
            // Same path in every session, different content: each session reads back only its own.
            await Task.WhenAll(sessions.Select(async lease =>
            {
                var write = await lease.Tools.WriteFileAsync("/tmp/same-name.txt", lease.Id);
                Assert.True(write.Success, write.ErrorMessage);
            }));
            var reads = await Task.WhenAll(sessions.Select(async lease => (lease.Id, Read: await lease.Tools.ReadFileAsync("/tmp/same-name.txt"))));
            Assert.All(reads, r => Assert.Equal(r.Id, r.Read.Data));
        }
        finally
        {
            await Task.WhenAll(sessions.Select(s => s.DisposeAsync().AsTask()));
        }
    }
}
