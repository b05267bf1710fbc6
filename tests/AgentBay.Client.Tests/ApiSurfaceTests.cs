using System.Threading.Tasks;
using Xunit;

namespace AgentBay.Client.Tests;

public sealed class ApiSurfaceTests
{
    [Fact]
    public async Task Every_operation_and_tool_runs_in_both_forms_against_the_stub()
    {
        var stub = new StubService();
        var time = new FakeTime();
        var client = stub.CreateClient(time);
        const string running = "{\"SessionId\":\"s-1\",\"Status\":\"RUNNING\"}";
        stub.Reply("CreateMcpSession", StubService.Ok(running))
            .Reply("CallMcpTool", StubService.Tool("{\"stdout\":\"hi\",\"stderr\":\"\",\"exit_code\":0}"))
            .Reply("GetLink", StubService.Ok("{\"Url\":\"http://x\"}"))
            .Reply("PauseSessionAsync", StubService.Ok()).Reply("ResumeSessionAsync", StubService.Ok())
            .Reply("GetSession", StubService.Ok("{\"SessionId\":\"s-1\",\"Status\":\"PAUSED\"}"))
            .Reply("GetSession", StubService.Ok("{\"SessionId\":\"s-1\",\"Status\":\"PAUSED\"}"))
            .Reply("GetSession", StubService.Ok(running))
            .Reply("SetLabel", StubService.Ok()).Reply("GetLabel", StubService.Ok("{\"Labels\":\"{}\"}"))
            .Reply("GetMcpResource", StubService.Ok("{\"SessionId\":\"s-1\"}")).Reply("ListMcpTools", StubService.Ok("\"[]\""))
            .Reply("ListSession", StubService.Ok("[]")).Reply("SyncContext", StubService.Ok())
            .Reply("DeleteSessionAsync", StubService.Ok()).Reply("GetSessionDetail", StubService.Ok("{\"Status\":\"FINISH\"}"));

        await time.Drive(async () => { await ApiSurface.CallEverythingAsync(client); return true; });

        Assert.Contains(stub.Requests, r => r.Action == "CreateMcpSession" && r.Form["ImageId"] == "linux_latest");
        Assert.Equal(31, stub.Requests.FindAll(r => r.Action == "CallMcpTool").Count);
        Assert.Contains(stub.Requests, r => r.Action == "SyncContext");
    }
}
