using AgentBay.Generators.Spec.Syntax;
using Xunit;
using static AgentBay.Generators.Tests.Syntax.SpecTree;

namespace AgentBay.Generators.Tests.Syntax;

public class YamlScalarTests
{
    [Theory]
    [InlineData("a: hello", "{a: hello}")]
    [InlineData("a: hello world  ", "{a: hello world}")]
    [InlineData("a: x:y", "{a: x:y}")]
    [InlineData("a: http://example.com:8080/p", "{a: http://example.com:8080/p}")]
    [InlineData("a: x#y", "{a: x#y}")]
    [InlineData("a: x #y", "{a: x}")]
    [InlineData("a: string?", "{a: string?}")]
    [InlineData("a: -1", "{a: -1}")]
    [InlineData("a: -x", "{a: -x}")]
    [InlineData("a: ?x", "{a: ?x}")]
    [InlineData("a: :x", "{a: :x}")]
    [InlineData("a: x, y]", "{a: x, y]}")]
    [InlineData("a: x [y] {z}", "{a: x [y] {z}}")]
    [InlineData("a:\tx", "{a: x}")]
    [InlineData("a: a\"b'c", "{a: a\"b'c}")]
    [InlineData("a: 2025-05-06", "{a: 2025-05-06}")]
    public void Plain_scalars_in_block_context(string yaml, string expected) => Assert.Equal(expected, Yaml(yaml));

    [Fact]
    public void Multi_line_plain_scalar_folds_more_indented_lines()
    {
        Assert.Equal("{a: one two three, b: x}", Yaml("a: one\n  two\n    three\nb: x"));
        Assert.Equal("{a: one\ntwo}", Yaml("a: one\n\n  two"));
        Assert.Equal("{a: one\n\ntwo}", Yaml("a: one\n\n  \n  two"));
        Assert.Equal("{a: one - two [x]}", Yaml("a: one\n  - two\n  [x]"));
        Assert.Equal("[one two, three]", Yaml("- one\n  two\n- three"));
        Assert.Equal("{a: {b: one two}}", Yaml("a:\n  b: one\n   two"));
    }

    [Fact]
    public void Multi_line_plain_scalar_ends_at_comment_line()
    {
        Assert.Equal("{a: one, b: two}", Yaml("a: one\n  # note\nb: two"));
    }

    [Fact]
    public void Multi_line_plain_scalar_range_covers_all_lines()
    {
        SpecNode root = ReadYaml("a: one\n  two   \nb: x");
        At(Scalar(root, "a").Range, 0, 3, 1, 5);
    }

    [Fact]
    public void Plain_scalar_at_document_level()
    {
        Assert.Equal("hello world", Yaml("hello\nworld\n"));
        Assert.Equal("x", Yaml("--- x"));
    }

    [Theory]
    [InlineData("a: 'it''s'", "{a: 'it's'}")]
    [InlineData("a: ''", "{a: ''}")]
    [InlineData("a: 'x # not a comment'", "{a: 'x # not a comment'}")]
    [InlineData("a: 'back\\slash \"q\"'", "{a: 'back\\slash \"q\"'}")]
    [InlineData("a: 'one\n  two'", "{a: 'one two'}")]
    [InlineData("a: 'one   \n   two'", "{a: 'one two'}")]
    [InlineData("a: 'one\n\n  two'", "{a: 'one\ntwo'}")]
    [InlineData("a: 'one\n\n\n  two'", "{a: 'one\n\ntwo'}")]
    [InlineData("a: '  padded  '", "{a: '  padded  '}")]
    [InlineData("'k': v", "{'k': v}")]
    [InlineData("'a b': v", "{'a b': v}")]
    public void Single_quoted_scalars(string yaml, string expected) => Assert.Equal(expected, Yaml(yaml));

    [Theory]
    [InlineData("a: \"x\"", "x")]
    [InlineData("a: \"\"", "")]
    [InlineData("a: \"tab\\there\"", "tab\there")]
    [InlineData("a: \"line\\nbreak\"", "line\nbreak")]
    [InlineData("a: \"q\\\"q\"", "q\"q")]
    [InlineData("a: \"b\\\\s\"", "b\\s")]
    [InlineData("a: \"s\\/s\"", "s/s")]
    [InlineData("a: \"\\u00e9\\u4e2d\"", "\u00e9\u4e2d")]
    [InlineData("a: \"\\uD83D\\uDE00\"", "\U0001F600")]
    [InlineData("a: \"\\U0001F600\"", "\U0001F600")]
    [InlineData("a: \"\\x41\\0\\a\\b\\v\\f\\r\\e\\ \\N\\_\\L\\P\"", "A\0\a\b\v\f\r\u001b \u0085\u00a0\u2028\u2029")]
    [InlineData("a: \"one\n  two\"", "one two")]
    [InlineData("a: \"one  \n  \n  two\"", "one\ntwo")]
    [InlineData("a: \"one\\\n  two\"", "onetwo")]
    [InlineData("a: \"one \\\n  two\"", "one two")]
    [InlineData("a: \"one\\n\\\n  \\ two\"", "one\n two")]
    [InlineData("a: \"x # y\"", "x # y")]
    [InlineData("a: \"{not: flow}\"", "{not: flow}")]
    [InlineData("a: \"map<string,string>?\"", "map<string,string>?")]
    public void Double_quoted_scalars(string yaml, string expected)
    {
        SpecScalar scalar = Scalar(ReadYaml(yaml), "a");
        Assert.Equal(SpecScalarStyle.DoubleQuoted, scalar.Style);
        Assert.Equal(expected, scalar.Value);
        Assert.False(scalar.IsNull);
    }

