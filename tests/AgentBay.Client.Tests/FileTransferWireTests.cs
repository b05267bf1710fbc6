using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using AgentBay;
using AgentBay.Runtime;
using Xunit;

namespace AgentBay.Client.Tests;

/// <summary>
/// What session.Files sends, request by request, against the stub (docs/contexts.md §1, "File transfer"): the
/// transfer context looked up once, the presigned URL used without the key, the sync and its poll on the right task.
/// </summary>
public sealed class FileTransferWireTests
{
    private const string TransferContext = """[{"ContextId":"ctx-ft","ContextPath":"/tmp/file-transfer","ContextType":"file_transfer"}]""";

    private static (StubService Stub, Session Session) Start()
    {
        var stub = new StubService();
        var client = stub.CreateClient();
        return (stub, new Session(client.Transport, "s-1"));
    }

    /// <summary>GetContextInfo's Data: ContextStatus is a JSON string of [{type:data, data:"&lt;JSON string of tasks&gt;"}].</summary>
    private static string Tasks(string path, string taskType, string status, string error = "")
    {
        var inner = JsonSerializer.Serialize(new[] { new { contextId = "ctx-ft", path, status, taskType, errorMessage = error, startTime = 1, finishTime = 2 } });
        var outer = JsonSerializer.Serialize(new[] { new { type = "data", data = inner } });
        return StubService.Ok(JsonSerializer.Serialize(new { ContextStatus = outer }));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_upload_puts_the_bytes_without_the_key_then_syncs_them_into_the_session_and_waits_for_that_task(bool async)
    {
        var (stub, session) = Start();
        stub.Reply("GetAndLoadInternalContext", StubService.Ok(TransferContext))
            .Reply("GetContextFileUploadUrl", StubService.Ok("""{"Url":"https://oss.test/put/one?sig=s3cr3t","ExpireTime":1}"""))
            .Reply("SyncContext", StubService.Ok())
            .Reply("GetContextInfo", Tasks("/tmp/a.bin", "download", "Success"));
        var bytes = new byte[200_000];
        Random.Shared.NextBytes(bytes);

        var result = async
            ? await session.Files.UploadAsync(new MemoryStream(bytes), "/tmp/a.bin")
            : session.Files.Upload(new MemoryStream(bytes), "/tmp/a.bin");

        Assert.True(result.Success, result.ErrorMessage);
        Assert.Equal(("REQ-1", "REQ-1", 200, "\"etag-1\"", 200_000L), (result.RequestId, result.SyncRequestId, result.HttpStatus, result.ETag, result.BytesSent));
        Assert.Equal(["GetAndLoadInternalContext", "GetContextFileUploadUrl", "SyncContext", "GetContextInfo"], stub.Requests.Select(r => r.Action));
        Assert.All(stub.Requests, r => Assert.Equal(!async, r.Synchronous));
        var lookup = stub.Last("GetAndLoadInternalContext");
        Assert.Equal(("s-1", "file_transfer"), (lookup.Form["SessionId"], lookup.Form["ContextTypes.1"]));
        var url = stub.Last("GetContextFileUploadUrl");
        Assert.Equal(("ctx-ft", "/tmp/a.bin"), (url.Form["ContextId"], url.Form["FilePath"]));
        // SyncContext takes the key in the query; into the session is Mode=download.
        var sync = stub.Last("SyncContext");
        Assert.StartsWith("Bearer ", sync.Query["Authorization"], StringComparison.Ordinal);
        Assert.Equal(("s-1", "ctx-ft", "/tmp/a.bin", "download"), (sync.Form["SessionId"], sync.Form["ContextId"], sync.Form["Path"], sync.Form["Mode"]));
        var poll = stub.Last("GetContextInfo");
        Assert.Equal(("ctx-ft", "/tmp/a.bin", "download"), (poll.Form["ContextId"], poll.Form["Path"], poll.Form["TaskType"]));

        var put = Assert.Single(stub.Transfers);
        Assert.Equal("PUT", put.Method);
        Assert.Equal(bytes, put.Body);
        Assert.DoesNotContain(put.Headers, h => h.Contains(StubService.ApiKey, StringComparison.Ordinal) || h.StartsWith("Authorization", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(StubService.ApiKey, put.Url.ToString(), StringComparison.Ordinal);

        // The transfer context is looked up once per session.
        Assert.True((await session.Files.UploadAsync(new MemoryStream([1]), "/tmp/a.bin")).Success);
        Assert.Single(stub.Requests, r => r.Action == "GetAndLoadInternalContext");
    }

    [Fact]
    public async Task A_refused_put_fails_with_its_status_and_nothing_is_synced()
    {
        var (stub, session) = Start();
        stub.Reply("GetAndLoadInternalContext", StubService.Ok(TransferContext))
            .Reply("GetContextFileUploadUrl", StubService.Ok("""{"Url":"https://oss.test/put/one","ExpireTime":1}"""));
        stub.Storage = (HttpStatusCode.Forbidden, []);

        var result = await session.Files.UploadAsync(new MemoryStream([1, 2]), "/tmp/a.bin");

        Assert.False(result.Success);
        Assert.Equal(403, result.HttpStatus);
        Assert.Contains("HTTP 403", result.ErrorMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(stub.Requests, r => r.Action == "SyncContext");
    }

    [Fact]
    public async Task A_failed_sync_task_fails_the_upload_with_the_tasks_reason()
    {
        var (stub, session) = Start();
        stub.Reply("GetAndLoadInternalContext", StubService.Ok(TransferContext))
            .Reply("GetContextFileUploadUrl", StubService.Ok("""{"Url":"https://oss.test/put/one","ExpireTime":1}"""))
            .Reply("SyncContext", StubService.Ok())
            .Reply("GetContextInfo", Tasks("/tmp/a.bin", "download", "Failed", "disk full"));

        var result = await session.Files.UploadAsync(new MemoryStream([1]), "/tmp/a.bin");

        Assert.False(result.Success);
        Assert.Contains("disk full", result.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(200, result.HttpStatus);
    }

    [Fact]
    public async Task A_session_without_a_transfer_context_says_so()
    {
        var (stub, session) = Start();
        stub.Reply("GetAndLoadInternalContext", StubService.Ok("[]"));

        var result = await session.Files.DownloadAsync("/tmp/a.bin", new MemoryStream());

        Assert.False(result.Success);
        Assert.Contains("has no file_transfer context", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_download_syncs_the_file_out_of_the_session_first_then_streams_the_url_into_the_destination(bool async)
    {
        var (stub, session) = Start();
        stub.Reply("GetAndLoadInternalContext", StubService.Ok(TransferContext))
            .Reply("SyncContext", StubService.Ok())
            .Reply("GetContextInfo", Tasks("/home/user/r.bin", "upload", "Success"))
            .Reply("GetContextFileDownloadUrl", StubService.Ok("""{"Url":"https://oss.test/get/one","ExpireTime":1}"""));
        stub.Storage = (HttpStatusCode.OK, [5, 6, 7]);
        using var destination = new MemoryStream();

        var result = async
            ? await session.Files.DownloadAsync("/home/user/r.bin", destination)
            : session.Files.Download("/home/user/r.bin", destination);

        Assert.True(result.Success, result.ErrorMessage);
        Assert.Equal(3, result.BytesReceived);
        Assert.Equal(new byte[] { 5, 6, 7 }, destination.ToArray());
        Assert.Equal(["GetAndLoadInternalContext", "SyncContext", "GetContextInfo", "GetContextFileDownloadUrl"], stub.Requests.Select(r => r.Action));
        Assert.Equal("upload", stub.Last("SyncContext").Form["Mode"]);
        Assert.Equal("upload", stub.Last("GetContextInfo").Form["TaskType"]);
        Assert.Equal("GET", Assert.Single(stub.Transfers).Method);
    }

    [Fact]
    public async Task A_watch_reads_the_change_list_and_a_malformed_one_is_an_error_naming_the_path()
    {
        var (stub, session) = Start();
        stub.Reply("CallMcpTool", StubService.Tool("""[{"eventType":"create","path":"/tmp/w/a","pathType":"file"},{"event_type":"delete","path":"/tmp/w/b","path_type":"directory"}]"""))
            .Reply("CallMcpTool", StubService.Tool("not json"));

        await using var changes = session.Files.WatchAsync("/tmp/w", TimeSpan.FromMilliseconds(1)).GetAsyncEnumerator();
        Assert.True(await changes.MoveNextAsync());
        Assert.Equal(new FileChange("create", "/tmp/w/a", "file"), changes.Current);
        Assert.True(await changes.MoveNextAsync());
        Assert.Equal(new FileChange("delete", "/tmp/w/b", "directory"), changes.Current);
        var call = stub.Last("CallMcpTool");
        Assert.Equal(("get_file_change", "wuying_filesystem", """{"path":"/tmp/w"}"""), (call.Form["Name"], call.Form["Server"], call.Form["Args"]));

        var malformed = await Assert.ThrowsAsync<SessionException>(async () => await changes.MoveNextAsync());
        Assert.Contains("/tmp/w", malformed.Message, StringComparison.Ordinal);
        Assert.Contains("not JSON", malformed.Message, StringComparison.Ordinal);
    }
}
