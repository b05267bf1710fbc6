using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using AgentBay.Emulator.Tests.Infrastructure;
using AgentBay.TestSupport;
using Xunit;

namespace AgentBay.Emulator.Tests;

/// <summary>
/// Contexts and the session file system in every sandbox mode: what PersistenceDataList and SyncContext copy is what
/// <c>shell</c> and <c>read_file</c> see, the persistence round trip through a deleted session, the file transfer flow of
/// the SDKs' upload_file / download_file, policies, release-time upload and concurrent syncs (last writer wins per file).
/// </summary>
public sealed class ContextSyncTests
{
    public static TheoryData<SandboxMode> Modes => Sandboxes.Modes();

    [SandboxTheory]
    [MemberData(nameof(Modes))]
    public async Task FilesWrittenInOneSessionComeBackInTheNext(SandboxMode mode)
    {
        await using var test = await TestEmulator.StartAsync(mode);
        var client = test.Client;
        var context = await client.CreateContextAsync("project");

        var first = await client.CreateSessionWithAsync(ContextCalls.Persistence((context, "/home/user/project", null)));
        var made = await client.ShellAsync(first, "mkdir -p /home/user/project/src && echo 'hello from one' > /home/user/project/src/a.txt && printf bin > /home/user/project/b.dat");
        Assert.Equal(0, made.ExitCode);
        await client.SyncOkAsync(first);
        var upload = (await client.TasksAsync(first, taskType: "upload")).Single();
        Assert.Equal((context, "/home/user/project", "Success", ""),
            ((string)upload["contextId"]!, (string)upload["path"]!, (string)upload["status"]!, (string)upload["errorMessage"]!));
        await client.DeleteAndWaitAsync(first);

        Assert.Equal(["b.dat", "src"], await client.FileNamesAsync(context));
        var second = await client.CreateSessionWithAsync(ContextCalls.Persistence((context, "/tmp/restored", null)));
        var download = (await client.TasksAsync(second)).Single();
        Assert.Equal(("download", "Success", "/tmp/restored"), ((string)download["taskType"]!, (string)download["status"]!, (string)download["path"]!));
        Assert.Equal("hello from one\n", (await client.ToolAsync(second, "read_file", new { path = "/tmp/restored/src/a.txt" })).Text);
        Assert.Equal("hello from one\nbin", (await client.ShellAsync(second, "cat /tmp/restored/src/a.txt /tmp/restored/b.dat")).Stdout);
    }

