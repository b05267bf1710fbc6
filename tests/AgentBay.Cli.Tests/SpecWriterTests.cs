using System;
using System.Linq;
using AgentBay.Cli.Specs;
using Xunit;

namespace AgentBay.Cli.Tests;

/// <summary>The write stage: tools → YAML text, deterministic, and read back to the same model.</summary>
public sealed class SpecWriterTests
{
    private static readonly SpecSource Source = new("linux_latest", "http://127.0.0.1:8080");

    private static readonly SpecTool Shell = new("shell", "wuying_shell", "Shell", "Runs a shell command.",
    [
        new SpecArgument("command", "command", "string", Doc: "The command."),
        new SpecArgument("timeout_ms", "timeoutMs", "int", SpecValue.Number("50000"), new SpecRange(SpecValue.Number("1"), SpecValue.Number("50000")), Doc: "Time limit."),
        new SpecArgument("envs", "envs", "map<string,string>?"),
    ]);

    private static readonly SpecTool Write = new("write_file", "wuying_filesystem", "WriteFile", null,
    [
        new SpecArgument("mode", "mode", "string", SpecValue.String("overwrite"), Allowed: ["overwrite", "append"]),
        new SpecArgument("opts", "opts", "json?", Lossy: true),
    ]);

    [Fact]
    public void Writes_the_spec_keys_in_a_fixed_order()
    {
        var text = SpecWriter.Write([Write, Shell], Source);
        Assert.Equal("""
            # Tools of image 'linux_latest' as 'http://127.0.0.1:8080' lists them (ListMcpTools),
            # written by `agentbay spec pull`. Regenerate it instead of editing; `agentbay spec diff` compares it with the image.
            # A tool-only spec: compile it next to a spec with a session section and the same namespace.
            agentbay: 1
            namespace: AgentBay

            tools:
              shell:
                server: wuying_shell
                method: Shell
                doc: "Runs a shell command."
                args:
                  command: { type: string, doc: "The command." }
                  timeout_ms: { type: int, name: timeoutMs, default: 50000, range: [1, 50000], doc: "Time limit." }
                  envs: { type: "map<string,string>?" }
                result: text

              write_file:
                server: wuying_filesystem
                method: WriteFile
                args:
                  mode: { type: string, default: overwrite, allowed: [overwrite, append] }
                  opts: { type: "json?" }
                result: text

            """.Replace("\r\n", "\n", StringComparison.Ordinal), text);
    }

    [Fact]
    public void Same_tools_in_any_order_give_the_same_bytes_and_no_date()
    {
        var a = SpecWriter.Write([Shell, Write], Source);
        var b = SpecWriter.Write([Write, Shell], Source);
        Assert.Equal(a, b);
        Assert.DoesNotContain(DateTime.UtcNow.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), a, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", a, StringComparison.Ordinal);
    }

    [Fact]
    public void Pulled_text_converts_to_the_same_bytes_every_time()
    {
        const string list = """[{"name":"z","server":"s","inputSchema":{"properties":{"b":{"type":"integer","minimum":0}, "a":{"type":"string","enum":["x","y"]}}}},{"name":"a","server":"s","inputSchema":{}}]""";
        var first = SpecWriter.Write(SchemaConverter.ConvertToolList(list).Tools, Source);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(first, SpecWriter.Write(SchemaConverter.ConvertToolList(list).Tools, Source));
        }
    }

    [Theory]
    [InlineData("linux_latest", "linux_latest")]
    [InlineData("true", "\"true\"")]
    [InlineData("No", "\"No\"")]
    [InlineData("null", "\"null\"")]
    [InlineData("123", "\"123\"")]
    [InlineData("", "\"\"")]
    [InlineData("a: b", "\"a: b\"")]
    [InlineData("say \"hi\"\n\\", "\"say \\\"hi\\\"\\n\\\\\"")]
    [InlineData("x # y, [z]", "\"x # y, [z]\"")]
    [InlineData("bell\u0007", "\"bell\\u0007\"")]
    public void Scalars_are_quoted_when_plain_would_read_differently(string text, string yaml) => Assert.Equal(yaml, SpecWriter.Scalar(text));

    [Fact]
    public void Written_specs_read_back_to_the_same_tools()
    {
        var odd = new SpecTool("we\"ird: name", "s p", "WeIrdName", "Line one\nline two: {x} # not a comment",
        [
            new SpecArgument("a-b", "aB", "string", SpecValue.String("yes"), Allowed: ["yes", "no", "1", "a,b"], Doc: "[doc]"),
            new SpecArgument("n", "n", "double", SpecValue.Number("0.5"), new SpecRange(SpecValue.Number("-1.5"), SpecValue.Number("1.7976931348623157E+308"))),
            new SpecArgument("flag", "flag", "bool", SpecValue.Boolean(false)),
        ]);
        var text = SpecWriter.Write([Shell, Write, odd], Source, "My.Tools");
        var read = SpecToolReader.Read(text, "x.agentbay.yaml");
        Assert.Equal(3, read.Count);
        foreach (var (expected, actual) in new[] { Shell, Write, odd }.OrderBy(t => t.Name, StringComparer.Ordinal).Zip(read))
        {
            Assert.Equal(expected.Name, actual.Name);
            Assert.Equal(expected.Server, actual.Server);
            Assert.Equal(expected.Method, actual.Method);
            Assert.Equal(expected.Doc, actual.Doc);
            Assert.Equal(expected.Arguments.Select(a => a with { Lossy = false }), actual.Arguments, new ArgumentComparer());
        }

        Assert.False(SpecDiff.Compare(read, [Shell, Write, odd]).HasDrift);
    }

    [Fact]
    public void Image_and_endpoint_stay_on_their_comment_lines()
    {
        var text = SpecWriter.Write([Shell], new SpecSource("evil\nagentbay: 2", "http://h"));
        Assert.Contains("# Tools of image 'evil agentbay: 2' as", text, StringComparison.Ordinal);
        Assert.Single(SpecToolReader.Read(text, "x.agentbay.yaml"));
    }

    private sealed class ArgumentComparer : System.Collections.Generic.IEqualityComparer<SpecArgument>
    {
        public bool Equals(SpecArgument? x, SpecArgument? y) =>
            x is not null && y is not null && x.WireName == y.WireName && x.CSharpName == y.CSharpName && x.Type == y.Type
            && (x.Default is null ? y.Default is null : x.Default.SameAs(y.Default))
            && (x.Range is null ? y.Range is null : x.Range.SameAs(y.Range))
            && (x.Allowed ?? []).SequenceEqual(y.Allowed ?? []) && x.Doc == y.Doc;

        public int GetHashCode(SpecArgument obj) => obj.WireName.GetHashCode(StringComparison.Ordinal);
    }
}
