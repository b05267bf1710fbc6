using System;
using System.Linq;
using AgentBay.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace AgentBay.Generators.Tests.Fuzz;

/// <summary>Specs the fuzz test found that the generator accepted but whose generated code did not compile (or took seconds).</summary>
[Collection("Fuzz")]
public class SpecFuzzRegressionTests
{
    private static string Standard => GeneratorHarness.StandardSpec;

    [Theory]
    [InlineData("RequestId: { type: string, from: requestId, doc: Unique identifier of this API request. }", "RequestId: { type: \"list<FileEdit>\", from: requestId }", "string")]
    [InlineData("Success: { type: bool, from: success, doc: True if the deletion succeeded. }", "Success: { type: string, from: success }", "bool")]
    [InlineData("HttpStatusCode: { type: \"int?\", from: httpStatusCode, doc: HTTP status of the failed reply. }", "HttpStatusCode: { type: \"bool?\", from: httpStatusCode }", "int")]
    [InlineData("Status: { type: \"string?\", from: status, doc: Status of the session (PAUSED when successful). }", "Status: { type: \"SessionStatus?\", from: status }", "string")]
    public void Field_from_the_outcome_with_another_type_is_rejected(string field, string mutated, string expected)
    {
        var run = AssertRejected(field, mutated, "must be of type " + expected, atLineOf: mutated);

        Assert.Empty(run.GeneratedTrees);
    }

    [Fact]
    public void Generic_record_nested_in_a_record_is_rejected()
    {
        // Fuzz case #153 of seed 20251124: the generated SessionInfo called OperationResult.ReadFrom (CS0305).
        var mutated = "AuthCode: { type: \"OperationResult<bool>\", wire: DesktopInfo.AuthCode, doc: Authentication code. }";
        AssertRejected("AuthCode: { type: \"string?\", wire: DesktopInfo.AuthCode, doc: Authentication code. }", mutated, "generic record OperationResult", atLineOf: mutated);
    }

    [Fact]
    public void Record_holding_a_session_nested_in_a_list_is_rejected()
    {
        // Fuzz case #374 of seed 20251124: McpTool got no ReadFrom/WriteJson, which McpToolsResult calls (CS0117).
        AssertRejected("Name: { type: string, wire: name, doc: \"Tool name, e.g. shell.\" }", "Name: { type: session, wire: name }",
            "McpTool holds a session", atLineOf: "Tools: { type: \"list<McpTool>\"");
    }

    [Fact]
    public void Type_argument_of_a_returned_record_holding_a_session_is_rejected()
    {
        // Fuzz case #4009 of seed 7: Session.Info read OperationResult<SessionInfo> with SessionInfo.ReadFrom, which a record
        // holding a session does not get (CS0117).
        AssertRejected("ResourceUrl: { type: \"string?\", wire: ResourceUrl, doc: URL for accessing the session. }", "ResourceUrl: { type: session, wire: ResourceUrl }",
            "SessionInfo holds a session");
    }

    [Fact]
    public void Session_as_a_list_element_is_rejected()
    {
        AssertRejected("Tools: { type: \"list<McpTool>\", wire: Data, doc: The tools. }", "Tools: { type: \"list<session>\", wire: Data }");
    }

    [Fact]
    public void Tool_result_record_holding_a_session_is_rejected()
    {
        // Fuzz case #5067: RunCode called CodeResult.FromOutcome without the session factory it then required (CS7036).
        AssertRejected("Stdout: { type: \"list<string>?\", wire: stdout, doc: Lines written to standard output. }", "Stdout: { type: session, wire: stdout }",
            "cannot be a tool's result");
    }

    [Fact]
    public void Session_id_parameter_of_another_type_is_rejected()
    {
        // Fuzz case #4041: Get passed a list as the runtime's string sessionId (CS1503).
        var mutated = "sessionId: { type: \"list<FileEdit>\", wire: SessionId, notEmpty: true }";
        AssertRejected("sessionId: { type: string, wire: SessionId, notEmpty: true, doc: Id of the session. }", mutated,
            "'sessionId' parameter must be of type string", atLineOf: mutated);
    }

    [Fact]
    public void Namespace_too_long_for_metadata_is_rejected_quickly()
    {
        // Fuzz case #214: a 1 MB namespace was accepted, repeated in every generated file (30 MB of code, seconds to emit)
        // and could not have been compiled into metadata anyway (names are limited to 1024 bytes).
        var spec = ReplaceOnce(Standard, "namespace: AgentBay", "namespace: " + new string('N', 1 << 20));
        // Warmed up first: run alone, a cold process spends seconds loading and JIT-compiling the harness.
        GeneratorHarness.Run(GeneratorHarness.StandardSpecPath, Standard);
        var watch = Infrastructure.CpuTimer.StartNew();

        var (run, _) = GeneratorHarness.Run(GeneratorHarness.StandardSpecPath, spec);

        // CPU time, so a loaded machine cannot fail it: the bug took seconds of emitting, the fix rejects at once.
        var elapsed = watch.Elapsed;
        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"took {elapsed} of CPU time");
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("AGB1009", diagnostic.Id);
        Assert.Equal(LineOf(spec, "namespace: NNN"), diagnostic.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Fact]
    public void Longest_allowed_names_compile()
    {
        AssertCompiles("namespace: AgentBay", "namespace: " + new string('N', 500));
    }

    [Theory]
    [InlineData('\u0085')]
    [InlineData('\u2028')]
    [InlineData('\u2029')]
    public void Doc_with_unicode_line_separators_compiles(char separator)
    {
        AssertCompiles("doc: Offset of the first byte to read.", "doc: \"Offset of" + separator + "the first byte to read.\"");
    }

    /// <summary>
    /// Replaces <paramref name="original"/> with <paramref name="mutated"/> in the standard spec and asserts the generator
    /// reports exactly one diagnostic, AGB1013, whose message contains <paramref name="message"/> (when given) and which
    /// starts on the line of <paramref name="atLineOf"/> (when given).
    /// </summary>
    private static GeneratorDriverRunResult AssertRejected(string original, string mutated, string? message = null, string? atLineOf = null)
    {
        var spec = ReplaceOnce(Standard, original, mutated);

        var (run, _) = GeneratorHarness.Run(GeneratorHarness.StandardSpecPath, spec);

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("AGB1013", diagnostic.Id);
        if (message is not null)
        {
            Assert.Contains(message, diagnostic.GetMessage(), StringComparison.Ordinal);
        }

        if (atLineOf is not null)
        {
            Assert.Equal(LineOf(spec, atLineOf), diagnostic.Location.GetLineSpan().StartLinePosition.Line);
        }

        return run;
    }

    /// <summary>Replaces <paramref name="original"/> in the standard spec: no generator diagnostic, and the output compiles without errors.</summary>
    private static void AssertCompiles(string original, string replacement)
    {
        var spec = ReplaceOnce(Standard, original, replacement);

        var (run, output) = GeneratorHarness.Run(GeneratorHarness.StandardSpecPath, spec);

        Assert.Empty(run.Diagnostics);
        Assert.DoesNotContain(output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
    }

    private static string ReplaceOnce(string text, string what, string with)
    {
        var at = text.IndexOf(what, StringComparison.Ordinal);
        Assert.True(at >= 0, "the standard spec no longer contains: " + what);
        return text.Substring(0, at) + with + text.Substring(at + what.Length);
    }

    private static int LineOf(string text, string what) =>
        text.Substring(0, text.IndexOf(what, StringComparison.Ordinal)).Count(c => c == '\n');
}
