using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using AgentBay.Emulator;
using AgentBay.IntegrationTests.Infrastructure;
using AgentBay.TestSupport;
using Xunit;

namespace AgentBay.IntegrationTests;

/// <summary>
/// The typed context client (client.Contexts, session.Context, CreateSessionParams.ContextSync) against the emulator's
/// persistent contexts, in both forms and every sandbox mode: what one session syncs, the next one reads.
/// </summary>
public sealed class ContextTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private const string Work = "/home/user/work";

    private static string UniqueName(string what) => what + "-" + Guid.NewGuid().ToString("N")[..8];

    [SandboxTheory]
    [MemberData(nameof(Forms.EveryModeAndForm), MemberType = typeof(Forms))]
    public async Task A_file_a_session_syncs_into_a_context_is_there_in_the_next_session(SandboxMode sandbox, Mode mode)
    {
        var (_, client) = await fixture.InAsync(sandbox);
        var contexts = client.Contexts;
        var name = UniqueName("persist");
        var created = await mode.Call(() => contexts.CreateAsync(name), () => contexts.Create(name));
        Assert.True(created.Success, created.ErrorMessage);
        var contextId = Assert.IsType<string>(created.ContextId);
        Assert.Equal(name, created.Context!.Name);
        try
        {
            var sync = new[] { new ContextSync { ContextId = contextId, Path = Work } };
            var first = await client.CreateAsync(new CreateSessionParams { ImageId = "linux_latest", ContextSync = sync });
            Assert.True(first.Success, first.ErrorMessage);
            await using (var lease = new SessionLease(first.Session))
            {
                Assert.True((await lease.Tools.ShellAsync("mkdir -p work/notes && printf 'kept' > work/notes/a.txt")).Success);
                var synced = await mode.Call(() => lease.Session.Context.SyncAsync(pollInterval: EmulatorFixture.FastPoll),
                    () => lease.Session.Context.Sync(pollInterval: EmulatorFixture.FastPoll));
                Assert.True(synced.Success, synced.ErrorMessage);
                var info = await mode.Call(() => lease.Session.Context.InfoAsync(contextId), () => lease.Session.Context.Info(contextId));
                Assert.True(info.Success, info.ErrorMessage);
                var tasks = info.ContextStatus.SelectMany(e => e.Data ?? []).ToList();
                Assert.Contains(tasks, t => t.TaskType == "upload" && t.Status == "Success" && t.ContextId == contextId);
            }

            var files = await mode.Call(() => contexts.ListFilesAsync(contextId, "/notes"), () => contexts.ListFiles(contextId, "/notes"));
            Assert.True(files.Success, files.ErrorMessage);
            Assert.Contains(files.Entries, f => f.FileName == "a.txt" && f.Size == 4);

            var second = await client.CreateAsync(new CreateSessionParams { ImageId = "linux_latest", ContextSync = sync });
            Assert.True(second.Success, second.ErrorMessage);
            await using (var lease = new SessionLease(second.Session))
            {
                var read = await lease.Tools.ReadFileAsync(Work + "/notes/a.txt");
                Assert.True(read.Success, read.ErrorMessage);
                Assert.Equal("kept", read.Data);
            }
        }
        finally
        {
            var deleted = await contexts.DeleteAsync(contextId);
            Assert.True(deleted.Success, deleted.ErrorMessage);
        }
    }

    [Fact]
    public async Task Contexts_are_found_listed_renamed_and_deleted()
    {
        var contexts = fixture.Client.Contexts;
        var name = UniqueName("crud");
        var missing = await contexts.GetAsync(name);
        Assert.False(missing.Success);
        Assert.Contains("NotFound", missing.ErrorMessage);

        var made = await contexts.GetAsync(name, create: true);
        Assert.True(made.Success, made.ErrorMessage);
        var id = made.ContextId!;
        Assert.Equal(id, (await contexts.GetAsync(contextId: id)).ContextId);
        Assert.Equal(id, contexts.Create(name).ContextId); // by name: the same context

        // Enough contexts for several pages of 2: ListAll reads them all.
        var more = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            more.Add((await contexts.CreateAsync(UniqueName("page"))).ContextId!);
        }

        var all = new List<string>();
        await foreach (var context in contexts.ListAllAsync(maxResults: 2))
        {
            all.Add(context.Id);
        }

        Assert.Superset(more.Append(id).ToHashSet(), all.ToHashSet());
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal(all, contexts.ListAll(maxResults: 2).Select(c => c.Id).ToList());
        var firstPage = await contexts.ListAsync(maxResults: 2);
        Assert.Equal(2, firstPage.Contexts.Count);
        Assert.False(string.IsNullOrEmpty(firstPage.NextToken));

        var renamed = UniqueName("renamed");
        Assert.True((await contexts.UpdateAsync(id, renamed)).Success);
        Assert.Equal(renamed, (await contexts.GetAsync(contextId: id)).Context!.Name);

        foreach (var each in more.Append(id))
        {
            Assert.True(contexts.Delete(each).Success);
        }

        Assert.False((await contexts.GetAsync(contextId: id)).Success);
    }

    [Fact]
    public async Task Files_move_through_presigned_urls_once_each_and_a_context_clears()
    {
        var contexts = fixture.Client.Contexts;
        var id = (await contexts.CreateAsync(UniqueName("urls"))).ContextId!;
        try
        {
            using var http = new HttpClient();
            var upload = await contexts.GetFileUploadUrlAsync(id, "/data/b.bin");
            Assert.True(upload.Success, upload.ErrorMessage);
            Assert.True(upload.ExpireTime > DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            var bytes = Enumerable.Range(0, 70_000).Select(i => (byte)i).ToArray();
            using (var put = await http.PutAsync(upload.Url, new ByteArrayContent(bytes)))
            {
                Assert.True(put.IsSuccessStatusCode, put.StatusCode.ToString());
            }

            using (var again = await http.PutAsync(upload.Url, new ByteArrayContent(bytes)))
            {
                Assert.False(again.IsSuccessStatusCode); // single use
            }

            var download = contexts.GetFileDownloadUrl(id, "/data/b.bin");
            Assert.True(download.Success, download.ErrorMessage);
            Assert.Equal(bytes, await http.GetByteArrayAsync(download.Url));

            Assert.True((await contexts.DeleteFileAsync(id, "/data/b.bin")).Success);
            Assert.False((await contexts.GetFileDownloadUrlAsync(id, "/data/b.bin")).Success);

            await contexts.GetFileUploadUrlAsync(id, "/c.txt");
            var cleared = await contexts.ClearAsync(id, pollInterval: EmulatorFixture.FastPoll);
            Assert.True(cleared.Success, cleared.ErrorMessage);
            Assert.Empty((await contexts.ListFilesAsync(id)).Entries);
        }
        finally
        {
            await contexts.DeleteAsync(id);
        }
    }

    [Fact]
    public async Task A_sync_of_a_path_that_does_not_exist_fails_with_the_reason_and_the_context_keeps_its_files()
    {
        var contexts = fixture.Client.Contexts;
        var id = (await contexts.CreateAsync(UniqueName("bad"))).ContextId!;
        try
        {
            await using var lease = await fixture.CreateSessionAsync();
            Assert.True((await lease.Tools.ShellAsync("mkdir -p work && printf kept > work/k.txt")).Success);
            var good = await lease.Session.Context.SyncAsync(id, Work, "upload", pollInterval: EmulatorFixture.FastPoll);
            Assert.True(good.Success, good.ErrorMessage);

            var sync = await lease.Session.Context.SyncAsync(id, "/home/user/nowhere", "upload", pollInterval: EmulatorFixture.FastPoll);
            Assert.False(sync.Success);
            // The failed task's own message explains it.
            Assert.StartsWith("status 'Failed': ", sync.ErrorMessage);
            Assert.Contains("/home/user/nowhere", sync.ErrorMessage);

            var unknown = await lease.Session.Context.SyncAsync("ctx-none", Work, pollInterval: EmulatorFixture.FastPoll);
            Assert.False(unknown.Success);
            Assert.Contains("NotFound", unknown.ErrorMessage);

            Assert.Throws<ArgumentOutOfRangeException>(() => lease.Session.Context.Sync(id, Work, "sideways"));

            // The failed syncs lost nothing the context had.
            var files = await contexts.ListFilesAsync(id);
            Assert.Contains(files.Entries, f => f.FileName == "k.txt" && f.Size == 4);
        }
        finally
        {
            await contexts.DeleteAsync(id);
        }
    }
}
