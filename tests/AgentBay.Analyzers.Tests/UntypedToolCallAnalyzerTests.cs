using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AgentBay.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = AgentBay.Analyzers.Tests.Infrastructure.AgentBayAnalyzerTest<AgentBay.Analyzers.UntypedToolCallAnalyzer>;

namespace AgentBay.Analyzers.Tests;

public class UntypedToolCallAnalyzerTests
{
    public static readonly Dictionary<string, string> ValidPatterns = new()
    {
        ["typed wrapper"] = "await session.Tools.ShellAsync(\"ls\");",
        ["tool name not constant"] = "var name = Flag() ? \"shell\" : \"run_code\"; await session.CallMcpToolAsync(name, new Dictionary<string, object?>());",
        ["tool name from input"] = "await session.CallMcpToolAsync(Console.ReadLine()!, new Dictionary<string, object?>());",
    };

    public static IEnumerable<object[]> ValidNames => ValidPatterns.Keys.Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(ValidNames))]
    public Task Valid_call_does_not_fire(string pattern) => Verify.VerifyAsync(ArgumentRangeAnalyzerTests.InMethod(ValidPatterns[pattern]));

    [Fact]
    public Task Async_untyped_call_with_a_typed_wrapper_fires() =>
        Verify.VerifyAsync(
            ArgumentRangeAnalyzerTests.InMethod("""await {|#0:session.CallMcpToolAsync("shell", new Dictionary<string, object?> { ["command"] = "ls" })|};"""),
            Wrapper(0, "shell", "Tools.ShellAsync", "CallMcpToolAsync"));

    [Fact]
    public Task Sync_untyped_call_with_a_const_name_fires() =>
        Verify.VerifyAsync(
            ArgumentRangeAnalyzerTests.InMethod("""const string Tool = "read_file"; {|#0:session.CallMcpTool(Tool, new Dictionary<string, object?> { ["path"] = "/a" })|};"""),
            Wrapper(0, "read_file", "Tools.ReadFile", "CallMcpTool"));

    [Fact]
    public Task Named_tool_name_argument_fires() =>
        Verify.VerifyAsync(
            ArgumentRangeAnalyzerTests.InMethod("""await {|#0:session.CallMcpToolAsync(args: new Dictionary<string, object?>(), toolName: "get_metrics")|};"""),
            Wrapper(0, "get_metrics", "Tools.GetMetricsAsync", "CallMcpToolAsync"));

    [Fact]
    public Task Unknown_tool_name_fires() =>
        Verify.VerifyAsync(
            ArgumentRangeAnalyzerTests.InMethod("""await session.CallMcpToolAsync({|#0:"shel"|}, new Dictionary<string, object?>());"""),
            new DiagnosticResult(AgentBayDiagnosticIds.UnknownToolName, DiagnosticSeverity.Warning).WithLocation(0).WithArguments("shel"));

    [Fact]
    public Task Project_without_typed_tools_is_quiet()
    {
        // A hand-written session type with the untyped call and no [AgentBayTool] anywhere.
        const string source = """
            namespace Custom
            {
                [AgentBay.Runtime.AgentBaySession]
                sealed class Box
                {
                    [AgentBay.Runtime.AgentBayUntypedToolCall]
                    public void CallMcpTool(string toolName, IReadOnlyDictionary<string, object?> args) { }
                }

                static class Use
                {
                    static void Run(Box box) => box.CallMcpTool("anything", new Dictionary<string, object?>());
                }
            }
            """;
        return Verify.VerifyAsync(source);
    }

    private static DiagnosticResult Wrapper(int location, params string[] arguments) =>
        new DiagnosticResult(AgentBayDiagnosticIds.ToolHasTypedWrapper, DiagnosticSeverity.Info).WithLocation(location).WithArguments(arguments);
}
