using System.Linq;
using AgentBay.Generators.Emit;
using AgentBay.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace AgentBay.Generators.Tests;

/// <summary>Every invalid spec gets a located AGB1xxx error; the tests pin the id, the line and the column.</summary>
public sealed class SpecDiagnosticTests
{
    private const string Path = "/specs/test.agentbay.yaml";

    private const string Tool = """
        agentbay: 1
        namespace: Tests
        records:
          R:
            fields:
              RequestId: { type: string, from: requestId }
        session:
          class: S
          toolCall: { action: CallMcpTool, name: Name, args: Args, result: R }
        tools:
          shell:
            server: s
            result: { record: R, format: json }
            args:
              path: { type: string }
        """;

    /// <summary>Runs the generator and returns its single diagnostic, asserting id and 1-based line/column of <paramref name="marker"/>'s occurrence.</summary>
    private static Diagnostic Single(string spec, string id, string marker, int occurrence = 1)
    {
        var (run, _) = GeneratorHarness.Run(Path, spec);
        var diagnostic = Assert.Single(run.Diagnostics.Where(d => d.Id == id));
        var (line, column) = Find(spec, marker, occurrence);
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(Path, span.Path);
        Assert.Equal((line, column), (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1));
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.EndsWith("docs/diagnostics/" + id + ".md", diagnostic.Descriptor.HelpLinkUri);
        Assert.Empty(run.Results.Single().GeneratedSources);
        return diagnostic;
    }

    private static (int Line, int Column) Find(string text, string marker, int occurrence)
    {
        var index = -1;
        for (var i = 0; i < occurrence; i++)
        {
            index = text.IndexOf(marker, index + 1, System.StringComparison.Ordinal);
            Assert.True(index >= 0, $"marker '{marker}' not found");
        }

        var line = text.Take(index).Count(c => c == '\n') + 1;
        var lineStart = index == 0 ? 0 : text.LastIndexOf('\n', index - 1) + 1;
        return (line, index - lineStart + 1);
    }

    [Fact]
    public void Yaml_syntax_error_is_AGB1001()
    {
        var diagnostic = Single("agentbay: 1\nrecords:\n  R: { fields: [1, 2\n", "AGB1001", "[1, 2");
        Assert.Contains("Syntax error", diagnostic.GetMessage());
    }

