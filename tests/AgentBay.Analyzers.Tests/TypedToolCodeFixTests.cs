using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = AgentBay.Analyzers.Tests.Infrastructure.AgentBayCodeFixTest<AgentBay.Analyzers.UntypedToolCallAnalyzer, AgentBay.CodeFixes.TypedToolCodeFixProvider>;

namespace AgentBay.Analyzers.Tests;

public class TypedToolCodeFixTests
{
    [Fact]
    public Task Indexer_dictionary_becomes_named_arguments() =>
        Verify.VerifyAsync(
            ArgumentRangeAnalyzerTests.InMethod("""var r = await {|#0:session.CallMcpToolAsync("shell", new Dictionary<string, object?> { ["command"] = "ls", ["timeout_ms"] = 1000 })|};"""),
            ArgumentRangeAnalyzerTests.InMethod("""var r = await session.Tools.ShellAsync(command: "ls", timeoutMs: 1000);"""),
            Wrapper("shell", "Tools.ShellAsync", "CallMcpToolAsync"));

    [Fact]
    public Task Collection_initializer_sync_call_keeps_the_sync_form() =>
        Verify.VerifyAsync(
            ArgumentRangeAnalyzerTests.InMethod("""var r = {|#0:session.CallMcpTool("read_file", new Dictionary<string, object?> { { "path", "/etc/hosts" }, { "offset", 10 } })|};"""),
            ArgumentRangeAnalyzerTests.InMethod("""var r = session.Tools.ReadFile(path: "/etc/hosts", offset: 10);"""),
            Wrapper("read_file", "Tools.ReadFile", "CallMcpTool"));

    [Fact]
    public Task Cancellation_token_carries_over() =>
        Verify.VerifyAsync(
            ArgumentRangeAnalyzerTests.InMethod("""await {|#0:session.CallMcpToolAsync("get_metrics", new Dictionary<string, object?>(), cancellationToken: CancellationToken.None)|};"""),
            ArgumentRangeAnalyzerTests.InMethod("""await session.Tools.GetMetricsAsync(cancellationToken: CancellationToken.None);"""),
            Wrapper("get_metrics", "Tools.GetMetricsAsync", "CallMcpToolAsync"));

    [Fact]
    public Task Fix_all_rewrites_every_call() =>
        Verify.VerifyAsync(
            ArgumentRangeAnalyzerTests.InMethod("""await {|#0:session.CallMcpToolAsync("shell", new Dictionary<string, object?> { ["command"] = "ls" })|}; {|#1:session.CallMcpTool("shell", new Dictionary<string, object?> { ["command"] = "pwd" })|};"""),
            ArgumentRangeAnalyzerTests.InMethod("""await session.Tools.ShellAsync(command: "ls"); session.Tools.Shell(command: "pwd");"""),
            Wrapper("shell", "Tools.ShellAsync", "CallMcpToolAsync"),
            WrapperAt(1, "shell", "Tools.Shell", "CallMcpTool"));

    [Fact]
    public async Task No_fix_when_a_key_has_no_parameter()
    {
        var source = ArgumentRangeAnalyzerTests.InMethod("""await {|#0:session.CallMcpToolAsync("shell", new Dictionary<string, object?> { ["command"] = "ls", ["shell"] = "bash" })|};""");
        var test = new Verify(source, source);
        test.ExpectedDiagnostics.Add(Wrapper("shell", "Tools.ShellAsync", "CallMcpToolAsync"));
        test.FixedState.ExpectedDiagnostics.Add(Wrapper("shell", "Tools.ShellAsync", "CallMcpToolAsync"));
        await test.RunAsync();
    }

    [Fact]
    public async Task No_fix_when_an_untyped_only_option_is_set()
    {
        var source = ArgumentRangeAnalyzerTests.InMethod("""await {|#0:session.CallMcpToolAsync("shell", new Dictionary<string, object?> { ["command"] = "ls" }, readTimeout: 5000)|};""");
        var test = new Verify(source, source);
        test.ExpectedDiagnostics.Add(Wrapper("shell", "Tools.ShellAsync", "CallMcpToolAsync"));
        test.FixedState.ExpectedDiagnostics.Add(Wrapper("shell", "Tools.ShellAsync", "CallMcpToolAsync"));
        await test.RunAsync();
    }

    private static DiagnosticResult Wrapper(params string[] arguments) => WrapperAt(0, arguments);

    private static DiagnosticResult WrapperAt(int location, params string[] arguments) =>
        new DiagnosticResult(AgentBayDiagnosticIds.ToolHasTypedWrapper, DiagnosticSeverity.Info).WithLocation(location).WithArguments(arguments);
}
