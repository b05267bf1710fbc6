using System;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using AgentBay.IntegrationTests.Infrastructure;
using Xunit;

namespace AgentBay.IntegrationTests;

/// <summary>
/// Disposing a session deletes it exactly once, whatever mix of dispose and delete calls follows. The requests are
/// counted on the wire, and this class has its own emulator so its SessionCount is exact.
/// </summary>
public sealed class DisposalTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Theory]
    [InlineData(Mode.Async)]
    [InlineData(Mode.Sync)]
    public async Task Disposing_twice_deletes_once(Mode mode)
    {
        await Eventually.SessionCount(fixture.Emulator, 0);
        using var recorder = new RecordingHandler();
        using var http = new HttpClient(recorder);
        using var client = fixture.NewClient(fixture.Emulator.ApiKey, http);
        var created = await client.CreateAsync();
        Assert.True(created.Success, created.ErrorMessage);
        var session = created.Session;
        Assert.Equal(1, fixture.Emulator.SessionCount);

        if (mode == Mode.Async)
        {
            await session.DisposeAsync();
            await session.DisposeAsync();
            session.Dispose();
        }
        else
        {
            session.Dispose();
            session.Dispose();
            await session.DisposeAsync();
        }

        Assert.Equal(1, recorder.Count("DeleteSessionAsync"));
        Assert.True(recorder.Count("GetSessionDetail") >= 1, string.Join(",", recorder.Actions));
        await Eventually.SessionCount(fixture.Emulator, 0);
        Assert.False((await client.GetAsync(session.SessionId)).Success);
    }

    [Fact]
    public async Task Dispose_after_an_explicit_delete_sends_nothing()
    {
        using var recorder = new RecordingHandler();
        using var http = new HttpClient(recorder);
        using var client = fixture.NewClient(fixture.Emulator.ApiKey, http);
        var created = await client.CreateAsync();
        Assert.True(created.Success, created.ErrorMessage);
        var session = created.Session;

        var deleted = await session.DeleteAsync(timeout: EmulatorFixture.LifecycleTimeout, pollInterval: EmulatorFixture.FastPoll);
        Assert.True(deleted.Success, deleted.ErrorMessage);
        var sent = recorder.Actions.Count;
        await session.DisposeAsync();
        session.Dispose();

        Assert.Equal(sent, recorder.Actions.Count);
        Assert.Equal(1, recorder.Count("DeleteSessionAsync"));
        await Eventually.SessionCount(fixture.Emulator, 0);
    }

    [Fact]
    public async Task Await_using_deletes_the_session_at_the_end_of_the_scope()
    {
        string id;
        await using (var session = (await fixture.Client.CreateAsync()).Session)
        {
            id = session.SessionId;
            Assert.Equal("inside\n", (await session.Tools.ShellAsync("echo inside")).Stdout);
            Assert.Contains(id, (await fixture.Client.ListAsync(maxResults: 100)).SessionIds.Select(s => s.SessionId));
        }

        await Eventually.SessionCount(fixture.Emulator, 0);
        Assert.False((await fixture.Client.GetAsync(id)).Success);
    }
}