    [Fact]
    public void Quoted_scalar_ranges_include_the_quotes()
    {
        SpecNode root = ReadYaml("a: \"x\\ty\"\nb: 'p\n  q'");
        At(Scalar(root, "a").Range, 0, 3, 0, 9);
        At(Scalar(root, "b").Range, 1, 3, 2, 4);
    }

    [Fact]
    public void Literal_block_scalar_keeps_line_breaks()
    {
        SpecScalar doc = Scalar(ReadYaml("doc: |\n  Runs a shell command.\n  Returns stdout.\nnext: 1"), "doc");
        Assert.Equal(SpecScalarStyle.Literal, doc.Style);
        Assert.Equal("Runs a shell command.\nReturns stdout.\n", doc.Value);
        At(doc.Range, 0, 5, 2, 17);
    }

    [Fact]
    public void Folded_block_scalar_joins_lines()
    {
        SpecScalar doc = Scalar(ReadYaml("doc: >\n  Detailed information about a session,\n  as returned by info().\n"), "doc");
        Assert.Equal(SpecScalarStyle.Folded, doc.Style);
        Assert.Equal("Detailed information about a session, as returned by info().\n", doc.Value);
    }

    [Theory]
    [InlineData("|", "a\n b\n\nc\n")]
    [InlineData("|-", "a\n b\n\nc")]
    [InlineData("|+", "a\n b\n\nc\n\n\n")]
    [InlineData(">", "a\n b\n\nc\n")]
    [InlineData(">-", "a\n b\n\nc")]
    [InlineData(">+", "a\n b\n\nc\n\n\n")]
    [InlineData("|2", "a\n b\n\nc\n")]
    [InlineData("|1", " a\n  b\n\n c\n")]
    [InlineData("|-1", " a\n  b\n\n c")]
    [InlineData("|1-", " a\n  b\n\n c")]
    [InlineData(">+1", " a\n  b\n\n c\n\n\n")]
    [InlineData("| # comment", "a\n b\n\nc\n")]
    public void Block_scalar_chomping_and_indentation_indicators(string header, string expected)
    {
        string yaml = "k:\n  x: " + header + "\n    a\n     b\n\n    c\n\n\n  y: 1\n";
        SpecNode root = ReadYaml(yaml);
        Assert.Equal(expected, Scalar(root, "k", "x").Value);
        Assert.Equal("1", Scalar(root, "k", "y").Value);
    }

    [Fact]
    public void Folded_block_scalar_keeps_more_indented_lines_and_empty_lines()
    {
        string yaml = "d: >\n  one\n  two\n\n  three\n    code\n    more\n  four\n";
        Assert.Equal("one two\nthree\n  code\n  more\nfour\n", Scalar(ReadYaml(yaml), "d").Value);
    }

    [Fact]
    public void Block_scalar_indentation_is_detected_from_first_non_empty_line()
    {
        Assert.Equal("\nx\n  y\n", Scalar(ReadYaml("d: |\n\n      x\n        y\n"), "d").Value);
        Assert.Equal("# not a comment\n", Scalar(ReadYaml("d: |\n  # not a comment\n# a comment\n"), "d").Value);
    }

    [Fact]
    public void Empty_block_scalars()
    {
        Assert.Equal("{d: |\"\", e: 1}", Yaml("d: |\ne: 1"));
        Assert.Equal("{d: >\"\"}", Yaml("d: >"));
        Assert.Equal("{d: |\"\"}", Yaml("d: |-\n\n"));
        Assert.Equal("{d: |\"\n\"}", Yaml("d: |+\n\n"));
    }

    [Fact]
    public void Block_scalar_without_final_line_break()
    {
        Assert.Equal("x\ny", Scalar(ReadYaml("d: |\n  x\n  y"), "d").Value);
    }

    [Fact]
    public void Block_scalar_in_sequence_and_at_document_level()
    {
        Assert.Equal("[|\"a\nb\n\", >\"c d\"]", Yaml("- |\n  a\n  b\n- >-\n  c\n  d\n"));
        Assert.Equal("|\"top\n\"", Yaml("--- |\ntop\n"));
    }