    [SandboxTheory]
    [MemberData(nameof(Modes))]
    public async Task TheSdkFileTransferFlowMovesBytesIntoAndOutOfTheSession(SandboxMode mode)
    {
        await using var test = await TestEmulator.StartAsync(mode);
        var client = test.Client;
        var sessionId = await client.CreateSessionAsync();
        var internalContext = await client.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, client.Url("GetAndLoadInternalContext",
            $"SessionId={sessionId}&ContextTypes.1=file_transfer&Authorization={Uri.EscapeDataString("Bearer " + TestEmulator.Key)}")));
        var body = System.Text.Json.Nodes.JsonNode.Parse(await internalContext.Content.ReadAsStringAsync())!;
        var entry = body["Data"]![0]!;
        var context = (string)entry["ContextId"]!;
        Assert.Equal(("/tmp/file-transfer", "file_transfer"), ((string)entry["ContextPath"]!, (string)entry["ContextType"]!));

        // upload_file: URL for the remote path, PUT, SyncContext(download) of that path, wait for its download task.
        const string remote = "/tmp/file-transfer/in/upload.txt";
        var (url, _) = await client.UrlAsync("GetContextFileUploadUrl", context, remote);
        using (var put = await client.Http.PutAsync(url, new StringContent("uploaded bytes")))
        {
            Assert.Equal(200, (int)put.StatusCode);
        }

        await client.SyncOkAsync(sessionId, context, remote, "download");
        await client.SyncOkAsync(sessionId, context, remote, "download"); // the Python SDK sends it twice
        var task = (await client.TasksAsync(sessionId, context, remote, "download")).Single();
        Assert.Equal((context, remote, "download", "Success", ""),
            ((string)task["contextId"]!, (string)task["path"]!, (string)task["taskType"]!, (string)task["status"]!, (string)task["errorMessage"]!));
        Assert.Equal("uploaded bytes", (await client.ShellAsync(sessionId, "cat " + remote)).Stdout);

        // download_file: SyncContext(upload) of the path, wait for the upload task, download URL, GET.
        const string produced = "/home/user/out/report.txt";
        Assert.Equal(0, (await client.ShellAsync(sessionId, $"mkdir -p /home/user/out && echo 'made in the session' > {produced}")).ExitCode);
        await client.SyncOkAsync(sessionId, context, produced, "upload");
        Assert.Equal("Success", (string)(await client.TasksAsync(sessionId, context, produced, "upload")).Single()["status"]!);
        Assert.Equal("made in the session\n", await client.GetFileAsync(context, produced));

        // A remote file the session does not have: a Failed task with the reason, not an error.
        await client.SyncOkAsync(sessionId, context, "/tmp/file-transfer/missing.txt", "upload");
        var failed = (await client.TasksAsync(sessionId, context, "/tmp/file-transfer/missing.txt", "upload")).Single();
        Assert.Equal("Failed", (string)failed["status"]!);
        Assert.Contains("does not exist", (string)failed["errorMessage"]!, StringComparison.Ordinal);

        // Internal contexts are not listed, and go with their session.
        Assert.DoesNotContain(context, (await client.OkAsync("ListContexts")).Data!.AsArray().Select(c => (string)c!["Id"]!));
        await client.DeleteAndWaitAsync(sessionId);
        ContextCalls.AssertError(await client.CallAsync("GetContext", ("ContextId", context)), "InvalidContext.NotFound");
    }

    [SandboxTheory]
    [MemberData(nameof(Modes))]
    public async Task DownloadModeSubPathsAndSyncsAwayFromTheBinding(SandboxMode mode)
    {
        await using var test = await TestEmulator.StartAsync(mode);
        var client = test.Client;
        var context = await client.CreateContextAsync("modes");
        var sessionId = await client.CreateSessionWithAsync(ContextCalls.Persistence((context, "/home/user/w", null)));
        await client.PutFileAsync(context, "/docs/new.txt", "from outside");
        await client.PutFileAsync(context, "/other.txt", "other");

        // Download of one part only.
        await client.SyncOkAsync(sessionId, context, "/home/user/w/docs", "download");
        Assert.Equal("from outside", (await client.ShellAsync(sessionId, "cat /home/user/w/docs/new.txt")).Stdout);
        Assert.NotEqual(0, (await client.ShellAsync(sessionId, "test -e /home/user/w/other.txt")).ExitCode);

        // Upload of one part: the context's other files stay as they are.
        Assert.Equal(0, (await client.ShellAsync(sessionId, "echo changed > /home/user/w/docs/new.txt; echo local > /home/user/w/local.txt")).ExitCode);
        await client.SyncOkAsync(sessionId, context, "/home/user/w/docs/new.txt");
        Assert.Equal("changed\n", await client.GetFileAsync(context, "/docs/new.txt"));
        Assert.Equal(["docs", "other.txt"], await client.FileNamesAsync(context));

        // A Path away from the binding: the whole context there, for this sync.
        await client.SyncOkAsync(sessionId, context, "/tmp/copy", "download");
        Assert.Equal("changed\nother", (await client.ShellAsync(sessionId, "cat /tmp/copy/docs/new.txt /tmp/copy/other.txt")).Stdout);

        // A Path alone: the binding above it.
        await client.SyncOkAsync(sessionId, path: "/home/user/w/local.txt");
        Assert.Equal("local\n", await client.GetFileAsync(context, "/local.txt"));
    }

    [SandboxTheory]
    [MemberData(nameof(Modes))]
    public async Task ASyncFromAPathTheSessionLacksIsAFailedTask(SandboxMode mode)
    {
        await using var test = await TestEmulator.StartAsync(mode);
        var client = test.Client;
        var context = await client.CreateContextAsync("missing");
        var sessionId = await client.CreateSessionWithAsync(ContextCalls.Persistence((context, "/home/user/m", null)));
        await client.PutFileAsync(context, "/keep.txt", "keep");
        Assert.Equal(0, (await client.ShellAsync(sessionId, "rm -rf /home/user/m")).ExitCode);

        var reply = await client.SyncAsync(sessionId);
        Assert.True(reply.Success, reply.ToString());
        var task = (await client.TasksAsync(sessionId, taskType: "upload")).Single();
        Assert.Equal("Failed", (string)task["status"]!);
        Assert.Contains("/home/user/m does not exist", (string)task["errorMessage"]!, StringComparison.Ordinal);
        Assert.Equal("keep", await client.GetFileAsync(context, "/keep.txt")); // a vanished folder deletes nothing

        await client.SyncOkAsync(sessionId, context, "/home/user/m/absent.txt", "download");
        var download = (await client.TasksAsync(sessionId, context, "/home/user/m/absent.txt", "download")).Single();
        Assert.Equal("Failed", (string)download["status"]!);
        Assert.NotEqual(string.Empty, (string)download["errorMessage"]!);
    }

    [SandboxTheory]
    [MemberData(nameof(Modes))]
    public async Task LinksAreNotCopiedAndNothingIsWrittenThroughThem(SandboxMode mode)
    {
        await using var test = await TestEmulator.StartAsync(mode);
        var client = test.Client;
        var outside = Path.Combine(AppContext.BaseDirectory, "outside-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "secret.txt"), "host secret");
        try
        {
            var context = await client.CreateContextAsync("links");
            var sessionId = await client.CreateSessionWithAsync(ContextCalls.Persistence((context, "/tmp/l", null)));
            var folder = Path.Combine(ContextCalls.HostTmp(test.Emulator, sessionId), "l");
            File.WriteAllText(Path.Combine(folder, "plain.txt"), "plain");
            File.CreateSymbolicLink(Path.Combine(folder, "file-link"), Path.Combine(outside, "secret.txt"));
            Directory.CreateSymbolicLink(Path.Combine(folder, "dir-link"), outside);
            await client.SyncOkAsync(sessionId);
            Assert.Equal(["plain.txt"], await client.FileNamesAsync(context));

            // A context file whose folder is a link out of the session in the receiving session: refused, nothing written.
            await client.PutFileAsync(context, "/dir-link/planted.txt", "planted");
            await client.SyncOkAsync(sessionId, mode: "download");
            var task = (await client.TasksAsync(sessionId, taskType: "download")).Single();
            Assert.Equal("Failed", (string)task["status"]!);
            Assert.Contains("dir-link", (string)task["errorMessage"]!, StringComparison.Ordinal);
            Assert.Equal(["secret.txt"], Directory.GetFiles(outside).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [SandboxTheory]
    [MemberData(nameof(Modes))]
    public async Task LocalDeletionsAreSyncedButOtherSessionsFilesStay(SandboxMode mode)
    {
        await using var test = await TestEmulator.StartAsync(mode);
        var client = test.Client;
        var context = await client.CreateContextAsync("deletions");
        await client.PutFileAsync(context, "/old.txt", "old");
        var a = await client.CreateSessionWithAsync(ContextCalls.Persistence((context, "/home/user/d", null)));
        await client.PutFileAsync(context, "/added-later.txt", "someone else's");
        Assert.Equal(0, (await client.ShellAsync(a, "rm /home/user/d/old.txt && echo new > /home/user/d/new.txt")).ExitCode);
        await client.SyncOkAsync(a);
        Assert.Equal(["added-later.txt", "new.txt"], await client.FileNamesAsync(context));

        // deletePolicy.syncLocalFile false: uploads add and overwrite, never delete.
        var keep = new { deletePolicy = new { syncLocalFile = false } };
        var b = await client.CreateSessionWithAsync(ContextCalls.Persistence((context, "/home/user/d", keep)));
        Assert.Equal(0, (await client.ShellAsync(b, "rm /home/user/d/new.txt")).ExitCode);
        await client.SyncOkAsync(b);
        Assert.Equal(["added-later.txt", "new.txt"], await client.FileNamesAsync(context));
    }

    [SandboxTheory]
    [MemberData(nameof(Modes))]
    public async Task WhiteListsChooseWhatIsUploaded(SandboxMode mode)
    {
        await using var test = await TestEmulator.StartAsync(mode);
        var client = test.Client;
        var context = await client.CreateContextAsync("white");
        var policy = new
        {
            uploadPolicy = new { autoUpload = true, uploadStrategy = "UploadBeforeResourceRelease", uploadMode = "File" },
            bwList = new { whiteLists = new object[] { new { path = "/Default", excludePaths = new[] { "/Default/Cache" } }, new { path = "/Local State", excludePaths = Array.Empty<string>() } } },
        };
        var sessionId = await client.CreateSessionWithAsync(ContextCalls.Persistence((context, "/tmp/browser", policy)));
        Assert.Equal(0, (await client.ShellAsync(sessionId,
            "cd /tmp/browser && mkdir -p Default/Cache Other && echo c > Default/Cookies && echo x > Default/Cache/blob && echo s > 'Local State' && echo o > Other/o")).ExitCode);
        await client.SyncOkAsync(sessionId);
        Assert.Equal(["Default", "Local State"], await client.FileNamesAsync(context));
        Assert.Equal(["Cookies"], await client.FileNamesAsync(context, "/Default"));
    }

    [SandboxTheory]
    [MemberData(nameof(Modes))]
    public async Task DeleteUploadsWhatAutoUploadCoversBeforeTheFolderGoes(SandboxMode mode)
    {
        await using var test = await TestEmulator.StartAsync(mode);
        var client = test.Client;
        var auto = await client.CreateContextAsync("auto");
        var manual = await client.CreateContextAsync("manual");
        var noUpload = new { uploadPolicy = new { autoUpload = false } };
        var sessionId = await client.CreateSessionWithAsync(ContextCalls.Persistence((auto, "/home/user/auto", null), (manual, "/home/user/manual", noUpload)));
        Assert.Equal(0, (await client.ShellAsync(sessionId, "echo a > /home/user/auto/a.txt; echo m > /home/user/manual/m.txt")).ExitCode);
        await client.DeleteAndWaitAsync(sessionId);
        Assert.Equal("a\n", await client.GetFileAsync(auto, "/a.txt"));
        Assert.Empty(await client.FileNamesAsync(manual));

        // ReleaseMcpSession (SDK 0.12): uploaded before the call returns.
        var released = await client.CreateSessionWithAsync(ContextCalls.Persistence((auto, "/tmp/auto", null)));
        Assert.Equal(0, (await client.ShellAsync(released, "echo r > /tmp/auto/r.txt")).ExitCode);
        await client.OkAsync("ReleaseMcpSession", ("SessionId", released));
        Assert.Equal("r\n", await client.GetFileAsync(auto, "/r.txt"));
        Assert.False(Directory.Exists(Path.Combine(test.Emulator.WorkDirectory, "sessions", released)));
    }

    [SandboxTheory]
    [MemberData(nameof(Modes))]
    public async Task ConcurrentSyncsOfOneContextAreAtomicAndTheLastWriterWins(SandboxMode mode)
    {
        await using var test = await TestEmulator.StartAsync(mode);
        var client = test.Client;
        var context = await client.CreateContextAsync("shared");
        var a = await client.CreateSessionWithAsync(ContextCalls.Persistence((context, "/home/user/s", null)));
        var b = await client.CreateSessionWithAsync(ContextCalls.Persistence((context, "/home/user/s", null)));
        var big = new string('a', 300_000);
        var other = new string('b', 300_000);
        await client.ToolAsync(a, "write_file", new { path = "/home/user/s/common.txt", content = big });
        await client.ToolAsync(a, "write_file", new { path = "/home/user/s/only-a.txt", content = "a" });
        await client.ToolAsync(b, "write_file", new { path = "/home/user/s/common.txt", content = other });
        await client.ToolAsync(b, "write_file", new { path = "/home/user/s/only-b.txt", content = "b" });

        for (var round = 0; round < 5; round++)
        {
            var replies = await Task.WhenAll(client.SyncAsync(a), client.SyncAsync(b), client.SyncAsync(a, mode: "download"), client.SyncAsync(b, mode: "download"));
            Assert.All(replies, r => Assert.True(r.Success, r.ToString()));
            var common = await client.GetFileAsync(context, "/common.txt");
            Assert.True(common == big || common == other, "a sync left a mix of two versions");
            Assert.Equal(["common.txt", "only-a.txt", "only-b.txt"], await client.FileNamesAsync(context));
        }

        // One after the other: the later upload's version is the one kept.
        await client.ToolAsync(a, "write_file", new { path = "/home/user/s/common.txt", content = "a wrote last?" });
        await client.ToolAsync(b, "write_file", new { path = "/home/user/s/common.txt", content = "b wrote last" });
        await client.SyncOkAsync(a);
        await client.SyncOkAsync(b);
        Assert.Equal("b wrote last", await client.GetFileAsync(context, "/common.txt"));
    }
}
