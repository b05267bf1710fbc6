using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AgentBay.Emulator.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace AgentBay.Emulator.Tests;

/// <summary>
/// The context actions of docs/contexts.md that need no session file system: contexts, their files, the presigned URLs
/// (single use, expiry on a fake clock, scope) and the refusals of bad input. Two API keys, to check owners are apart.
/// </summary>
public sealed class ContextActionTests : EmulatorTestBase
{
    private const string OtherKey = "akm-other-key-9876543210";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    protected override EmulatorOptions Options => new()
    {
        ApiKeys = [TestEmulator.Key, OtherKey],
        DeleteDelay = TimeSpan.FromMilliseconds(100),
        TimeProvider = _clock,
    };

    private EmulatorClient Other => new(Client.Http, Emulator.Endpoint, OtherKey);

    [Fact]
    public async Task GetContextFindsByNameOrIdAndCreatesOnlyWhenAllowed()
    {
        ContextCalls.AssertError(await Client.CallAsync("GetContext", ("Name", "ctx-a"), ("AllowCreate", "False")), "InvalidContext.NotFound");

        var created = await Client.OkAsync("GetContext", ("Name", "ctx-a"), ("AllowCreate", "True"), ("LoginRegionId", "cn-shanghai"));
        Assert.Equal(["Id", "Name", "State", "CreateTime", "LastUsedTime", "OsType"], created.Data!.AsObject().Select(p => p.Key));
        var id = (string)created.Data!["Id"]!;
        Assert.Matches("^SdkCtx-[a-z0-9]{17}$", id);
        Assert.Equal(("ctx-a", "available", "2026-03-01T12:00:00Z", "linux"),
            ((string)created.Data["Name"]!, (string)created.Data["State"]!, (string)created.Data["CreateTime"]!, (string)created.Data["OsType"]!));

        Assert.Equal(id, (string)(await Client.OkAsync("GetContext", ("Name", "ctx-a"), ("AllowCreate", "true"))).Data!["Id"]!);
        Assert.Equal(id, (string)(await Client.OkAsync("GetContext", ("Name", "ctx-a"))).Data!["Id"]!);
        Assert.Equal("ctx-a", (string)(await Client.OkAsync("GetContext", ("ContextId", id))).Data!["Name"]!);
        ContextCalls.AssertError(await Client.CallAsync("GetContext", ("ContextId", "SdkCtx-0000000000000000a")), "InvalidContext.NotFound");
        ContextCalls.AssertError(await Client.CallAsync("GetContext", ("ContextId", "../../etc")), "InvalidContext.NotFound");
        ContextCalls.AssertError(await Client.CallAsync("GetContext", ("Name", "bad\u0001name"), ("AllowCreate", "true")), "InvalidParameter");

        // Another key neither sees it by id or name nor gets it by creating the same name: it gets its own.
        ContextCalls.AssertError(await Other.CallAsync("GetContext", ("ContextId", id)), "InvalidContext.NotFound");
        var theirs = (string)(await Other.OkAsync("GetContext", ("Name", "ctx-a"), ("AllowCreate", "true"))).Data!["Id"]!;
        Assert.NotEqual(id, theirs);
    }

