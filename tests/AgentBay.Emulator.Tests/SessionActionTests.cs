using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AgentBay.Emulator.Tests.Infrastructure;
using Xunit;

namespace AgentBay.Emulator.Tests;

/// <summary>Every session action of protocol reference §2, with the reply shapes of §9 the SDKs require.</summary>
public sealed class SessionActionTests : EmulatorTestBase
{
    [Fact]
    public async Task CreateMcpSessionReturnsIdsAndToolListButNoLinkUrl()
    {
        var response = await Client.OkAsync("CreateMcpSession", ("ImageId", "linux_latest"), ("SdkStats", "{\"source\":\"sdk\",\"sdk_language\":\"python\"}"));
        var data = response.Data!.AsObject();
        Assert.Matches("^session-[a-z0-9]{17}$", (string)data["SessionId"]!);
        Assert.False(string.IsNullOrEmpty((string)data["ResourceUrl"]!));
        Assert.False(string.IsNullOrEmpty((string)data["AppInstanceId"]!));
        Assert.False(string.IsNullOrEmpty((string)data["ResourceId"]!));
        Assert.True((bool)data["Success"]!);
        Assert.False(data.ContainsKey("LinkUrl"));
        Assert.False(data.ContainsKey("Token"));

        var tools = ApiResponse.ParseInner(data["ToolList"]).AsArray();
        var shell = tools.Single(t => (string)t!["name"]! == "shell")!;
        Assert.Equal("wuying_shell", (string)shell["server"]!);
        Assert.Equal("shell", (string)shell["tool"]!);
        Assert.Equal("object", (string)shell["inputSchema"]!["type"]!);
        Assert.Contains("command", shell["inputSchema"]!["required"]!.AsArray().Select(r => (string)r!));
        Assert.Equal(1, Emulator.SessionCount);
        Assert.True(Directory.Exists(Path.Combine(Emulator.WorkDirectory, "sessions", (string)data["SessionId"]!)));
    }

    [Fact]
    public async Task GetSessionReportsStatusAndToolList()
    {
        var sessionId = await Client.CreateSessionAsync();
        var response = await Client.OkAsync("GetSession", ("SessionId", sessionId));
        Assert.True((bool)response.Body["Success"]!);
        Assert.Equal(sessionId, (string)response.Data!["SessionId"]!);
        Assert.Equal("RUNNING", (string)response.Data["Status"]!);
        Assert.NotEmpty(ApiResponse.ParseInner(response.Data["ToolList"]).AsArray());
        Assert.False(string.IsNullOrEmpty((string)response.Data["ResourceUrl"]!));
    }

    [Fact]
    public async Task ListSessionFiltersByAllLabelsAndPagesWithTokens()
    {
        var suite = Guid.NewGuid().ToString("N");
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var labels = new Dictionary<string, string> { ["suite"] = suite, ["index"] = i.ToString() };
            if (i % 2 == 0)
            {
                labels["even"] = "yes";
            }

            created.Add(await Client.CreateSessionAsync(labels));
        }

        await Client.CreateSessionAsync(new Dictionary<string, string> { ["suite"] = "other" });

        // Two labels must both match.
        var even = await Client.OkAsync("ListSession", ("Labels", $"{{\"suite\":\"{suite}\",\"even\":\"yes\"}}"));
        Assert.Equal([created[0], created[2], created[4]], even.Data!.AsArray().Select(s => (string)s!["SessionId"]!));
        Assert.All(even.Data.AsArray(), s => Assert.Equal("RUNNING", (string)s!["SessionStatus"]!));
        Assert.Equal(3, (int)even.Body["TotalCount"]!);
        Assert.Equal(10, (int)even.Body["MaxResults"]!);
        Assert.Equal(string.Empty, (string)even.Body["NextToken"]!);

        // Pages of two, walked with the opaque NextToken.
        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var form = new List<(string, string)> { ("Labels", $"{{\"suite\":\"{suite}\"}}"), ("MaxResults", "2") };
            if (token is not null)
            {
                form.Add(("NextToken", token));
            }

