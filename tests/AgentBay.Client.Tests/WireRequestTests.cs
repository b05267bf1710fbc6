using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AgentBay;
using AgentBay.Runtime;
using Xunit;

namespace AgentBay.Client.Tests;

/// <summary>The exact request every operation and tool puts on the wire (reference §1–§4, §9), sync and async.</summary>
public sealed class WireRequestTests
{
    private const string SessionReply = "{\"SessionId\":\"s-1\",\"ResourceUrl\":\"https://r\",\"Status\":\"RUNNING\"}";

    private static (StubService Stub, AgentBayClient Client, Session Session) Create()
    {
        var stub = new StubService();
        var client = stub.CreateClient();
        return (stub, client, new Session(client.Transport, "s-1"));
    }

    private static void AssertForm(RecordedRequest request, params (string Key, string Value)[] expected)
    {
        var form = request.Form.Where(p => p.Key != "Authorization").OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value));
        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), form);
        Assert.Equal("Bearer " + StubService.ApiKey, request.Form["Authorization"]);
    }

    private static void AssertQuery(RecordedRequest request, string action)
    {
        Assert.Equal(action, request.Query["Action"]);
        Assert.Equal("json", request.Query["Format"]);
        Assert.Equal("2025-05-06", request.Query["Version"]);
        Assert.Matches("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$", request.Query["Timestamp"]);
        Assert.Matches("^[0-9a-f]{32}$", request.Query["SignatureNonce"]);
    }

    [Fact]
    public async Task Create_sends_CreateMcpSession_with_params_labels_and_sdk_stats()
    {
        var (stub, client, _) = Create();
        stub.Reply("CreateMcpSession", StubService.Ok(SessionReply));

        var result = await client.CreateAsync(new CreateSessionParams { ImageId = "linux_latest", Labels = new Dictionary<string, string> { ["env"] = "test" } });

        Assert.True(result.Success, result.ErrorMessage);
        Assert.Equal("REQ-1", result.RequestId);
        Assert.Equal("s-1", result.Session!.SessionId);
        var request = stub.Last("CreateMcpSession");
        AssertQuery(request, "CreateMcpSession");
        Assert.Equal("linux_latest", request.Form["ImageId"]);
        // The runtime adds a fresh client token label, so an ambiguous create can be found again instead of repeated.
        Assert.Matches("^\\{\"env\":\"test\",\"agentbay\\.client-token\":\"[0-9a-f]{32}\"\\}$", request.Form["Labels"]);
        Assert.Contains("\"sdk_language\":\"csharp\"", request.Form["SdkStats"]);
        Assert.False(request.Form.ContainsKey("McpPolicyId"));
    }

    [Fact]
    public async Task Create_sends_the_configured_region_as_LoginRegionId()
    {
        var stub = new StubService();
        stub.Reply("CreateMcpSession", StubService.Ok(SessionReply));
        using var client = new AgentBayClient(new AgentBayOptions { ApiKey = StubService.ApiKey, Endpoint = "http://stub.test", RegionId = "cn-hangzhou" }, new System.Net.Http.HttpClient(stub));

        await client.CreateAsync();

        Assert.Equal("cn-hangzhou", stub.Last("CreateMcpSession").Form["LoginRegionId"]);
    }

    [Fact]
    public void Create_without_parameters_works_synchronously_through_HttpClient_Send()
    {
        var (stub, client, _) = Create();
        stub.Reply("CreateMcpSession", StubService.Ok(SessionReply));

        var result = client.Create();

        Assert.True(result.Success);
        Assert.True(stub.Last("CreateMcpSession").Synchronous);
    }

    [Fact]
    public async Task Create_failure_with_Success_false_is_a_result_not_an_exception()
    {
        var (stub, client, _) = Create();
        stub.Reply("CreateMcpSession", "{\"RequestId\":\"R2\",\"Success\":false,\"Code\":\"QuotaExceeded\",\"Message\":\"too many sessions\"}");

        var result = await client.CreateAsync();

        Assert.False(result.Success);
        Assert.Contains("[QuotaExceeded] too many sessions", result.ErrorMessage);
        var error = Assert.Throws<InvalidOperationException>(() => result.Session);
        Assert.Contains("[QuotaExceeded] too many sessions", error.Message);
    }

    [Fact]
    public async Task Create_reply_without_a_session_id_fails_with_the_seed_message()
    {
        var (stub, client, _) = Create();
        stub.Reply("CreateMcpSession", StubService.Ok("{}"));

        var result = await client.CreateAsync();

        Assert.False(result.Success);
        Assert.Equal("SessionId not found in response", result.ErrorMessage);
    }

    [Fact]
    public async Task Get_sends_GetSession_and_reports_not_found_as_a_result()
    {
        var (stub, client, _) = Create();
        stub.Reply("GetSession", "{\"RequestId\":\"R3\",\"Code\":\"InvalidMcpSession.NotFound\",\"Message\":\"session not found\"}", System.Net.HttpStatusCode.BadRequest);

        var result = await client.GetAsync("s-9");

        Assert.False(result.Success);
        Assert.Equal("Session s-9 not found", result.ErrorMessage);
        AssertForm(stub.Last("GetSession"), ("SessionId", "s-9"));
    }

    [Fact]
    public async Task Get_with_an_empty_id_throws_before_any_request()
    {
        var (stub, client, _) = Create();

        await Assert.ThrowsAsync<ArgumentException>(() => client.GetAsync(""));
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task List_sends_labels_max_results_and_reads_the_page()
    {
        var (stub, client, _) = Create();
        stub.Reply("ListSession", StubService.Ok("[{\"SessionId\":\"a\",\"SessionStatus\":\"RUNNING\"},{\"SessionId\":\"b\"}]", ",\"NextToken\":\"t2\",\"MaxResults\":10,\"TotalCount\":12"));

        var result = await client.ListAsync();

        AssertForm(stub.Last("ListSession"), ("Labels", "{}"), ("MaxResults", "10"));
        Assert.True(result.Success);
        Assert.Equal(new[] { "a", "b" }, result.SessionIds.Select(s => s.SessionId));
        Assert.Equal(SessionStatus.Running, result.SessionIds[0].SessionStatus);
        Assert.Null(result.SessionIds[1].SessionStatus);
        Assert.Equal("t2", result.NextToken);
        Assert.Equal(12, result.TotalCount);

        await client.ListAsync(new Dictionary<string, string> { ["k"] = "v" }, SessionStatus.Paused, 5, "t2");
        AssertForm(stub.Last("ListSession"), ("Labels", "{\"k\":\"v\"}"), ("MaxResults", "5"), ("NextToken", "t2"), ("Status", "PAUSED"));
    }

    [Fact]
    public async Task SetLabels_and_GetLabels_use_json_strings()
    {
        var (stub, _, session) = Create();
        stub.Reply("SetLabel", StubService.Ok()).Reply("GetLabel", StubService.Ok("{\"Labels\":\"{\\\"a\\\":\\\"1\\\"}\"}"));

        var set = await session.SetLabelsAsync(new Dictionary<string, string> { ["a"] = "1" });
        var got = await session.GetLabelsAsync();

        Assert.True(set.Success);
        AssertForm(stub.Last("SetLabel"), ("Labels", "{\"a\":\"1\"}"), ("SessionId", "s-1"));
        AssertForm(stub.Last("GetLabel"), ("SessionId", "s-1"));
        Assert.Equal("1", got.Data!["a"]);
    }

    [Fact]
    public async Task SetLabels_with_no_labels_throws_before_any_request()
    {
        var (stub, _, session) = Create();

        await Assert.ThrowsAsync<ArgumentException>(() => session.SetLabelsAsync(new Dictionary<string, string>()));
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task GetLabels_failure_throws_SessionException_as_the_seed_raises()
    {
        var (stub, _, session) = Create();
        stub.Reply("GetLabel", "{\"RequestId\":\"R5\",\"Code\":\"Internal\",\"Message\":\"boom\"}", System.Net.HttpStatusCode.InternalServerError);

        var error = await Assert.ThrowsAsync<SessionException>(() => session.GetLabelsAsync());

        Assert.StartsWith("Failed to get labels for session s-1:", error.Message);
        Assert.Equal("Internal", error.Code);
        Assert.Equal(500, error.HttpStatusCode);
        Assert.DoesNotContain(StubService.ApiKey, error.ToString());
    }

    [Fact]
    public async Task Info_reads_desktop_info_and_maps_not_found_to_a_result()
    {
        var (stub, _, session) = Create();
        stub.Reply("GetMcpResource", StubService.Ok("{\"SessionId\":\"s-1\",\"ResourceUrl\":\"https://r\",\"DesktopInfo\":{\"AppId\":\"app\",\"ResourceType\":\"Desktop\",\"Ticket\":\"t\"}}"));

        var info = await session.InfoAsync();

        Assert.True(info.Success);
        Assert.Equal("s-1", info.Data!.SessionId);
        Assert.Equal("app", info.Data.AppId);
        Assert.Equal("Desktop", info.Data.ResourceType);
        AssertForm(stub.Last("GetMcpResource"), ("SessionId", "s-1"));

        var (missingStub, _, missingSession) = Create();
        missingStub.Reply("GetMcpResource", "{\"RequestId\":\"R\",\"Code\":\"InvalidMcpSession.NotFound\",\"Message\":\"x\"}", System.Net.HttpStatusCode.BadRequest);
        var missing = await missingSession.InfoAsync();
        Assert.False(missing.Success);
        Assert.Equal("Session s-1 not found", missing.ErrorMessage);
    }

    [Fact]
    public async Task GetLink_sends_port_and_reads_the_url_from_an_object_or_a_json_string()
    {
        var (stub, _, session) = Create();
        stub.Reply("GetLink", StubService.Ok("{\"Url\":\"https://gw/30150/\"}")).Reply("GetLink", StubService.Ok("\"{\\\"Url\\\":\\\"wss://gw/x\\\"}\""));

        var link = await session.GetLinkAsync(port: 30150);
        var second = session.GetLink("https", options: "{\"a\":1}");

        Assert.Equal("https://gw/30150/", link.Data);
        Assert.Equal("wss://gw/x", second.Data);
        AssertForm(stub.Requests[0], ("Port", "30150"), ("SessionId", "s-1"));
        AssertForm(stub.Requests[1], ("Option", "{\"a\":1}"), ("ProtocolType", "https"), ("SessionId", "s-1"));
    }

    [Theory]
    [InlineData(30099)]
    [InlineData(30200)]
    [InlineData(8080)]
    public async Task GetLink_rejects_ports_outside_the_range_with_the_seed_message(int port)
    {
        var (stub, _, session) = Create();

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => session.GetLinkAsync(port: port));
        var syncError = Assert.Throws<ArgumentOutOfRangeException>(() => session.GetLink(port: port));

        Assert.Equal("port", error.ParamName);
        Assert.StartsWith($"Invalid port value: {port}. Port must be an integer in the range [30100, 30199].", error.Message);
        Assert.Equal(error.Message, syncError.Message);
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public void GetLink_port_parameter_carries_the_spec_range_attribute()
    {
        var parameter = typeof(Session).GetMethod(nameof(Session.GetLinkAsync))!.GetParameters().Single(p => p.Name == "port");
        var range = Assert.Single(parameter.GetCustomAttributes(typeof(System.ComponentModel.DataAnnotations.RangeAttribute), false).Cast<System.ComponentModel.DataAnnotations.RangeAttribute>());
        Assert.Equal(30100, range.Minimum);
        Assert.Equal(30199, range.Maximum);
    }

    [Fact]
    public async Task ListMcpTools_reads_the_json_string_and_sends_the_default_image()
    {
        var (stub, _, session) = Create();
        stub.Reply("ListMcpTools", StubService.Ok("\"[{\\\"name\\\":\\\"shell\\\",\\\"server\\\":\\\"wuying_shell\\\",\\\"inputSchema\\\":{\\\"type\\\":\\\"object\\\"}}]\""));

        var tools = await session.ListMcpToolsAsync();

        AssertForm(stub.Last("ListMcpTools"), ("ImageId", "linux_latest"));
        var tool = Assert.Single(tools.Tools);
        Assert.Equal("shell", tool.Name);
        Assert.Equal("wuying_shell", tool.Server);
        Assert.Equal("object", tool.InputSchema!.Value.GetProperty("type").GetString());
    }

    [Fact]
    public async Task CallMcpTool_matches_the_official_sdk_request()
    {
        var (stub, _, session) = Create();
        stub.Reply("CallMcpTool", StubService.Tool("hi\n"));

        var result = await session.CallMcpToolAsync("shell", new Dictionary<string, object?> { ["command"] = "echo hi", ["timeout_ms"] = 1000 });

        Assert.True(result.Success);
        Assert.Equal("hi\n", result.Data);
        AssertForm(stub.Last("CallMcpTool"), ("Args", "{\"command\":\"echo hi\",\"timeout_ms\":1000}"), ("AutoGenSession", "false"), ("Name", "shell"),
            ("Server", "wuying_shell"), ("SessionId", "s-1"));
    }

    [Fact]
    public async Task Typed_shell_sends_typed_args_and_reads_the_json_result()
    {
        var (stub, _, session) = Create();
        stub.Reply("CallMcpTool", StubService.Tool("{\"stdout\":\"hi\\n\",\"stderr\":\"\",\"exit_code\":0,\"traceId\":\"t\"}"));

        var result = await session.Tools.ShellAsync("echo hi", 5000, cwd: "/tmp", envs: new Dictionary<string, string> { ["A"] = "1" });
        var sync = session.Tools.Shell("ls", timeoutMs: 1000);

        Assert.True(result.Success);
        Assert.Equal("hi\n", result.Stdout);
        Assert.Equal(0, result.ExitCode);
        Assert.True(sync.Success);
        AssertForm(stub.Requests[0], ("Args", "{\"command\":\"echo hi\",\"timeout_ms\":5000,\"cwd\":\"/tmp\",\"envs\":{\"A\":\"1\"}}"), ("AutoGenSession", "false"),
            ("Name", "shell"), ("Server", "wuying_shell"), ("SessionId", "s-1"));
        Assert.Equal("{\"command\":\"ls\",\"timeout_ms\":1000}", stub.Requests[1].Form["Args"]);
    }

    [Fact]
    public async Task Typed_shell_with_a_non_zero_exit_code_is_not_a_success()
    {
        var (stub, _, session) = Create();
        stub.Reply("CallMcpTool", StubService.Tool("{\"stdout\":\"\",\"stderr\":\"sh: nope: not found\",\"exit_code\":127}"));

        var result = await session.Tools.ShellAsync("nope");

        Assert.False(result.Success);
        Assert.Equal(127, result.ExitCode);
        Assert.Equal("{\"command\":\"nope\",\"timeout_ms\":50000}", stub.Last("CallMcpTool").Form["Args"]);
    }

    [Fact]
    public async Task Shell_timeout_outside_its_range_throws_before_any_request()
    {
        var (stub, _, session) = Create();

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => session.Tools.ShellAsync("ls", 60000));

        Assert.Equal("timeoutMs", error.ParamName);
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task File_tools_send_the_reference_arguments()
    {
        var (stub, _, session) = Create();
        stub.Reply("CallMcpTool", StubService.Tool("ok"));
        var tools = session.Tools;

        await tools.WriteFileAsync("/tmp/a.txt", "hello", "append");
        await tools.ReadFileAsync("/tmp/a.txt", offset: 0, length: 5);
        await tools.ListDirectoryAsync("/tmp");
        await tools.CreateDirectoryAsync("/tmp/d");
        await tools.MoveFileAsync("/tmp/a.txt", "/tmp/b.txt");
        await tools.GetFileInfoAsync("/tmp/b.txt");
        await tools.SearchFilesAsync("/tmp", "*.txt", excludePatterns: "x*");
        await tools.EditFileAsync("/tmp/b.txt", new[] { new FileEdit { OldText = "hello", NewText = "bye" } }, dryRun: true);
        await tools.ReadMultipleFilesAsync(new[] { "/tmp/b.txt", "/tmp/c.txt" });
        await tools.WriteFileAsync("/tmp/n.txt", "new", "create_new");
        await tools.DeleteFileAsync("/tmp/n.txt");
        await tools.GetFileChangeAsync("/tmp");
        await tools.RunCodeAsync("print(1)", "python");
        await tools.GetMetricsAsync();

        var calls = stub.Requests.Select(r => (r.Form["Name"], r.Form["Server"], r.Form["Args"])).ToList();
        Assert.Equal(new[]
        {
            ("write_file", "wuying_filesystem", "{\"path\":\"/tmp/a.txt\",\"content\":\"hello\",\"mode\":\"append\"}"),
            ("read_file", "wuying_filesystem", "{\"path\":\"/tmp/a.txt\",\"offset\":0,\"length\":5}"),
            ("list_directory", "wuying_filesystem", "{\"path\":\"/tmp\"}"),
            ("create_directory", "wuying_filesystem", "{\"path\":\"/tmp/d\"}"),
            ("move_file", "wuying_filesystem", "{\"source\":\"/tmp/a.txt\",\"destination\":\"/tmp/b.txt\"}"),
            ("get_file_info", "wuying_filesystem", "{\"path\":\"/tmp/b.txt\"}"),
            ("search_files", "wuying_filesystem", "{\"path\":\"/tmp\",\"pattern\":\"*.txt\",\"excludePatterns\":\"x*\"}"),
            ("edit_file", "wuying_filesystem", "{\"path\":\"/tmp/b.txt\",\"edits\":[{\"oldText\":\"hello\",\"newText\":\"bye\"}],\"dryRun\":true}"),
            ("read_multiple_files", "wuying_filesystem", "{\"paths\":[\"/tmp/b.txt\",\"/tmp/c.txt\"]}"),
            ("write_file", "wuying_filesystem", "{\"path\":\"/tmp/n.txt\",\"content\":\"new\",\"mode\":\"create_new\"}"),
            ("delete_file", "wuying_filesystem", "{\"path\":\"/tmp/n.txt\"}"),
            ("get_file_change", "wuying_filesystem", "{\"path\":\"/tmp\"}"),
            ("run_code", "wuying_codespace", "{\"code\":\"print(1)\",\"language\":\"python\",\"timeout_s\":60}"),
            ("get_metrics", "mcp-server", "{}"),
        }, calls);
    }

    [Fact]
    public async Task Tool_arguments_outside_their_allowed_values_throw()
    {
        var (stub, _, session) = Create();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => session.Tools.WriteFileAsync("/tmp/a", "x", "truncate"));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => session.Tools.RunCodeAsync("x", "cobol"));
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task A_tool_error_is_a_failed_result()
    {
        var (stub, _, session) = Create();
        stub.Reply("CallMcpTool", StubService.Tool("No such file", isError: true));

        var result = await session.Tools.ReadFileAsync("/nope");

        Assert.False(result.Success);
        Assert.Equal("No such file", result.ErrorMessage);
    }

    [Fact]
    public async Task Tool_calls_on_a_deleted_session_fail_with_the_service_error()
    {
        var (stub, _, session) = Create();
        stub.Reply("CallMcpTool", "{\"RequestId\":\"R\",\"Code\":\"InvalidMcpSession.NotFound\",\"Message\":\"session not found\"}", System.Net.HttpStatusCode.BadRequest);

        var result = await session.Tools.ShellAsync("ls");

        Assert.False(result.Success);
        Assert.StartsWith("API request failed:", result.ErrorMessage);
        Assert.Contains("session not found", result.ErrorMessage);
    }
}

public sealed class ResultRecordTests
{
    [Fact]
    public void A_failed_session_result_prints_without_throwing()
    {
        var failed = new SessionResult { Success = false, ErrorMessage = "[Quota] full", RequestId = "R" };

        var text = failed.ToString();

        Assert.Contains("ErrorMessage = [Quota] full", text);
        Assert.Contains("Success = False", text);
    }
}
