using System;
using AgentBay.Cli.Specs;
using Xunit;

namespace AgentBay.Cli.Tests;

/// <summary>The diff stage and the spec reader it compares with.</summary>
public sealed class SpecDiffTests
{
    private static SpecTool Tool(string name, params SpecArgument[] args) => new(name, "srv", Names.Method(name), null, args);

    private static SpecArgument Arg(string name, string type, SpecValue? @default = null, SpecRange? range = null, string[]? allowed = null, bool lossy = false) =>
        new(name, Names.Parameter(name), type, @default, range, allowed, null, lossy);

    [Fact]
    public void Equal_tools_are_no_drift()
    {
        var tools = new[] { Tool("a", Arg("x", "string")), Tool("b") };
        var diff = SpecDiff.Compare(tools, tools);
        Assert.False(diff.HasDrift);
        Assert.Equal("no drift: the spec's tools match the image\n", diff.Format());
    }

    [Fact]
    public void Added_removed_and_changed_tools_are_listed()
    {
        var file = new[]
        {
            Tool("gone"),
            Tool("count_lines", Arg("path", "string"), Arg("old", "int"), Arg("n", "int"), Arg("opt", "string?"), Arg("mode", "string", SpecValue.String("a"), allowed: ["a", "b"]), Arg("t", "int", range: new SpecRange(SpecValue.Number("1"), SpecValue.Number("10")))),
        };
        var service = new[]
        {
            Tool("count_lines", Arg("path", "string?"), Arg("n", "string"), Arg("opt", "string?"), Arg("mode", "string", SpecValue.String("b"), allowed: ["a", "b", "c"]), Arg("t", "int", range: new SpecRange(SpecValue.Number("1"), SpecValue.Number("10.0"))), Arg("extra", "bool")),
            Tool("fresh", Arg("q", "list<string>")),
        };
        var diff = SpecDiff.Compare(file, service);
        Assert.True(diff.HasDrift);
        Assert.Equal("""
            + tool 'fresh' (added): Fresh(q: list<string>)
            - tool 'gone' (removed)
            ~ tool 'count_lines' (changed)
                + argument 'extra': bool (required)
                - argument 'old': int
                ~ argument 'path': required -> optional
                ~ argument 'n': type int -> string
                ~ argument 'mode': default 'a' -> 'b'
                ~ argument 'mode': allowed [a, b] -> [a, b, c]
            drift: 1 added, 1 removed, 1 changed

            """.Replace("\r\n", "\n", StringComparison.Ordinal), diff.Format());
    }

    [Fact]
    public void A_server_change_is_drift()
    {
        var diff = SpecDiff.Compare([Tool("a")], [Tool("a") with { Server = "other" }]);
        Assert.Equal("server: srv -> other", Assert.Single(Assert.Single(diff.Changed).Changes));
    }

    [Fact]
    public void A_default_makes_an_argument_optional()
    {
        var diff = SpecDiff.Compare([Tool("a", Arg("x", "int"))], [Tool("a", Arg("x", "int", SpecValue.Number("3")))]);
        Assert.Equal(["~ argument 'x': required -> optional", "~ argument 'x': default none -> 3"], Assert.Single(diff.Changed).Changes);
    }

    [Fact]
    public void An_argument_the_service_cannot_type_is_a_note_not_drift()
    {
        var diff = SpecDiff.Compare([Tool("edit_file", Arg("edits", "list<FileEdit>"))], [Tool("edit_file", Arg("edits", "json", lossy: true))]);
        Assert.False(diff.HasDrift);
        Assert.Contains("note: tool 'edit_file' argument 'edits': the image's schema cannot be typed (pulled as json); the file's list<FileEdit> is not compared", diff.Format(), StringComparison.Ordinal);
    }

    [Fact]
    public void C_sharp_names_docs_and_results_are_not_compared()
    {
        var file = new SpecTool("run_code", "srv", "Run", "Doc.", [new SpecArgument("timeout_s", "timeoutSeconds", "int", SpecValue.Number("60"), Doc: "Seconds.")], "CodeResult");
        var pulled = new SpecTool("run_code", "srv", "RunCode", null, [new SpecArgument("timeout_s", "timeoutS", "int", SpecValue.Number("60"))]);
        Assert.False(SpecDiff.Compare([file], [pulled]).HasDrift);
    }

    [Fact]
    public void The_reader_reads_the_standard_spec_tools()
    {
        var tools = SpecToolReader.Read(Infrastructure.Generator.StandardSpec, "session.agentbay.yaml");
        Assert.Equal(14, tools.Count);
        var shell = Assert.Single(tools, t => t.Name == "shell");
        Assert.Equal("wuying_shell", shell.Server);
        Assert.Equal("ShellResult", shell.Result);
        Assert.Equal(["command", "timeout_ms", "cwd", "envs"], System.Linq.Enumerable.Select(shell.Arguments, a => a.WireName));
        Assert.Equal(new SpecArgument("timeout_ms", "timeoutMs", "int", SpecValue.Number("50000"), new SpecRange(SpecValue.Number("1"), SpecValue.Number("50000")), null, "Time limit of the command in milliseconds."),
            shell.Arguments[1] with { Range = shell.Arguments[1].Range });
        Assert.Equal("map<string,string>?", shell.Arguments[3].Type);
        Assert.Equal("GetMetrics", Assert.Single(tools, t => t.Name == "get_metrics").Method);
    }

    [Theory]
    [InlineData("tools: [", "x.agentbay.yaml:1:")]
    [InlineData("- a\n- b\n", "x.agentbay.yaml: not a spec")]
    [InlineData("agentbay: 1\ntools: 5\n", "x.agentbay.yaml: 'tools' is not a mapping")]
    [InlineData("agentbay: 1\ntools:\n  t:\n    args:\n      a: { name: x }\n", "x.agentbay.yaml: tools.t.args.a has no type")]
    public void A_broken_spec_file_is_a_clear_error(string text, string message)
    {
        var e = Assert.Throws<CliException>(() => SpecToolReader.Read(text, "x.agentbay.yaml"));
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }
}