            var page = await Client.OkAsync("ListSession", [.. form]);
            Assert.Equal(5, (int)page.Body["TotalCount"]!);
            Assert.Equal(2, (int)page.Body["MaxResults"]!);
            seen.AddRange(page.Data!.AsArray().Select(s => (string)s!["SessionId"]!));
            token = (string?)page.Body["NextToken"];
            Assert.DoesNotContain(suite, token ?? string.Empty);
            pages++;
        }
        while (!string.IsNullOrEmpty(token));

        Assert.Equal(3, pages);
        Assert.Equal(created, seen);

        // All sessions (ListSession sends Labels={} and MaxResults=10 by default).
        var all = await Client.OkAsync("ListSession", ("Labels", "{}"));
        Assert.Equal(6, (int)all.Body["TotalCount"]!);

        var badToken = await Client.CallAsync("ListSession", ("NextToken", "garbage!"));
        Assert.Equal(HttpStatusCode.BadRequest, badToken.Status);
        var badStatus = await Client.CallAsync("ListSession", ("Status", "SLEEPING"));
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.Status);
    }

    [Fact]
    public async Task ListSessionFiltersByStatus()
    {
        var running = await Client.CreateSessionAsync();
        var paused = await Client.CreateSessionAsync();
        await Client.OkAsync("PauseSessionAsync", ("SessionId", paused));
        await Poll.UntilAsync(async () => await Client.StatusAsync(paused) == "PAUSED", "PAUSED");

        var list = await Client.OkAsync("ListSession", ("Status", "PAUSED"));
        Assert.Equal([paused], list.Data!.AsArray().Select(s => (string)s!["SessionId"]!));
        Assert.Equal("PAUSED", (string)list.Data![0]!["SessionStatus"]!);
        var runningList = await Client.OkAsync("ListSession", ("Status", "RUNNING"));
        Assert.Equal([running], runningList.Data!.AsArray().Select(s => (string)s!["SessionId"]!));
    }

    [Fact]
    public async Task SetLabelReplacesAndGetLabelReturnsAJsonString()
    {
        var sessionId = await Client.CreateSessionAsync(new Dictionary<string, string> { ["old"] = "1" });
        await Client.OkAsync("SetLabel", ("SessionId", sessionId), ("Labels", "{\"env\": \"prod\", \"version\": \"1.0\"}"));
        var response = await Client.OkAsync("GetLabel", ("SessionId", sessionId), ("MaxResults", "50"));
        Assert.Equal(JsonValueKindString, response.Data!["Labels"]!.GetValueKind());
        var labels = ApiResponse.ParseInner(response.Data["Labels"]).AsObject();
        Assert.Equal(["env", "version"], labels.Select(l => l.Key).Order());
        Assert.Equal("prod", (string)labels["env"]!);
        Assert.Equal(2, (int)response.Body["TotalCount"]!);
    }

    [Fact]
    public async Task GetMcpResourceDescribesTheSession()
    {
        var sessionId = await Client.CreateSessionAsync();
        var response = await Client.OkAsync("GetMcpResource", ("SessionId", sessionId));
        Assert.Equal(sessionId, (string)response.Data!["SessionId"]!);
        Assert.False(string.IsNullOrEmpty((string)response.Data["ResourceUrl"]!));
        var desktop = response.Data["DesktopInfo"]!.AsObject();
        Assert.Equal(["AppId", "AuthCode", "ConnectionProperties", "ResourceId", "ResourceType", "Ticket"], desktop.Select(p => p.Key));
    }

    [Fact]
    public async Task ListMcpToolsDataIsAJsonStringOfTheCatalogue()
    {
        var response = await Client.OkAsync("ListMcpTools", ("ImageId", "linux_latest"));
        Assert.Equal(JsonValueKindString, response.Data!.GetValueKind());
        var tools = ApiResponse.ParseInner(response.Data).AsArray();
        var names = tools.Select(t => (string)t!["name"]!).ToList();
        foreach (var expected in new[] { "shell", "read_file", "write_file", "list_directory", "create_directory", "move_file", "get_file_info", "search_files", "edit_file", "read_multiple_files", "delete_file", "get_file_change", "run_code", "get_metrics" })
        {
            Assert.Contains(expected, names);
        }

        Assert.All(tools, t => Assert.Equal(["name", "description", "inputSchema", "server", "tool"], t!.AsObject().Select(p => p.Key)));
    }

    [Fact]
    public async Task ReleaseMcpSessionDeletesAtOnce()
    {
        var sessionId = await Client.CreateSessionAsync();
        await Client.OkAsync("ReleaseMcpSession", ("SessionId", sessionId));
        Assert.Equal(0, Emulator.SessionCount);
        var detail = await Client.OkAsync("GetSessionDetail", ("SessionId", sessionId));
        Assert.Equal("FINISH", (string)detail.Data!["Status"]!);
        var again = await Client.CallAsync("GetSession", ("SessionId", sessionId));
        WireProtocolTests.AssertErrorShape(again, HttpStatusCode.BadRequest, "InvalidMcpSession.NotFound");
        Assert.False(Directory.Exists(Path.Combine(Emulator.WorkDirectory, "sessions", sessionId)));
    }

    [Fact]
    public async Task GetSessionDetailOfAnUnknownSessionIsNotFound()
    {
        var response = await Client.CallAsync("GetSessionDetail", ("SessionId", "session-neverexisted00000"));
        WireProtocolTests.AssertErrorShape(response, HttpStatusCode.BadRequest, "InvalidMcpSession.NotFound");
    }

    [Fact]
    public async Task ContextActionsLetSdkFlowsFinish()
    {
        var sessionId = await Client.CreateSessionAsync();
        var missing = await Client.CallAsync("GetContext", ("Name", "ctx-a"), ("AllowCreate", "False"));
        Assert.Equal(HttpStatusCode.OK, missing.Status);
        Assert.False(missing.Success);
        Assert.Equal("InvalidContext.NotFound", missing.Code);

        var created = await Client.OkAsync("GetContext", ("Name", "ctx-a"), ("AllowCreate", "True"));
        Assert.Equal(["Id", "Name", "State", "CreateTime", "LastUsedTime", "OsType"], created.Data!.AsObject().Select(p => p.Key));
        var again = await Client.OkAsync("GetContext", ("Name", "ctx-a"), ("AllowCreate", "true"));
        Assert.Equal((string)created.Data!["Id"]!, (string)again.Data!["Id"]!);

        var info = await Client.OkAsync("GetContextInfo", ("SessionId", sessionId), ("ContextId", (string)created.Data!["Id"]!), ("Path", "/tmp/x"));
        Assert.Equal("[{\"type\":\"data\",\"data\":\"[]\"}]", (string)info.Data!["ContextStatus"]!);
    }

    [Fact]
    public async Task AutoGenSessionCreatesTheSessionOnlyWhenAsked()
    {
        var refused = await Client.CallAsync("CallMcpTool",
            ("SessionId", "session-auto0000000000001"), ("Name", "shell"), ("Args", "{\"command\":\"echo hi\"}"), ("AutoGenSession", "false"));
        WireProtocolTests.AssertErrorShape(refused, HttpStatusCode.BadRequest, "InvalidMcpSession.NotFound");
        Assert.Equal(0, Emulator.SessionCount);

        var created = await Client.CallAsync("CallMcpTool",
            ("SessionId", "session-auto0000000000001"), ("Name", "shell"), ("Args", "{\"command\":\"echo hi\"}"), ("AutoGenSession", "true"));
        Assert.True(created.Success, created.ToString());
        Assert.Equal("hi\n", (string)JsonNode.Parse((string)created.Data!["content"]![0]!["text"]!)!["stdout"]!);
        Assert.Equal("RUNNING", await Client.StatusAsync("session-auto0000000000001"));
    }

    [Theory]
    [InlineData("../../escape")]
    [InlineData("session-a/b")]
    [InlineData("session-\u0000")]
    public async Task AutoGenSessionRefusesIdsThatCannotBeFolderNames(string id)
    {
        var response = await Client.CallAsync("CallMcpTool",
            ("SessionId", id), ("Name", "shell"), ("Args", "{\"command\":\"echo hi\"}"), ("AutoGenSession", "true"));
        WireProtocolTests.AssertErrorShape(response, HttpStatusCode.BadRequest, "InvalidParameter");
        Assert.Equal(0, Emulator.SessionCount);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(Emulator.WorkDirectory, "sessions")));
        Assert.Equal(["data", "sessions"], Directory.GetFileSystemEntries(Emulator.WorkDirectory).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task AutoGenSessionCannotTakeAnotherKeysSession()
    {
        await using var shared = await TestEmulator.StartAsync(new EmulatorOptions { ApiKeys = [TestEmulator.Key, "second-key"] });
        var sessionId = await shared.Client.CreateSessionAsync();
        var response = await shared.Client.CallAsync("CallMcpTool",
            [new("SessionId", sessionId), new("Name", "shell"), new("Args", "{\"command\":\"echo hi\"}"), new("AutoGenSession", "true")],
            "Bearer second-key");
        WireProtocolTests.AssertErrorShape(response, HttpStatusCode.BadRequest, "InvalidParameter");
        Assert.Equal("RUNNING", await shared.Client.StatusAsync(sessionId));
        Assert.Equal(1, shared.Emulator.SessionCount);
    }

    [Fact]
    public async Task UnknownToolIsAToolError()
    {
        var sessionId = await Client.CreateSessionAsync();
        var reply = await Client.ToolAsync(sessionId, "no_such_tool", new { });
        Assert.True(reply.IsError);
        Assert.Contains("no_such_tool", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreatingBeyondTheLimitFailsInTheBody()
    {
        var options = TestEmulator.DefaultOptions();
        await using var small = await TestEmulator.StartAsync(new EmulatorOptions { ApiKeys = options.ApiKeys, MaxSessions = 1 });
        await small.Client.CreateSessionAsync();
        var second = await small.Client.CallAsync("CreateMcpSession", ("ImageId", "linux_latest"));
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.False(second.Success);
        Assert.Equal("QuotaExceeded.Session", second.Code);
        Assert.Equal(1, small.Emulator.SessionCount);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindString = System.Text.Json.JsonValueKind.String;
}
