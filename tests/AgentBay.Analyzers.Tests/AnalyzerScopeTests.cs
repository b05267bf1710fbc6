using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AgentBay.Analyzers.Tests.Infrastructure;
using AgentBay.Analyzers.Tests.Robustness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace AgentBay.Analyzers.Tests;

/// <summary>Which compilations and bodies the analyzers spend work on (issue 6: build overhead). The runtime's attributes
/// are looked up at first use, not in the compilation start action; without them the session and tool analyzers report
/// nothing, even for look-alike attributes. The leak analyzer has no per-body block action, only a block start whose
/// block-end action walks the bodies that call a hand-over method.</summary>
public class AnalyzerScopeTests
{
    /// <summary>A look-alike of the runtime's API: the same attribute names, in another namespace, in a compilation
    /// that does not reference AgentBay.Runtime. Leaks, an untyped call of a typed tool, and a hand-written [Range].</summary>
    private const string LookalikeSource = """
        using System;
        using System.ComponentModel.DataAnnotations;

        namespace Lookalike
        {
            [AttributeUsage(AttributeTargets.All)] sealed class AgentBaySessionAttribute : Attribute { }
            [AttributeUsage(AttributeTargets.All)] sealed class AgentBayHandsOverSessionAttribute : Attribute { }
            [AttributeUsage(AttributeTargets.All)] sealed class AgentBayReleasesSessionAttribute : Attribute { }
            [AttributeUsage(AttributeTargets.All)] sealed class AgentBayUntypedToolCallAttribute : Attribute { }
            [AttributeUsage(AttributeTargets.All)] sealed class AgentBayToolAttribute : Attribute { public AgentBayToolAttribute(string name) { } }

            [AgentBaySession]
            sealed class Session : IDisposable
            {
                public SessionTools Tools { get; } = new SessionTools();
                [AgentBayReleasesSession] public void Dispose() { }
                [AgentBayUntypedToolCall] public void CallMcpTool(string toolName, object? args) { }
            }

            sealed class SessionTools
            {
                [AgentBayTool("shell")] public void Shell(string command) { }
            }

            sealed class Client
            {
                [AgentBayHandsOverSession] public Session Create() => new Session();
            }

            static class Use
            {
                static void Port([Range(1, 10)] int port) { }

                static void Run(Client client)
                {
                    var s = client.Create();
                    s.CallMcpTool("shell", null);
                    client.Create();
                    Port(11);
                }
            }
        }
        """;

    [Fact]
    public async Task Without_the_runtime_only_the_range_rule_reports()
    {
        var references = OfflineReferences.All
            .Where(r => !string.Equals(Path.GetFileName((r as PortableExecutableReference)?.FilePath), "AgentBay.Runtime.dll", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(OfflineReferences.All.Length - 1, references.Count);
        var (diagnostics, _) = await AnalyzeAsync(references, LookalikeSource);

        // The hand-written [Range] is a documented case of AGB2001 and needs only the DataAnnotations attribute.
        Assert.Equal(new[] { AgentBayDiagnosticIds.ArgumentOutOfRange }, diagnostics.Select(d => d.Id).ToArray());
    }

    [Fact]
    public async Task Runtime_attributes_declared_in_source_are_found()
    {
        // The same look-alike in the runtime's namespace: the attributes are resolved by metadata name wherever they are
        // declared, here in source and without AgentBay.Runtime.dll, so the session rule and AGB2005 apply.
        var references = OfflineReferences.All
            .Where(r => !string.Equals(Path.GetFileName((r as PortableExecutableReference)?.FilePath), "AgentBay.Runtime.dll", StringComparison.Ordinal));
        var source = LookalikeSource.Replace("namespace Lookalike", "namespace AgentBay.Runtime", StringComparison.Ordinal);
        var (diagnostics, _) = await AnalyzeAsync(references, source);

        Assert.Equal(
            new[] { AgentBayDiagnosticIds.ArgumentOutOfRange, AgentBayDiagnosticIds.SessionNeverReleased, AgentBayDiagnosticIds.SessionNeverReleased, AgentBayDiagnosticIds.ToolHasTypedWrapper },
            diagnostics.Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task With_the_runtime_the_leak_analyzer_has_no_per_body_block_action()
    {
        var source = TestProjectSetup.Usings + """
            static class Use
            {
                static void Run(AgentBayClient client)
                {
                    var s = client.Create().Session;
                    s.Tools.Shell("ls");
                }
            }
            """;
        var (diagnostics, withAnalyzers) = await AnalyzeAsync(OfflineReferences.All, source, GeneratedClient.Sources.Select(s => s.Text.ToString()));

        Assert.Equal(new[] { AgentBayDiagnosticIds.SessionNeverReleased }, diagnostics.Select(d => d.Id).ToArray());
        var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(Analyzer<SessionLeakAnalyzer>(), default);
        Assert.Equal(1, telemetry.OperationBlockStartActionsCount);
        Assert.Equal(0, telemetry.OperationBlockActionsCount);
    }

    /// <summary>#line hidden regions count as generated code, which these analyzers skip: the driver leaves out the
    /// operations there, so a hand-over call in one sets no flag. The results are those of the block action that walked
    /// every body (checked against it): a body whose hand-over call is hidden reports nothing, a hidden region elsewhere
    /// in a body changes nothing.</summary>
    [Fact]
    public Task Hidden_regions_change_nothing()
    {
        var source = Code.InClass("""
            void Hidden()
            {
            #line hidden
                var result = client.Create();
            #line default
                var s = result.Session;
                Log(s.SessionId);
            }

            void HiddenElsewhere()
            {
                var {|#1:s|} = client.Create().Session;
            #line hidden
                Log(1);
            #line default
                Log(s.SessionId);
            }

            void Plain()
            {
                var {|#0:s|} = client.Create().Session;
                Log(s.SessionId);
            }
            """);
        return AgentBayAnalyzerTest<SessionLeakAnalyzer>.VerifyAsync(
            source,
            new Microsoft.CodeAnalysis.Testing.DiagnosticResult(AgentBayDiagnosticIds.SessionNeverReleased, DiagnosticSeverity.Warning).WithLocation(0).WithArguments("Session 's'"),
            new Microsoft.CodeAnalysis.Testing.DiagnosticResult(AgentBayDiagnosticIds.SessionNeverReleased, DiagnosticSeverity.Warning).WithLocation(1).WithArguments("Session 's'"));
    }

    private static DiagnosticAnalyzer Analyzer<T>() => AnalyzerRobustnessTests.Analyzers.Single(a => a is T);

    private static async Task<(ImmutableArray<Diagnostic> Diagnostics, CompilationWithAnalyzers WithAnalyzers)> AnalyzeAsync(
        System.Collections.Generic.IEnumerable<MetadataReference> references, string source, System.Collections.Generic.IEnumerable<string>? more = null)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = new[] { source }.Concat(more ?? Enumerable.Empty<string>())
            .Select((text, i) => CSharpSyntaxTree.ParseText(text, parseOptions, path: $"/Source{i}.cs"));
        var compilation = CSharpCompilation.Create("Scope", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var withAnalyzers = compilation.WithAnalyzers(AnalyzerRobustnessTests.Analyzers, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: true,
            logAnalyzerExecutionTime: true, reportSuppressedDiagnostics: false));
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        return (diagnostics, withAnalyzers);
    }
}