    [Fact]
    public async Task ListContextsPagesThroughNextToken()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await Client.CreateContextAsync($"list-{i}"));
        }

        await Other.CreateContextAsync("not-mine");
        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var form = new List<(string, string)> { ("MaxResults", "2") };
            if (token is not null)
            {
                form.Add(("NextToken", token));
            }

            var page = await Client.OkAsync("ListContexts", [.. form]);
            Assert.Equal(5, (int)page.Body["TotalCount"]!);
            Assert.Equal(2, (int)page.Body["MaxResults"]!);
            seen.AddRange(page.Data!.AsArray().Select(c => (string)c!["Id"]!));
            token = (string?)page.Body["NextToken"];
            pages++;
        }
        while (!string.IsNullOrEmpty(token));

        Assert.Equal(3, pages);
        Assert.Equal(ids, seen);
        Assert.Equal(10, (int)(await Client.OkAsync("ListContexts")).Body["MaxResults"]!);
        ContextCalls.AssertError(await Client.CallAsync("ListContexts", ("NextToken", "bogus")), "InvalidParameter");
        ContextCalls.AssertError(await Client.CallAsync("ListContexts", ("MaxResults", "0")), "InvalidParameter");
    }

    [Fact]
    public async Task ModifyRenamesDeleteRemovesAndClearEmpties()
    {
        var a = await Client.CreateContextAsync("a");
        var b = await Client.CreateContextAsync("b");
        await Client.OkAsync("ModifyContext", ("Id", a), ("Name", "a2"));
        Assert.Equal("a2", (string)(await Client.OkAsync("GetContext", ("ContextId", a))).Data!["Name"]!);
        ContextCalls.AssertError(await Client.CallAsync("ModifyContext", ("Id", a), ("Name", "b")), "InvalidContext.NameExists");
        ContextCalls.AssertError(await Other.CallAsync("ModifyContext", ("Id", a), ("Name", "stolen")), "InvalidContext.NotFound");

        await Client.PutFileAsync(b, "/x/one.txt", "1");
        await Client.PutFileAsync(b, "/two.txt", "2");
        await Client.OkAsync("ClearContext", ("Id", b));
        Assert.Equal("available", (string)(await Client.OkAsync("GetContext", ("ContextId", b), ("AllowCreate", "false"))).Data!["State"]!);
        Assert.Empty(await Client.FileNamesAsync(b));

        ContextCalls.AssertError(await Other.CallAsync("DeleteContext", ("Id", a)), "InvalidContext.NotFound");
        await Client.OkAsync("DeleteContext", ("Id", a));
        ContextCalls.AssertError(await Client.CallAsync("GetContext", ("ContextId", a)), "InvalidContext.NotFound");
        ContextCalls.AssertError(await Client.CallAsync("DeleteContext", ("Id", a)), "InvalidContext.NotFound");
        Assert.Equal("b", (string)(await Client.OkAsync("GetContext", ("Name", "b"))).Data!["Name"]!);
    }

    [Fact]
    public async Task DeletingAContextInUseIsRefusedUntilTheSessionIsGone()
    {
        var context = await Client.CreateContextAsync("busy");
        var sessionId = await Client.CreateSessionWithAsync(ContextCalls.Persistence((context, "/home/user/busy", null)));
        Assert.Equal("in-use", (string)(await Client.OkAsync("GetContext", ("ContextId", context))).Data!["State"]!);
        var refused = await Client.CallAsync("DeleteContext", ("Id", context));
        ContextCalls.AssertError(refused, "InvalidContext.InUse");
        Assert.Contains(sessionId, (string)refused.Body["Message"]!, StringComparison.Ordinal);

        await Client.DeleteAndWaitAsync(sessionId);
        await Client.OkAsync("DeleteContext", ("Id", context));
    }

    [Fact]
    public async Task DescribeContextFilesListsOneFolderWithPages()
    {
        var context = await Client.CreateContextAsync("files");
        await Client.PutFileAsync(context, "/top.txt", "12345");
        foreach (var name in new[] { "c.txt", "a.txt", "b.txt" })
        {
            await Client.PutFileAsync(context, "/docs/" + name, name);
        }

        var root = await Client.OkAsync("DescribeContextFiles", ("ContextId", context), ("ParentFolderPath", "/"), ("PageNumber", "1"), ("PageSize", "50"));
        Assert.Equal(2, (int)root.Body["Count"]!);
        var entries = root.Data!.AsArray().Select(e => e!.AsObject()).ToList();
        Assert.Equal(["docs", "top.txt"], entries.Select(e => (string)e["FileName"]!));
        Assert.Equal(["FileId", "FileName", "FilePath", "FileType", "GmtCreate", "GmtModified", "Size", "Status"], entries[1].Select(p => p.Key));
        Assert.Equal(("/top.txt", "file", 5L), ((string)entries[1]["FilePath"]!, (string)entries[1]["FileType"]!, (long)entries[1]["Size"]!));
        Assert.Equal(("/docs", "folder"), ((string)entries[0]["FilePath"]!, (string)entries[0]["FileType"]!));

        var second = await Client.OkAsync("DescribeContextFiles", ("ContextId", context), ("ParentFolderPath", "/docs"), ("PageNumber", "2"), ("PageSize", "1"));
        Assert.Equal(("b.txt", 3), ((string)second.Data![0]!["FileName"]!, (int)second.Body["Count"]!));

        var names = new List<string>();
        string? token = null;
        do
        {
            var form = new List<(string, string)> { ("ContextId", context), ("ParentFolderPath", "/docs/"), ("MaxResults", "2") };
            if (token is not null)
            {
                form.Add(("NextToken", token));
            }

            var page = await Client.OkAsync("DescribeContextFiles", [.. form]);
            names.AddRange(page.Data!.AsArray().Select(e => (string)e!["FileName"]!));
            token = (string?)page.Body["NextToken"];
        }
        while (!string.IsNullOrEmpty(token));

        Assert.Equal(["a.txt", "b.txt", "c.txt"], names);
        Assert.Empty(await Client.FileNamesAsync(context, "/nowhere"));
        ContextCalls.AssertError(await Client.CallAsync("DescribeContextFiles", ("ContextId", context), ("ParentFolderPath", "/../etc")), "InvalidParameter.Path");
        ContextCalls.AssertError(await Other.CallAsync("DescribeContextFiles", ("ContextId", context), ("ParentFolderPath", "/")), "InvalidContext.NotFound");
    }

    [Fact]
    public async Task UploadAndDownloadUrlsMoveTheBytesOnce()
    {
        var context = await Client.CreateContextAsync("urls");
        var (upload, expire) = await Client.UrlAsync("GetContextFileUploadUrl", context, "/dir/data.bin");
        Assert.StartsWith(Emulator.Endpoint + "/context-files/", upload, StringComparison.Ordinal);
        Assert.Equal(_clock.GetUtcNow().AddMinutes(30).ToUnixTimeSeconds(), expire);

        var bytes = Enumerable.Range(0, 70_000).Select(i => (byte)(i * 31)).ToArray();
        using (var wrongMethod = await Client.Http.GetAsync(upload))
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        }

        using (var put = await Client.Http.PutAsync(upload, new ByteArrayContent(bytes)))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            Assert.Equal("\"" + Convert.ToHexString(System.Security.Cryptography.MD5.HashData(bytes)) + "\"", put.Headers.ETag?.Tag);
        }

        using (var again = await Client.Http.PutAsync(upload, new ByteArrayContent([1, 2, 3])))
        {
            Assert.Equal(HttpStatusCode.Forbidden, again.StatusCode);
            Assert.Contains("AccessDenied.UrlUsed", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var (download, _) = await Client.UrlAsync("GetContextFileDownloadUrl", context, "dir/data.bin");
        Assert.Equal(bytes, await Client.Http.GetByteArrayAsync(download));
        using (var twice = await Client.Http.GetAsync(download))
        {
            Assert.Equal(HttpStatusCode.Forbidden, twice.StatusCode);
        }

        using (var unknown = await Client.Http.GetAsync(Emulator.Endpoint + "/context-files/not-a-token"))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        ContextCalls.AssertError(await Client.CallAsync("GetContextFileDownloadUrl", ("ContextId", context), ("FilePath", "/dir/none.bin")), "InvalidContextFile.NotFound");
        ContextCalls.AssertError(await Other.CallAsync("GetContextFileUploadUrl", ("ContextId", context), ("FilePath", "/x")), "InvalidContext.NotFound");
    }

    [Fact]
    public async Task UrlsExpireOnTheEmulatorsClock()
    {
        var context = await Client.CreateContextAsync("expiry");
        var (late, _) = await Client.UrlAsync("GetContextFileUploadUrl", context, "/late.txt");
        var (inTime, _) = await Client.UrlAsync("GetContextFileUploadUrl", context, "/in-time.txt");
        _clock.Advance(TimeSpan.FromMinutes(29));
        using (var ok = await Client.Http.PutAsync(inTime, new StringContent("made it")))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        _clock.Advance(TimeSpan.FromMinutes(1));
        using (var expired = await Client.Http.PutAsync(late, new StringContent("too late")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
            Assert.Contains("AccessDenied.UrlExpired", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(["in-time.txt"], await Client.FileNamesAsync(context));
    }

    [Fact]
    public async Task AUrlReachesExactlyItsOwnContextAndFile()
    {
        var mine = await Client.CreateContextAsync("scope-a");
        var other = await Client.CreateContextAsync("scope-b");
        var theirs = await Other.CreateContextAsync("scope-a");
        await Client.PutFileAsync(other, "/secret.txt", "b's secret");
        await Other.PutFileAsync(theirs, "/secret.txt", "other key's secret");

        await Client.PutFileAsync(mine, "/secret.txt", "mine");
        Assert.Equal("b's secret", await Client.GetFileAsync(other, "/secret.txt"));
        Assert.Equal("other key's secret", await Other.GetFileAsync(theirs, "/secret.txt"));
        Assert.Equal("mine", await Client.GetFileAsync(mine, "/secret.txt"));

        // The token carries nothing a client can edit: another path appended to it is simply not a URL of the emulator.
        var (url, _) = await Client.UrlAsync("GetContextFileDownloadUrl", mine, "/secret.txt");
        using (var edited = await Client.Http.GetAsync(url + "/../" + other))
        {
            Assert.Equal(HttpStatusCode.NotFound, edited.StatusCode);
        }

        Assert.Equal("mine", await Client.Http.GetStringAsync(url));
    }

    [Fact]
    public async Task UploadsThatWouldBreakTheTreeAreConflicts()
    {
        var context = await Client.CreateContextAsync("tree");
        await Client.PutFileAsync(context, "/a/file.txt", "x");
        var (underFile, _) = await Client.UrlAsync("GetContextFileUploadUrl", context, "/a/file.txt/inner.txt");
        using (var conflict = await Client.Http.PutAsync(underFile, new StringContent("y")))
        {
            Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
            Assert.Contains("InvalidContextFile.Conflict", await conflict.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var (onFolder, _) = await Client.UrlAsync("GetContextFileUploadUrl", context, "/a");
        using (var folder = await Client.Http.PutAsync(onFolder, new StringContent("y")))
        {
            Assert.Equal(HttpStatusCode.Conflict, folder.StatusCode);
        }

        Assert.Equal("x", await Client.GetFileAsync(context, "/a/file.txt"));
    }

    [Fact]
    public async Task DeleteContextFileRemovesFilesAndEmptyFolders()
    {
        var context = await Client.CreateContextAsync("delete-files");
        await Client.PutFileAsync(context, "/keep.txt", "k");
        await Client.PutFileAsync(context, "/deep/down/gone.txt", "g");
        await Client.OkAsync("DeleteContextFile", ("ContextId", context), ("FilePath", "/deep/down/gone.txt"));
        Assert.Equal(["keep.txt"], await Client.FileNamesAsync(context));
        ContextCalls.AssertError(await Client.CallAsync("DeleteContextFile", ("ContextId", context), ("FilePath", "/deep/down/gone.txt")), "InvalidContextFile.NotFound");
        ContextCalls.AssertError(await Client.CallAsync("DeleteContextFile", ("ContextId", context), ("FilePath", "/")), "InvalidParameter.Path");
        ContextCalls.AssertError(await Other.CallAsync("DeleteContextFile", ("ContextId", context), ("FilePath", "/keep.txt")), "InvalidContext.NotFound");
        Assert.Equal(["keep.txt"], await Client.FileNamesAsync(context));
    }

    [Theory]
    [InlineData("/../etc/passwd")]
    [InlineData("/a/../../etc/passwd")]
    [InlineData("..")]
    [InlineData("/a/%2e%2e/%2e%2e/etc")]
    [InlineData("/a/%252e%252e/etc")]
    [InlineData("/a\\..\\..\\etc")]
    [InlineData("/a/\0/b")]
    [InlineData("")]
    public async Task ContextFilePathsThatCouldEscapeAreRefused(string path)
    {
        var context = await Client.CreateContextAsync("paths");
        foreach (var action in new[] { "GetContextFileUploadUrl", "GetContextFileDownloadUrl", "DeleteContextFile" })
        {
            var response = await Client.CallAsync(action, ("ContextId", context), ("FilePath", path));
            if (path.Length == 0)
            {
                Assert.Equal("MissingParameter", response.Code);
            }
            else if (path.Contains('\0'))
            {
                // The form reader refuses a NUL before any action sees it (a NUL inside JSON reaches the checks: below).
                Assert.Equal((HttpStatusCode.BadRequest, "InvalidParameter"), (response.Status, response.Code));
            }
            else
            {
                ContextCalls.AssertError(response, "InvalidParameter.Path");
            }
        }
    }

    [Fact]
    public async Task SessionPathsOutsideTheSessionAreRefusedAndLeaveNoSession()
    {
        var context = await Client.CreateContextAsync("outside");
        foreach (var path in new[] { "/etc/agentbay", "/tmp/../etc", "/home/user/%2e%2e/%2e%2e/etc", "relative/path", "/home/wuying/x", "/tmp/a\0b" })
        {
            ContextCalls.AssertError(await Client.CreateWithAsync(ContextCalls.Persistence((context, path, null))), "InvalidParameter.Path");
        }

        ContextCalls.AssertError(await Client.CreateWithAsync(ContextCalls.Persistence(("SdkCtx-0000000000000000a", "/tmp/x", null))), "InvalidContext.NotFound");
        var theirs = await Other.CreateContextAsync("theirs");
        ContextCalls.AssertError(await Client.CreateWithAsync(ContextCalls.Persistence((theirs, "/tmp/x", null))), "InvalidContext.NotFound");
        ContextCalls.AssertError(await Client.CreateWithAsync(ContextCalls.Persistence((context, "/tmp/x", null), (context, "/tmp/x/y", null))), "InvalidParameter.Path");
        ContextCalls.AssertError(await Client.CreateWithAsync(ContextCalls.Persistence((context, "/tmp/x", "{not json"))), "InvalidParameter");
        ContextCalls.AssertError(await Client.CreateWithAsync("{\"ContextId\":\"x\"}"), "InvalidParameter");
        Assert.Equal(0, Emulator.SessionCount);
        Assert.Equal(0, (int)(await Client.OkAsync("ListSession")).Body["TotalCount"]!);

        var sessionId = await Client.CreateSessionWithAsync(ContextCalls.Persistence((context, "/tmp/ok", null)));
        ContextCalls.AssertError(await Client.SyncAsync(sessionId, context, "/tmp/../etc"), "InvalidParameter.Path");
        ContextCalls.AssertError(await Client.SyncAsync(sessionId, context, "/etc"), "InvalidParameter.Path");
        ContextCalls.AssertError(await Client.SyncAsync(sessionId, context, "/tmp/ok", "sideways"), "InvalidParameter");
        ContextCalls.AssertError(await Client.SyncAsync(sessionId, "SdkCtx-0000000000000000a"), "InvalidContext.NotFound");
        ContextCalls.AssertError(await Client.SyncAsync(sessionId, theirs), "InvalidContext.NotFound");
        ContextCalls.AssertError(await Client.SyncAsync(sessionId, path: "/home/user/unbound"), "InvalidParameter");
        var otherSession = await Other.CallAsync("SyncContext", [new("SessionId", sessionId)], authorization: string.Empty,
            extraQuery: "Authorization=" + Uri.EscapeDataString("Bearer " + OtherKey));
        Assert.Equal("InvalidMcpSession.NotFound", otherSession.Code);
    }

    [Fact]
    public async Task GetContextInfoReportsTheTasksInTheNestedStringFormat()
    {
        var context = await Client.CreateContextAsync("info");
        var sessionId = await Client.CreateSessionWithAsync(ContextCalls.Persistence((context, "/home/user/info", null)));
        var raw = await Client.OkAsync("GetContextInfo", ("SessionId", sessionId));
        var outer = JsonNode.Parse((string)raw.Data!["ContextStatus"]!)!.AsArray();
        Assert.Equal("data", (string)outer.Single()!["type"]!);
        var task = JsonNode.Parse((string)outer[0]!["data"]!)!.AsArray().Single()!.AsObject();
        Assert.Equal(["contextId", "path", "status", "taskType", "errorMessage", "startTime", "finishTime"], task.Select(p => p.Key));
        Assert.Equal((context, "/home/user/info", "Success", "download", ""),
            ((string)task["contextId"]!, (string)task["path"]!, (string)task["status"]!, (string)task["taskType"]!, (string)task["errorMessage"]!));
        Assert.Equal(_clock.GetUtcNow().ToUnixTimeSeconds(), (long)task["finishTime"]!);

        await Client.SyncOkAsync(sessionId);
        Assert.Equal(["download", "upload"], (await Client.TasksAsync(sessionId)).Select(t => (string)t["taskType"]!));
        Assert.Single(await Client.TasksAsync(sessionId, taskType: "upload"));
        Assert.Equal(2, (await Client.TasksAsync(sessionId, context, "/home/user/info")).Count);
        Assert.Empty(await Client.TasksAsync(sessionId, context, "/home/user/elsewhere"));

        var plain = await Client.CreateSessionAsync();
        Assert.Empty(await Client.TasksAsync(plain));
        await Client.SyncOkAsync(plain); // nothing bound: nothing to do, and that is a success
        Assert.Empty(await Client.TasksAsync(plain));
    }

    [Fact]
    public async Task GetSessionListsTheContextsOfTheSession()
    {
        var context = await Client.CreateContextAsync("listed");
        var sessionId = await Client.CreateSessionWithAsync(ContextCalls.Persistence((context, "/tmp/listed", null)));
        var contexts = (await Client.OkAsync("GetSession", ("SessionId", sessionId))).Data!["contexts"]!.AsArray();
        Assert.Equal((context, "listed"), ((string)contexts.Single()!["id"]!, (string)contexts[0]!["name"]!));
        var bySession = await Client.OkAsync("ListContexts", ("SessionId", sessionId));
        Assert.Equal(context, (string)bySession.Data![0]!["Id"]!);
    }

    [Fact]
    public async Task TheFileTransferContextIsOnePerSessionWhateverTheContextTypesEncoding()
    {
        var sessionId = await Client.CreateSessionAsync();
        var flattened = await Client.OkAsync("GetAndLoadInternalContext", ("SessionId", sessionId), ("ContextTypes.1", "file_transfer"));
        var json = await Client.OkAsync("GetAndLoadInternalContext", ("SessionId", sessionId), ("ContextTypes", "[\"file_transfer\"]"));
        var none = await Client.OkAsync("GetAndLoadInternalContext", ("SessionId", sessionId));
        var id = (string)flattened.Data![0]!["ContextId"]!;
        Assert.Equal(id, (string)json.Data![0]!["ContextId"]!);
        Assert.Equal(id, (string)none.Data![0]!["ContextId"]!);
        Assert.Empty((await Client.OkAsync("GetAndLoadInternalContext", ("SessionId", sessionId), ("ContextTypes.1", "other"))).Data!.AsArray());
        Assert.NotEqual(id, (string)(await Client.OkAsync("GetAndLoadInternalContext", ("SessionId", await Client.CreateSessionAsync()))).Data![0]!["ContextId"]!);
        Assert.Equal(id, (string)(await Client.OkAsync("ListContexts", ("ContextType", "file_transfer"))).Data![0]!["Id"]!);
        ContextCalls.AssertError(await Client.CallAsync("DeleteContext", ("Id", id)), "InvalidContext.InUse");
        Assert.Equal("InvalidMcpSession.NotFound", (await Other.CallAsync("GetAndLoadInternalContext", ("SessionId", sessionId))).Code);
    }

    [Fact]
    public async Task ASyncRacingTheReleaseEitherCompletesOrFindsTheSessionGone()
    {
        var context = await Client.CreateContextAsync("race");
        for (var round = 0; round < 5; round++)
        {
            var sessionId = await Client.CreateSessionWithAsync(ContextCalls.Persistence((context, "/home/user/race", new { uploadPolicy = new { autoUpload = false } })));
            var content = new string((char)('a' + round), 2_000_000);
            await Client.ToolAsync(sessionId, "write_file", new { path = "/home/user/race/big.txt", content });
            var sync = Client.SyncAsync(sessionId);
            var release = Client.CallAsync("ReleaseMcpSession", ("SessionId", sessionId));
            var (synced, released) = (await sync, await release);
            Assert.True(released.Success, released.ToString());
            if (synced.Success)
            {
                // The sync ran before the folder went: the context has the whole file.
                Assert.Equal(content, await Client.GetFileAsync(context, "/big.txt"));
            }
            else
            {
                Assert.Equal("InvalidMcpSession.NotFound", synced.Code);
            }

            var stored = await Client.FileNamesAsync(context);
            if (stored.Count > 0)
            {
                var text = await Client.GetFileAsync(context, "/big.txt");
                Assert.True(text.Length == content.Length && text.Distinct().Count() == 1, "a file in the context is never a partial copy");
            }
        }
    }

    [Fact]
    public void TheCommandLineTakesADataFolder()
    {
        var options = Hosting.CommandLine.Parse(["--data", "/var/lib/agentbay"], null);
        Assert.Equal("/var/lib/agentbay", options.DataDirectory);
        Assert.Null(Hosting.CommandLine.Parse([], null).DataDirectory);
        Assert.Contains("--data DIR", Hosting.CommandLine.Usage, StringComparison.Ordinal);
    }
}