    [Fact]
    public void Block_scalar_with_crlf_line_breaks()
    {
        Assert.Equal("a\nb\n", Scalar(ReadYaml("d: |\r\n  a\r\n  b\r\ne: 1\r\n"), "d").Value);
        Assert.Equal("a b\n", Scalar(ReadYaml("d: >\r\n  a\r\n  b\r\n"), "d").Value);
    }

    [Theory]
    [InlineData("a:", true)]
    [InlineData("a: ~", true)]
    [InlineData("a: null", true)]
    [InlineData("a: Null", true)]
    [InlineData("a: NULL", true)]
    [InlineData("a: # comment", true)]
    [InlineData("a: nULL", false)]
    [InlineData("a: 'null'", false)]
    [InlineData("a: \"~\"", false)]
    [InlineData("a: ''", false)]
    [InlineData("a: nil", false)]
    public void Null_scalars(string yaml, bool isNull) => Assert.Equal(isNull, Scalar(ReadYaml(yaml), "a").IsNull);

    [Fact]
    public void Empty_value_is_an_empty_plain_scalar_right_after_the_colon()
    {
        SpecNode root = ReadYaml("a:\nbb:   \n- x");
        SpecScalar a = Scalar(root, "a");
        Assert.True(a.IsNull);
        Assert.Equal(string.Empty, a.Value);
        Assert.Equal(SpecScalarStyle.Plain, a.Style);
        At(a.Range, 0, 2, 0, 2);
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("42", 42L)]
    [InlineData("-42", -42L)]
    [InlineData("+7", 7L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("0x1F", 31L)]
    [InlineData("0o17", 15L)]
    [InlineData("007", 7L)]
    public void TryGetInt64_accepts_core_schema_integers(string text, long expected)
    {
        Assert.True(Scalar(ReadYaml("a: " + text), "a").TryGetInt64(out long value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("a: 1.5")]
    [InlineData("a: 1e3")]
    [InlineData("a: 9223372036854775808")]
    [InlineData("a: '42'")]
    [InlineData("a: \"42\"")]
    [InlineData("a: 42abc")]
    [InlineData("a: 1_000")]
    [InlineData("a: 0x")]
    [InlineData("a: 0xG")]
    [InlineData("a: 0o8")]
    [InlineData("a: ' 1'")]
    [InlineData("a: |\n  1")]
    [InlineData("a:")]
    public void TryGetInt64_rejects_everything_else(string yaml) =>
        Assert.False(Scalar(ReadYaml(yaml), "a").TryGetInt64(out _));

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData("-2e10", -2e10)]
    [InlineData(".5", 0.5)]
    [InlineData("1.", 1.0)]
    [InlineData("42", 42.0)]
    [InlineData("1E-3", 0.001)]
    [InlineData("+1.25e+2", 125.0)]
    [InlineData(".inf", double.PositiveInfinity)]
    [InlineData("-.Inf", double.NegativeInfinity)]
    [InlineData("+.INF", double.PositiveInfinity)]
    [InlineData("0x10", 16.0)]
    public void TryGetDouble_accepts_core_schema_numbers(string text, double expected)
    {
        Assert.True(Scalar(ReadYaml("a: " + text), "a").TryGetDouble(out double value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void TryGetDouble_reads_nan()
    {
        Assert.True(Scalar(ReadYaml("a: .nan"), "a").TryGetDouble(out double value));
        Assert.True(double.IsNaN(value));
    }

    [Theory]
    [InlineData("a: '1.5'")]
    [InlineData("a: 1.5.2")]
    [InlineData("a: e5")]
    [InlineData("a: 1e")]
    [InlineData("a: .")]
    [InlineData("a: -.nan")]
    [InlineData("a: inf")]
    [InlineData("a: 1,5")]
    [InlineData("a: ' 1.5'")]
    [InlineData("a:")]
    public void TryGetDouble_rejects_everything_else(string yaml) =>
        Assert.False(Scalar(ReadYaml(yaml), "a").TryGetDouble(out _));

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("TRUE", true)]
    [InlineData("false", false)]
    [InlineData("False", false)]
    [InlineData("FALSE", false)]
    public void TryGetBoolean_accepts_true_and_false(string text, bool expected)
    {
        Assert.True(Scalar(ReadYaml("a: " + text), "a").TryGetBoolean(out bool value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("a: yes")]
    [InlineData("a: on")]
    [InlineData("a: tRUE")]
    [InlineData("a: 'true'")]
    [InlineData("a: \"false\"")]
    [InlineData("a: 1")]
    [InlineData("a:")]
    public void TryGetBoolean_rejects_everything_else(string yaml) =>
        Assert.False(Scalar(ReadYaml(yaml), "a").TryGetBoolean(out _));
}