    [Fact]
    public void Json_syntax_error_is_AGB1001()
    {
        var (run, _) = GeneratorHarness.Run("/specs/test.agentbay.json", "{\n  \"agentbay\": 1,\n  \"records\": {,}\n}");
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("AGB1001", diagnostic.Id);
        Assert.Equal(2, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Fact]
    public void Wrong_node_shape_is_AGB1002()
    {
        var diagnostic = Single("agentbay: 1\nrecords: [a, b]\n", "AGB1002", "[a, b]");
        Assert.Contains("'records'", diagnostic.GetMessage());
    }

    [Fact]
    public void Unknown_key_is_AGB1003()
    {
        var diagnostic = Single("agentbay: 1\nrecods: {}\n", "AGB1003", "recods");
        Assert.Contains("recods", diagnostic.GetMessage());
    }

    [Fact]
    public void Missing_action_is_AGB1004_naming_the_operation_path()
    {
        var spec = "agentbay: 1\nrecords:\n  R:\n    fields:\n      RequestId: { type: string, from: requestId }\nclient:\n  class: C\n  operations:\n    get:\n      returns: R\n";
        var diagnostic = Single(spec, "AGB1004", "returns: R");
        Assert.Contains("'action'", diagnostic.GetMessage());
        Assert.Contains("client.operations.get", diagnostic.GetMessage());
    }

    [Fact]
    public void A_spec_that_declares_nothing_is_AGB1004_at_the_file_start()
    {
        // What a spec cut short after its header leaves: valid keys, nothing to generate.
        var diagnostic = Single("agentbay: 1\nnamespace: Tests\nservice:\n  endpoint: example.com\n  apiVersion: \"1\"\n", "AGB1004", "agentbay");
        Assert.Contains("'enums, records, client, session or tools'", diagnostic.GetMessage());
        Assert.Contains("'(root)'", diagnostic.GetMessage());

        // One declaring section is enough.
        var (run, _) = GeneratorHarness.Run(Path, "agentbay: 1\nnamespace: Tests\nrecords:\n  R:\n    fields:\n      Name: { type: string, wire: name }\n");
        Assert.Empty(run.Diagnostics);
        Assert.NotEmpty(run.Results.Single().GeneratedSources);
    }

    [Fact]
    public void Unsupported_format_version_is_AGB1005()
    {
        Single("agentbay: 2\n", "AGB1005", "2");
    }

    [Fact]
    public void Unknown_type_is_AGB1006_at_the_type_value()
    {
        var spec = "agentbay: 1\nrecords:\n  R:\n    fields:\n      X: { type: strin, wire: x }\n";
        var diagnostic = Single(spec, "AGB1006", "strin");
        Assert.Contains("records.R.fields.X.type", diagnostic.GetMessage());
    }

    [Fact]
    public void Malformed_type_is_AGB1006()
    {
        Single("agentbay: 1\nrecords:\n  R:\n    fields:\n      X: { type: \"map<int,string>\", wire: x }\n", "AGB1006", "\"map<int");
    }

    [Fact]
    public void Unknown_record_is_AGB1007()
    {
        var spec = Tool.Replace("record: R", "record: Missing");
        var diagnostic = Single(spec, "AGB1007", "Missing");
        Assert.Contains("tools.shell.result.record", diagnostic.GetMessage());
    }

    [Fact]
    public void Unknown_returns_record_is_AGB1007()
    {
        var spec = "agentbay: 1\nrecords:\n  R:\n    fields:\n      RequestId: { type: string, from: requestId }\nclient:\n  class: C\n  operations:\n    get:\n      action: Get\n      returns: Nope\n";
        Single(spec, "AGB1007", "Nope");
    }

    [Fact]
    public void Duplicate_tool_method_is_AGB1008()
    {
        var spec = Tool + "\n  shell2:\n    server: s\n    method: Shell\n";
        var diagnostic = Single(spec, "AGB1008", "Shell");
        Assert.Contains("tools.shell2.method", diagnostic.GetMessage());
    }

    [Fact]
    public void Duplicate_key_is_AGB1008_at_the_second_key()
    {
        var spec = "agentbay: 1\nrecords:\n  R:\n    fields:\n      A: { type: string, wire: a }\n      A: { type: string, wire: b }\n";
        Single(spec, "AGB1008", "A:", 2);
    }

    [Fact]
    public void Duplicate_type_names_between_enum_and_record_are_AGB1008()
    {
        var spec = "agentbay: 1\nenums:\n  R:\n    values: { A: a }\nrecords:\n  R:\n    fields:\n      A: { type: string, wire: a }\n";
        Single(spec, "AGB1008", "R:", 2);
    }

    [Fact]
    public void Keyword_names_are_AGB1009()
    {
        var spec = "agentbay: 1\nrecords:\n  class:\n    fields:\n      A: { type: string, wire: a }\n";
        var diagnostic = Single(spec, "AGB1009", "class");
        Assert.Contains("keyword", diagnostic.GetMessage());
    }

    [Fact]
    public void Invalid_identifiers_are_AGB1009()
    {
        Single(Tool.Replace("server: s", "server: s\n    method: Run-It"), "AGB1009", "Run-It");
    }

    [Fact]
    public void Range_with_min_greater_than_max_is_AGB1010()
    {
        var diagnostic = Single(Tool + "\n      n: { type: int, range: [10, 1] }\n", "AGB1010", "[10, 1]");
        Assert.Contains("tools.shell.args.n.range", diagnostic.GetMessage());
    }

    [Fact]
    public void Default_outside_its_range_is_AGB1011()
    {
        Single(Tool + "\n      n: { type: int, default: 0, range: [1, 10] }\n", "AGB1011", "0,");
    }

    [Fact]
    public void Default_of_the_wrong_type_is_AGB1011()
    {
        Single(Tool + "\n      n: { type: bool, default: maybe }\n", "AGB1011", "maybe");
    }

    [Fact]
    public void Invalid_value_is_AGB1013()
    {
        var spec = "agentbay: 1\nrecords:\n  R:\n    fields:\n      X: { type: string, from: nowhere }\n";
        Single(spec, "AGB1013", "nowhere");
    }

    [Fact]
    public void Unresolved_reference_is_AGB1014()
    {
        var spec = "agentbay: 1\nrecords:\n  R:\n    fields:\n      RequestId: { type: string, from: requestId }\nsession:\n  class: S\n  dispose: remove\n  operations:\n    delete:\n      action: Del\n      returns: R\n";
        Single(spec, "AGB1014", "remove");
    }

    [Fact]
    public void Two_spec_files_generating_the_same_type_is_AGB1012()
    {
        var spec = "agentbay: 1\nnamespace: Tests\nrecords:\n  R:\n    fields:\n      A: { type: string, wire: a }\n";
        var (run, output) = GeneratorHarness.Run(new[] { ("/specs/a.agentbay.yaml", spec), ("/specs/b.agentbay.yaml", spec) });

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("AGB1012", diagnostic.Id);
        Assert.Equal("/specs/b.agentbay.yaml", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(3, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Contains("/specs/a.agentbay.yaml", diagnostic.GetMessage());
        Assert.Single(run.Results.Single().GeneratedSources);
        GeneratorHarness.AssertNoProblems(output);
    }

    [Fact]
    public void An_exception_inside_the_emitter_becomes_AGB1000_not_CS8785()
    {
        var file = AgentBaySpecGenerator.EmitSafely(new BrokenUnit());

        Assert.NotNull(file.Error);
        Assert.Contains("ArgumentException", file.Error);
    }

    [Fact]
    public void Valid_small_spec_has_no_diagnostics()
    {
        var (run, output) = GeneratorHarness.Run(Path, Tool + "\n      n: { type: int, default: 5, range: [1, 10] }\n");

        GeneratorHarness.AssertNoDiagnostics(run.Diagnostics);
        GeneratorHarness.AssertNoProblems(output);
    }

    private const string Ops = """
        agentbay: 1
        namespace: Tests
        records:
          R:
            fields:
              RequestId: { type: string, from: requestId }
              Success: { type: bool, from: success }
              Code: { type: int?, wire: code }
        session:
          class: S
          toolCall: { action: CallMcpTool, name: Name, args: Args, result: R }
          operations:
            get:
              action: Get
              returns: R
        """;

    public static TheoryData<string, string, string, int> MisuseCases => new()
    {
        { Ops + "\n      params:\n        request: { type: string, wire: R }\n", "AGB1008", "request:", 1 },
        { Ops + "\n      params:\n        timeout: { type: int, wire: T }\n", "AGB1008", "timeout:", 1 },
        { Ops + "\n      params:\n        n: { type: int, wire: N, notEmpty: true }\n", "AGB1013", "true }", 1 },
        { Ops + "\n      params:\n        n: { type: long, wire: N, default: 0o17 }\n", "AGB1011", "0o17", 1 },
        { Ops + "\n      params:\n        n: { type: double, wire: N, default: .inf }\n", "AGB1011", ".inf", 1 },
        { Ops + "\n      params:\n        m: { type: \"map<string,string>\", wire: M, encode: plain }\n", "AGB1013", "plain", 1 },
        { Ops + "\n      params:\n        s: { type: string, wire: S, error: oops }\n", "AGB1013", "oops", 1 },
        { Ops + "\n      params:\n        Sdk: { value: x, type: string }\n", "AGB1003", "type: string }", 1 },
        { Ops + "\n      poll: { action: P, status: Data.Status, until: [OK], sessionId: none }\n", "AGB1013", "none", 1 },
        { Ops + "\n      poll: { action: P, status: Data.Status, until: OK }\n", "AGB1002", "OK }", 1 },
        { Ops + "\n    raw:\n      kind: toolCall\n      action: CallMcpTool\n", "AGB1003", "action: CallMcpTool", 2 },
        { Ops.Replace("returns: R", "returns: Nope"), "AGB1007", "Nope", 1 },
        { Ops.Replace("toolCall: {", "dispose: raw\n  toolCall: {") + "\n    raw:\n      kind: toolCall\n", "AGB1014", "raw", 1 },
        { Ops.Replace("toolCall: {", "tools: { property: Tool-s }\n  toolCall: {"), "AGB1009", "Tool-s", 1 },
        { Ops + "\ntools:\n  t:\n    server: s\n    result: { record: R, format: json, success: { field: Code, equals: zero } }\n", "AGB1013", "zero", 1 },
        { Ops + "\ntools:\n  t:\n    server: s\n    args:\n      result: { type: string }\n", "AGB1008", "result:", 2 },
        { Ops.Replace("      Code: { type: int?, wire: code }", "      Code: { type: int?, wire: a.code }") + "\ntools:\n  t:\n    server: s\n    args:\n      r: { type: R }\n", "AGB1013", "a.code", 1 },
    };

    [Theory]
    [MemberData(nameof(MisuseCases))]
    public void Specs_the_generated_code_could_not_compile_are_rejected_where_the_mistake_is(string spec, string id, string marker, int occurrence)
    {
        var (run, _) = GeneratorHarness.Run(Path, spec);

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        var (line, column) = Find(spec, marker, occurrence);
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal((line, column), (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1));
    }

    [Fact]
    public void Tool_argument_defaults_that_CSharp_cannot_express_are_sent_when_the_argument_is_null()
    {
        var spec = Ops + "\ntools:\n  t:\n    server: s\n    args:\n      paths: { type: \"list<string>\", default: \"[\\\"/tmp\\\"]\" }\n";
        var (run, output) = GeneratorHarness.Run(Path, spec);

        GeneratorHarness.AssertNoDiagnostics(run.Diagnostics);
        GeneratorHarness.AssertNoProblems(output);
        var tool = run.Results.Single().GeneratedSources.Single(f => f.HintName == "Tests.SessionTools.T.g.cs").SourceText.ToString();
        Assert.Contains("writer.WriteRawValue(\"[\\\"/tmp\\\"]\");", tool);
    }

    [Fact]
    public void The_session_id_wire_name_is_used_by_tool_calls_too()
    {
        var spec = Ops.Replace("  toolCall: {", "  id: { wire: Sid }\n  toolCall: {") + "\ntools:\n  t:\n    server: s\n";
        var (run, output) = GeneratorHarness.Run(Path, spec);

        GeneratorHarness.AssertNoDiagnostics(run.Diagnostics);
        GeneratorHarness.AssertNoProblems(output);
        var session = run.Results.Single().GeneratedSources.Single(f => f.HintName == "Tests.S.g.cs").SourceText.ToString();
        Assert.Contains("request.Add(\"Sid\", SessionId);", session);
        Assert.DoesNotContain("\"SessionId\"", session);
    }

    private sealed record BrokenUnit() : EmitUnit("Broken.g.cs");
}
