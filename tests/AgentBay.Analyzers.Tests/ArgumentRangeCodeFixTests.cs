using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = AgentBay.Analyzers.Tests.Infrastructure.AgentBayCodeFixTest<AgentBay.Analyzers.ArgumentRangeAnalyzer, AgentBay.CodeFixes.ArgumentRangeCodeFixProvider>;

namespace AgentBay.Analyzers.Tests;

public class ArgumentRangeCodeFixTests
{
    [Fact]
    public Task Value_below_the_range_becomes_the_minimum() =>
        Verify.VerifyAsync(
            ArgumentRangeAnalyzerTests.InMethod("await session.GetLinkAsync(port: {|#0:8080|});"),
            ArgumentRangeAnalyzerTests.InMethod("await session.GetLinkAsync(port: 30100);"),
            Expected("8080", "30100", "30199", "port", "Session.GetLinkAsync"));

    [Fact]
    public Task Folded_value_above_the_range_becomes_the_maximum() =>
        Verify.VerifyAsync(
            ArgumentRangeAnalyzerTests.InMethod("await session.Tools.ShellAsync(\"ls\", timeoutMs: {|#0:50 * 1000 + 1|});"),
            ArgumentRangeAnalyzerTests.InMethod("await session.Tools.ShellAsync(\"ls\", timeoutMs: 50000);"),
            Expected("50001", "1", "50000", "timeoutMs", "SessionTools.ShellAsync"));

    [Fact]
    public Task Fix_all_replaces_every_out_of_range_argument() =>
        Verify.VerifyAsync(
            ArgumentRangeAnalyzerTests.InMethod("await session.GetLinkAsync(port: {|#0:1|}); session.GetLink(null, {|#1:40000|}); await client.ListAsync(maxResults: {|#2:0|});"),
            ArgumentRangeAnalyzerTests.InMethod("await session.GetLinkAsync(port: 30100); session.GetLink(null, 30199); await client.ListAsync(maxResults: 1);"),
            Expected("1", "30100", "30199", "port", "Session.GetLinkAsync"),
            ExpectedAt(1, "40000", "30100", "30199", "port", "Session.GetLink"),
            ExpectedAt(2, "0", "1", "100", "maxResults", "AgentBayClient.ListAsync"));

    [Fact]
    public Task Double_parameter_gets_a_double_literal()
    {
        const string before = """
            using System.ComponentModel.DataAnnotations;

            static class Scale
            {
                public static void Set([Range(0.5, 2.5)] double factor) { }
                public static void Run() => Set({|#0:3.75|});
            }
            """;
        const string after = """
            using System.ComponentModel.DataAnnotations;

            static class Scale
            {
                public static void Set([Range(0.5, 2.5)] double factor) { }
                public static void Run() => Set(2.5d);
            }
            """;
        return Verify.VerifyAsync(before, after, Expected("3.75", "0.5", "2.5", "factor", "Scale.Set"));
    }

    private static DiagnosticResult Expected(params string[] arguments) => ExpectedAt(0, arguments);

    private static DiagnosticResult ExpectedAt(int location, params string[] arguments) =>
        new DiagnosticResult(AgentBayDiagnosticIds.ArgumentOutOfRange, DiagnosticSeverity.Warning).WithLocation(location).WithArguments(arguments);
}
