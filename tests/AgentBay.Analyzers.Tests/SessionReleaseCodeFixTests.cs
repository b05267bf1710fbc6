using System.Threading.Tasks;
using AgentBay.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = AgentBay.Analyzers.Tests.Infrastructure.AgentBayCodeFixTest<AgentBay.Analyzers.SessionLeakAnalyzer, AgentBay.CodeFixes.SessionReleaseCodeFixProvider>;

namespace AgentBay.Analyzers.Tests;

public class SessionReleaseCodeFixTests
{
    private const int UsingFix = 0;
    private const int FinallyFix = 1;

    [Fact]
    public Task Async_method_gets_await_using() =>
        Verify.VerifyAsync(
            Code.InAsyncMethod("""
                var {|#0:s|} = (await client.CreateAsync()).Session;
                await s.Tools.ShellAsync("ls");
                """),
            Code.InAsyncMethod("""
                await using var s = (await client.CreateAsync()).Session;
                await s.Tools.ShellAsync("ls");
                """),
            UsingFix,
            Never("Session 's'"));

    [Fact]
    public Task Sync_method_gets_using() =>
        Verify.VerifyAsync(
            Code.InSyncMethod("""
                // the session for this run
                var {|#0:s|} = client.Create().Session;
                s.Tools.Shell("ls");
                """),
            Code.InSyncMethod("""
                // the session for this run
                using var s = client.Create().Session;
                s.Tools.Shell("ls");
                """),
            UsingFix,
            Never("Session 's'"));

    [Fact]
    public Task Async_method_gets_delete_async_in_finally() =>
        Verify.VerifyAsync(
            Code.InAsyncMethod("""
                var {|#0:s|} = (await client.CreateAsync()).Session;
                await s.Tools.ShellAsync("ls");
                Log(s.SessionId);
                """),
            Code.InAsyncMethod("""
                var s = (await client.CreateAsync()).Session;
                try
                {
                    await s.Tools.ShellAsync("ls");
                    Log(s.SessionId);
                }
                finally
                {
                    await s.DeleteAsync();
                }
                """),
            FinallyFix,
            Never("Session 's'"));

    [Fact]
    public Task Sync_method_gets_delete_in_finally() =>
        Verify.VerifyAsync(
            Code.InSyncMethod("""
                var {|#0:s|} = client.Create().Session;
                s.Tools.Shell("ls");
                """),
            Code.InSyncMethod("""
                var s = client.Create().Session;
                try
                {
                    s.Tools.Shell("ls");
                }
                finally
                {
                    s.Delete();
                }
                """),
            FinallyFix,
            Never("Session 's'"));

    [Fact]
    public Task Partly_released_session_gets_await_using() =>
        Verify.VerifyAsync(
            Code.InAsyncMethod("""
                var {|#0:s|} = (await client.CreateAsync()).Session;
                if (flag) await s.DeleteAsync();
                """),
            Code.InAsyncMethod("""
                await using var s = (await client.CreateAsync()).Session;
                if (flag) await s.DeleteAsync();
                """),
            UsingFix,
            new DiagnosticResult(AgentBayDiagnosticIds.SessionNotReleasedOnAllPaths, DiagnosticSeverity.Info).WithLocation(0).WithArguments("Session 's'"));

    [Fact]
    public Task Fix_all_adds_using_to_every_leaked_session() =>
        Verify.VerifyAsync(
            Code.InAsyncMethod("""
                var {|#0:first|} = (await client.CreateAsync()).Session;
                var {|#1:second|} = (await client.GetAsync(id)).Session;
                await first.Tools.ShellAsync(second.SessionId);
                """),
            Code.InAsyncMethod("""
                await using var first = (await client.CreateAsync()).Session;
                await using var second = (await client.GetAsync(id)).Session;
                await first.Tools.ShellAsync(second.SessionId);
                """),
            UsingFix,
            Never("Session 'first'"),
            Never("Session 'second'", 1));

    [Fact]
    public Task Lambda_body_uses_its_own_async_context() =>
        Verify.VerifyAsync(
            Code.InSyncMethod("""
                Func<Task> work = async () =>
                {
                    var {|#0:s|} = (await client.CreateAsync()).Session;
                    await s.Tools.ShellAsync("ls");
                };
                work().Wait();
                """),
            Code.InSyncMethod("""
                Func<Task> work = async () =>
                {
                    await using var s = (await client.CreateAsync()).Session;
                    await s.Tools.ShellAsync("ls");
                };
                work().Wait();
                """),
            UsingFix,
            Never("Session 's'"));

    [Fact]
    public async Task Top_level_statements_that_await_get_await_using()
    {
        var test = new Verify(
            """
            var client = new AgentBayClient();
            var {|#0:s|} = (await client.CreateAsync()).Session;
            Console.WriteLine(s.SessionId);
            """,
            """
            var client = new AgentBayClient();
            await using var s = (await client.CreateAsync()).Session;
            Console.WriteLine(s.SessionId);
            """)
        {
            CodeActionIndex = UsingFix,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.ExpectedDiagnostics.Add(Never("Session 's'"));
        await test.RunAsync();
    }

    private static DiagnosticResult Never(string subject, int location = 0) =>
        new DiagnosticResult(AgentBayDiagnosticIds.SessionNeverReleased, DiagnosticSeverity.Warning).WithLocation(location).WithArguments(subject);
}
