using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AgentBay.IntegrationTests.Infrastructure;
using AgentBay.Runtime;
using Xunit;

namespace AgentBay.IntegrationTests;

/// <summary>AgentBayClient's operations over HTTP: create (params, labels), get, list (filters, paging), delete.</summary>
public sealed class ClientOperationTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private AgentBayClient Client => fixture.Client;

    private static Dictionary<string, string> UniqueLabels(string purpose) => new()
    {
        ["test"] = purpose,
        ["run"] = Guid.NewGuid().ToString("N"),
    };

    [Theory]
    [InlineData(Mode.Async)]
    [InlineData(Mode.Sync)]
    public async Task Create_with_params_and_labels_then_get_finds_the_same_session(Mode mode)
    {
        var labels = UniqueLabels("create");
        var parameters = new CreateSessionParams { ImageId = "linux_latest", Labels = labels, ExternalUserId = "user-42", EnableBrowserReplay = false };

        var created = await mode.Call(() => Client.CreateAsync(parameters), () => Client.Create(parameters));
        Assert.True(created.Success, created.ErrorMessage);
        Assert.False(string.IsNullOrEmpty(created.RequestId));
        await using var lease = new SessionLease(created.Session);
        Assert.StartsWith("session-", lease.Id, StringComparison.Ordinal);

        var got = await mode.Call(() => Client.GetAsync(lease.Id), () => Client.Get(lease.Id));
        Assert.True(got.Success, got.ErrorMessage);
        Assert.Equal(lease.Id, got.Session.SessionId);
        Assert.NotEqual(created.RequestId, got.RequestId);

        // The labels went over the wire: the service hands them back.
        var read = await lease.Session.GetLabelsAsync();
        Assert.True(read.Success, read.ErrorMessage);
        Assert.Equal(labels.OrderBy(l => l.Key, StringComparer.Ordinal), UserLabels(read.Data!));

        // The session the client got back is usable at once.
        var shell = await got.Session.Tools.ShellAsync("echo created");
        Assert.Equal("created\n", shell.Stdout);
    }

    [Theory]
    [InlineData(Mode.Async)]
    [InlineData(Mode.Sync)]
    public async Task Create_without_parameters_uses_the_defaults(Mode mode)
    {
        var created = await mode.Call(() => Client.CreateAsync(), () => Client.Create());
        Assert.True(created.Success, created.ErrorMessage);
        await using var lease = new SessionLease(created.Session);
        var labels = await lease.Session.GetLabelsAsync();
        Assert.True(labels.Success, labels.ErrorMessage);
        Assert.Empty(UserLabels(labels.Data!));
    }

    [Theory]
    [InlineData(Mode.Async)]
    [InlineData(Mode.Sync)]
    public async Task Get_of_an_unknown_session_says_not_found(Mode mode)
    {
        var id = "session-" + Guid.NewGuid().ToString("N")[..17];
        var got = await mode.Call(() => Client.GetAsync(id), () => Client.Get(id));
        Assert.False(got.Success);
        Assert.Equal($"Session {id} not found", got.ErrorMessage);
        var error = Assert.Throws<InvalidOperationException>(() => got.Session);
        Assert.Contains("not found", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Mode.Async)]
    [InlineData(Mode.Sync)]
    public async Task List_filters_by_labels_and_status(Mode mode)
    {
        var labels = UniqueLabels("list-filter");
        await using var a = await fixture.CreateSessionAsync(labels);
        await using var b = await fixture.CreateSessionAsync(labels);
        await using var other = await fixture.CreateSessionAsync(new Dictionary<string, string>(labels) { ["run"] = "other-" + labels["run"] });
        var paused = await b.Session.PauseAsync(EmulatorFixture.LifecycleTimeout, EmulatorFixture.FastPoll);
        Assert.True(paused.Success, paused.ErrorMessage);

        var all = await mode.Call(() => Client.ListAsync(labels), () => Client.List(labels));
        Assert.True(all.Success, all.ErrorMessage);
        Assert.Equal(2, all.TotalCount);
        Assert.Equal(new[] { a.Id, b.Id }.Order(), all.SessionIds.Select(s => s.SessionId).Order());
        Assert.Equal(SessionStatus.Running, all.SessionIds.Single(s => s.SessionId == a.Id).SessionStatus);
        Assert.Equal(SessionStatus.Paused, all.SessionIds.Single(s => s.SessionId == b.Id).SessionStatus);

        // One label of the two narrows nothing here, a label value nobody has matches nothing.
        var byOneLabel = await mode.Call(() => Client.ListAsync(new Dictionary<string, string> { ["run"] = labels["run"] }),
            () => Client.List(new Dictionary<string, string> { ["run"] = labels["run"] }));
        Assert.Equal(new[] { a.Id, b.Id }.Order(), byOneLabel.SessionIds.Select(s => s.SessionId).Order());
        var none = await mode.Call(() => Client.ListAsync(new Dictionary<string, string> { ["run"] = "nobody" }),
            () => Client.List(new Dictionary<string, string> { ["run"] = "nobody" }));
        Assert.True(none.Success, none.ErrorMessage);
        Assert.Empty(none.SessionIds);
        Assert.Equal(0, none.TotalCount);

        var running = await mode.Call(() => Client.ListAsync(labels, SessionStatus.Running), () => Client.List(labels, SessionStatus.Running));
        Assert.Equal(a.Id, Assert.Single(running.SessionIds).SessionId);
        var pausedOnly = await mode.Call(() => Client.ListAsync(labels, SessionStatus.Paused), () => Client.List(labels, SessionStatus.Paused));
        Assert.Equal(b.Id, Assert.Single(pausedOnly.SessionIds).SessionId);
        Assert.Equal(1, pausedOnly.TotalCount);
    }

    [Theory]
    [InlineData(Mode.Async)]
    [InlineData(Mode.Sync)]
    public async Task List_pages_through_NextToken_without_loss_or_repeats(Mode mode)
    {
        var labels = UniqueLabels("list-paging");
        var leases = new List<SessionLease>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                leases.Add(await fixture.CreateSessionAsync(labels));
            }

            var seen = new List<string>();
            var pageSizes = new List<int>();
            string? token = null;
            do
            {
                var pageToken = token;
                var page = await mode.Call(() => Client.ListAsync(labels, maxResults: 2, nextToken: pageToken),
                    () => Client.List(labels, maxResults: 2, nextToken: pageToken));
                Assert.True(page.Success, page.ErrorMessage);
                Assert.Equal(5, page.TotalCount);
                Assert.Equal(2, page.MaxResults);
                seen.AddRange(page.SessionIds.Select(s => s.SessionId));
                pageSizes.Add(page.SessionIds.Count);
                token = page.NextToken;
                Assert.True(pageSizes.Count <= 3, "more pages than sessions allow: " + string.Join(",", pageSizes));
            }
            while (!string.IsNullOrEmpty(token));

            Assert.Equal(new[] { 2, 2, 1 }, pageSizes);
            Assert.Equal(leases.Select(l => l.Id), seen); // creation order, each once
        }
        finally
        {
            foreach (var lease in leases)
            {
                await lease.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task List_checks_the_page_size_before_sending()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Client.List(maxResults: 101));
        Assert.Equal("maxResults", error.ParamName);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Client.ListAsync(maxResults: 0));
    }

    [Theory]
    [InlineData(Mode.Async)]
    [InlineData(Mode.Sync)]
    public async Task Delete_through_the_client_removes_the_session(Mode mode)
    {
        await using var lease = await fixture.CreateSessionAsync();
        var deleted = await mode.Call(
            () => Client.DeleteAsync(lease.Session, timeout: EmulatorFixture.LifecycleTimeout, pollInterval: EmulatorFixture.FastPoll),
            () => Client.Delete(lease.Session, timeout: EmulatorFixture.LifecycleTimeout, pollInterval: EmulatorFixture.FastPoll));
        Assert.True(deleted.Success, deleted.ErrorMessage);
        Assert.False(string.IsNullOrEmpty(deleted.RequestId));

        await AssertGoneAsync(lease.Id);
    }

    [Theory]
    [InlineData(Mode.Async)]
    [InlineData(Mode.Sync)]
    public async Task Delete_through_the_session_removes_it(Mode mode)
    {
        await using var lease = await fixture.CreateSessionAsync();
        var deleted = await mode.Call(
            () => lease.Session.DeleteAsync(timeout: EmulatorFixture.LifecycleTimeout, pollInterval: EmulatorFixture.FastPoll),
            () => lease.Session.Delete(timeout: EmulatorFixture.LifecycleTimeout, pollInterval: EmulatorFixture.FastPoll));
        Assert.True(deleted.Success, deleted.ErrorMessage);

        await AssertGoneAsync(lease.Id);
    }

    [Fact]
    public async Task Delete_with_syncContext_also_succeeds()
    {
        await using var lease = await fixture.CreateSessionAsync();
        var deleted = await lease.Session.DeleteAsync(syncContext: true, timeout: EmulatorFixture.LifecycleTimeout, pollInterval: EmulatorFixture.FastPoll);
        Assert.True(deleted.Success, deleted.ErrorMessage);
        await AssertGoneAsync(lease.Id);
    }

    /// <summary>
    /// The caller's labels: the client may add its own under the reserved <c>agentbay.</c> prefix (the create's client
    /// token, <c>agentbay.client-token</c>), which are not the caller's to compare.
    /// </summary>
    private static IEnumerable<KeyValuePair<string, string>> UserLabels(IReadOnlyDictionary<string, string> labels)
        => labels.Where(l => !l.Key.StartsWith("agentbay.", StringComparison.Ordinal)).OrderBy(l => l.Key, StringComparer.Ordinal);

    private async Task AssertGoneAsync(string id)
    {
        var got = await Eventually.SessionGone(Client, id);
        Assert.Equal($"Session {id} not found", got.ErrorMessage);

        // The emulator lists the tombstone once it has removed the folder (see LifecycleTests for the race this hides).
        await Eventually.Until(async () =>
        {
            var deletedList = await Client.ListAsync(status: SessionStatus.Deleted, maxResults: 100);
            Assert.True(deletedList.Success, deletedList.ErrorMessage);
            return deletedList.SessionIds.Any(s => s.SessionId == id && s.SessionStatus == SessionStatus.Deleted);
        }, listed => listed, $"{id} to be listed with status DELETED");
        var live = await Client.ListAsync(maxResults: 100);
        Assert.DoesNotContain(live.SessionIds, s => s.SessionId == id);
    }
}
