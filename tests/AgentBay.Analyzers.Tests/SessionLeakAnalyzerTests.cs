using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AgentBay.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = AgentBay.Analyzers.Tests.Infrastructure.AgentBayAnalyzerTest<AgentBay.Analyzers.SessionLeakAnalyzer>;

namespace AgentBay.Analyzers.Tests;

public class SessionLeakAnalyzerTests
{
    public static IEnumerable<object[]> ValidPatternNames => SessionValidPatterns.All.Keys.Select(k => new object[] { k });

    public static IEnumerable<object[]> LeakPatternNames => SessionLeakPatterns.All.Keys.Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(ValidPatternNames))]
    public Task Valid_pattern_does_not_fire(string pattern) => Verify.VerifyAsync(SessionValidPatterns.All[pattern]);

    [Theory]
    [MemberData(nameof(LeakPatternNames))]
    public Task Leak_pattern_fires(string pattern)
    {
        var (source, id, subject) = SessionLeakPatterns.All[pattern];
        var severity = id == AgentBayDiagnosticIds.SessionNeverReleased ? DiagnosticSeverity.Warning : DiagnosticSeverity.Info;
        return Verify.VerifyAsync(source, new DiagnosticResult(id, severity).WithLocation(0).WithArguments(subject));
    }

    [Fact]
    public Task Passing_to_a_method_is_not_a_release_when_ownership_transfer_is_off()
    {
        var source = Code.InAsyncMethod("""
            var {|#0:s|} = (await client.CreateAsync()).Session;
            Use(s);
            """);
        return Verify.VerifyAsync(
            source,
            SessionLeakAnalyzer.OwnershipTransferOption + " = false",
            new DiagnosticResult(AgentBayDiagnosticIds.SessionNeverReleased, DiagnosticSeverity.Warning).WithLocation(0).WithArguments("Session 's'"));
    }

    [Fact]
    public Task Storing_in_a_collection_stays_a_hand_off_when_ownership_transfer_is_off()
    {
        var source = Code.InAsyncMethod("""
            var s = (await client.CreateAsync()).Session;
            sessions.Add(s);
            """);
        return Verify.VerifyAsync(source, SessionLeakAnalyzer.OwnershipTransferOption + " = false");
    }

    [Fact]
    public Task Nothing_is_reported_without_the_runtime_attributes()
    {
        // A compilation where "Session" is an unrelated disposable: identified by attribute, never by IAsyncDisposable.
        const string source = """
            namespace Other
            {
                sealed class Handle : System.IAsyncDisposable
                {
                    public System.Threading.Tasks.ValueTask DisposeAsync() => default;
                    public static Handle Create() => new Handle();
                }

                class C
                {
                    void M() { var h = Handle.Create(); }
                }
            }
            """;
        return Verify.VerifyAsync(source);
    }
}
