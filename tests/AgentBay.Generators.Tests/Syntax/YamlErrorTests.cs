using System.Text;
using AgentBay.Generators.Spec.Syntax;
using Xunit;
using static AgentBay.Generators.Tests.Syntax.SpecTree;

namespace AgentBay.Generators.Tests.Syntax;

/// <summary>Every YAML error: exact message and exact 0-based start line and column.</summary>
public class YamlErrorTests
{
    private const string Tab = "tab characters are not allowed in indentation";
    private const string Unsupported = "YAML anchors, aliases and tags are not supported in spec files";
    private const string SecondDocument = "spec files must contain a single YAML document; found a second document";

    [Theory]
    [InlineData("a:\n\tb: 1", 1, 0)]
    [InlineData("a:\n  \tb: 1", 1, 2)]
    [InlineData("a:\n \t b: 1", 1, 1)]
    [InlineData("- a\n-\tb: 1", 1, 1)]
    [InlineData("- a\n- \t- b", 1, 2)]
    [InlineData("a: |\n  x\n\ty\n", 2, 0)]
    public void Tab_in_indentation(string yaml, int line, int column) => AssertYamlError(yaml, Tab, line, column);

    [Fact]
    public void Tabs_are_fine_in_blank_lines_after_indicators_and_inside_values()
    {
        Assert.Equal("{a: x\ty, b: 1}", Yaml("a:\tx\ty\n\t\n \t# comment\nb: 1"));
        Assert.Equal("[x]", Yaml("-\tx"));
        Assert.Equal("{d: |\"\tcode\n\"}", Yaml("d: |\n  \tcode\n"));
    }

    [Theory]
    [InlineData("a:\n  b: 1\n c: 2", "bad indentation of a mapping entry", 2, 1)]
    [InlineData("a: 1\n  b: 2", "bad indentation of mapping key 'b'", 1, 2)]
    [InlineData("a:\n  b: one\n    c: 2", "bad indentation of mapping key 'c'", 2, 4)]
    [InlineData("a: \"x\"\n  b: 2", "bad indentation of a mapping entry", 1, 2)]
    [InlineData("a: [x]\n   b", "bad indentation of a mapping entry", 1, 3)]
    [InlineData("- \"a\"\n  - b", "bad indentation of a sequence item", 1, 2)]
    [InlineData("- a: 1\n b: 2", "bad indentation of a sequence item", 1, 1)]
    [InlineData("  a: 1\nb: 2", "bad indentation: this line is less indented than the document's root node", 1, 0)]
    [InlineData("- a\nb: 1", "expected a sequence item ('- ') at this indentation, found 'b'", 1, 0)]
    [InlineData("a:\n  - x\n  y: 1", "expected a sequence item ('- ') at this indentation, found 'y'", 2, 2)]
    [InlineData("a: 1\n- b", "expected a mapping key at this indentation, found a sequence item ('- ')", 1, 0)]
    [InlineData("\"a\"\nb", "unexpected content after the document's root node", 1, 0)]
    public void Bad_indentation(string yaml, string message, int line, int column) => AssertYamlError(yaml, message, line, column);

    [Theory]
    [InlineData("a: \"abc\nb: 1", "unterminated double-quoted scalar (missing closing '\"')", 0, 3)]
    [InlineData("a: \"abc", "unterminated double-quoted scalar (missing closing '\"')", 0, 3)]
    [InlineData("a: \"abc\\", "unterminated double-quoted scalar (missing closing '\"')", 0, 3)]
    [InlineData("a: \"abc\n\n", "unterminated double-quoted scalar (missing closing '\"')", 0, 3)]
    [InlineData("a:\n  b: \"x\n  y\"", "unterminated double-quoted scalar (missing closing '\"')", 1, 5)]
    [InlineData("a: 'it''s\nb: 1", "unterminated single-quoted scalar (missing closing \"'\")", 0, 3)]
    [InlineData("- 'x", "unterminated single-quoted scalar (missing closing \"'\")", 0, 2)]
    [InlineData("\"k\n---\n\"", "unterminated double-quoted scalar (missing closing '\"')", 0, 0)]
    [InlineData("a: [1, 2\nb: 3", "unterminated flow sequence (missing ']')", 0, 3)]
    [InlineData("a: [1, 2", "unterminated flow sequence (missing ']')", 0, 3)]
    [InlineData("a: {x: 1,\n  y: 2\n", "unterminated flow mapping (missing '}')", 0, 3)]
    [InlineData("a: {x: [1,\n", "unterminated flow sequence (missing ']')", 0, 7)]
    [InlineData("a:\n  b: [1,\n  2]", "unterminated flow sequence (missing ']')", 1, 5)]
    [InlineData("[a,\n---\n]", "unterminated flow sequence (missing ']')", 0, 0)]
    [InlineData("a: { b: [1, 2 }", "expected ',' or ']' in a flow sequence, found '}'", 0, 14)]
    [InlineData("a: [1, 2}", "expected ',' or ']' in a flow sequence, found '}'", 0, 8)]
    public void Unterminated_quotes_and_flow_collections(string yaml, string message, int line, int column) =>
        AssertYamlError(yaml, message, line, column);

    [Theory]
    [InlineData("a: &x 1", 0, 3, 5)]
    [InlineData("a: *x", 0, 3, 5)]
    [InlineData("a: !!str 1", 0, 3, 8)]
    [InlineData("a: !t\n  b: 1", 0, 3, 5)]
    [InlineData("&a k: v", 0, 0, 2)]
    [InlineData("a: [1, *x]", 0, 7, 10)]
    [InlineData("a: {k: &v 1}", 0, 7, 9)]
    [InlineData("- !t x", 0, 2, 4)]
    [InlineData("a:\n  b: 1\n  &c d: 2", 2, 2, 4)]
    [InlineData("a:\n  *ref", 1, 2, 6)]
    public void Anchors_aliases_and_tags(string yaml, int line, int column, int endColumn)
    {
        SpecSyntaxError error = AssertYamlError(yaml, Unsupported, line, column);
        At(error.Range.End, line, endColumn);
    }

    [Theory]
    [InlineData("a: 1\nrecords\nb: 2", "expected ':' after mapping key 'records'", 1, 7)]
    [InlineData("a: 1\nrecords [x]", "expected ':' after mapping key 'records [x]'", 1, 11)]
    [InlineData("a: 1\n\"q\" x: 1", "expected ':' after mapping key 'q'", 1, 3)]
    [InlineData("a: 1\nb:c", "expected ':' after mapping key 'b:c'", 1, 3)]
    [InlineData("a:\n  b: 1\n  c", "expected ':' after mapping key 'c'", 2, 3)]
    [InlineData("- a: 1\n  b", "expected ':' after mapping key 'b'", 1, 3)]
    [InlineData("a: {x: 1 y: 2}", "expected ',' or '}' in a flow mapping, found ':'", 0, 10)]
    [InlineData("a: {\"x\" 1}", "expected ':' after mapping key 'x'", 0, 7)]
    [InlineData("\"k\":v", "expected a space after the ':' of mapping key 'k'", 0, 4)]
    [InlineData("a: 1\n'k':{}", "expected a space after the ':' of mapping key 'k'", 1, 4)]
    public void Mapping_key_without_colon(string yaml, string message, int line, int column)
    {
        SpecSyntaxError error = AssertYamlError(yaml, message, line, column);
        Assert.True(error.Range.Length <= 1);
    }

    [Fact]
    public void Long_keys_are_shortened_in_messages()
    {
        string key = new string('k', 100);
        AssertYamlError("a: 1\n" + key, "expected ':' after mapping key '" + new string('k', 40) + "...'", 1, 100);
    }

    [Theory]
    [InlineData("a: 1\n---\nb: 2", 1, 0)]
    [InlineData("---\na: 1\n--- \nb: 2", 2, 0)]
    [InlineData("a: 1\n...\n---\nb: 2", 2, 0)]
    [InlineData("a: 1\n...\nb: 2", 2, 0)]
    [InlineData("- x\n---", 1, 0)]
    public void Second_document(string yaml, int line, int column) => AssertYamlError(yaml, SecondDocument, line, column);

    [Theory]
    [InlineData("a: [1, 2] x", "unexpected text after a flow collection on the same line", 0, 10)]
    [InlineData("a: {b: 1}, c", "unexpected text after a flow collection on the same line", 0, 9)]
    [InlineData("- [x]]", "unexpected text after a flow collection on the same line", 0, 5)]
    [InlineData("a: [x]#c", "a comment needs a space before '#'", 0, 6)]
    [InlineData("[a]: b", "flow collections cannot be used as mapping keys", 0, 3)]
    [InlineData("a: {[x]: 1}", "flow collections cannot be used as mapping keys", 0, 4)]
    [InlineData("a: [[x]: 1]", "flow collections cannot be used as mapping keys", 0, 7)]
    [InlineData("a: [1, , 2]", "expected a value, found ','", 0, 7)]
    [InlineData("a: [,]", "expected a value, found ','", 0, 4)]
    [InlineData("a: [1,,]", "expected a value, found ','", 0, 6)]
    [InlineData("a: {,}", "expected a value, found ','", 0, 4)]
    [InlineData("a: [a,#c]", "a comment needs a space before '#'", 0, 6)]
    [InlineData("a: [- x]", "block sequence items ('- ') are not allowed inside a flow collection", 0, 4)]
    [InlineData("a: [|]", "block scalars ('|', '>') are not allowed inside a flow collection", 0, 4)]
    [InlineData("a: {: x}", "expected a mapping key before ':'", 0, 4)]
    [InlineData("a: [x: 1: 2]", "expected ',' or ']' in a flow sequence, found ':'", 0, 8)]
    public void Flow_collection_errors(string yaml, string message, int line, int column) =>
        AssertYamlError(yaml, message, line, column);

    [Theory]
    [InlineData("a: b: c", "unexpected ':' after a plain scalar (a nested mapping must start on a new line)", 0, 4)]
    [InlineData("a: x:", "unexpected ':' after a plain scalar (a nested mapping must start on a new line)", 0, 4)]
    [InlineData("a: \"b\": c", "unexpected ':' after a quoted scalar (a nested mapping must start on a new line)", 0, 6)]
    [InlineData("a: - b", "a block sequence cannot start on this line; start it on a new line", 0, 3)]
    [InlineData("a: -", "a block sequence cannot start on this line; start it on a new line", 0, 3)]
    [InlineData("--- - a", "a block sequence cannot start on this line; start it on a new line", 0, 4)]
    [InlineData("? a\n: b", "complex mapping keys ('? ') are not supported in spec files", 0, 0)]
    [InlineData("a:\n  ? b", "complex mapping keys ('? ') are not supported in spec files", 1, 2)]
    [InlineData(": x", "unexpected ':' (a mapping key cannot be empty)", 0, 0)]
    [InlineData("a: 1\n: x", "unexpected ':' (a mapping key cannot be empty)", 1, 0)]
    [InlineData("a: @x", "'@' cannot start a plain scalar; quote the value", 0, 3)]
    [InlineData("a: `x`", "'`' cannot start a plain scalar; quote the value", 0, 3)]
    [InlineData("a: %x", "'%' cannot start a plain scalar; quote the value", 0, 3)]
    [InlineData("a: ]", "']' cannot start a plain scalar; quote the value", 0, 3)]
    [InlineData("a: ,x", "',' cannot start a plain scalar; quote the value", 0, 3)]
    [InlineData("a: 1\n[x]", "expected a mapping key, found '['", 1, 0)]
    [InlineData("a: 1\n|", "expected a mapping key, found '|'", 1, 0)]
    [InlineData("%YAML 1.2\n---\na: 1", "YAML directives ('%') are not supported in spec files", 0, 0)]
    [InlineData("a: \"x\" y", "unexpected text after a quoted scalar", 0, 7)]
    [InlineData("a: \"x\"#c", "a comment needs a space before '#'", 0, 6)]
    [InlineData("\"a\":#c\n", "expected a space after the ':' of mapping key 'a'", 0, 4)]
    [InlineData("a: [x]\t#c\nb: 'y'#c", "a comment needs a space before '#'", 1, 6)]
    [InlineData("a: |x\n  t", "unexpected text after the block scalar header (the text starts on the next line)", 0, 4)]
    [InlineData("a: |0\n  t", "the indentation indicator of a block scalar must be 1 to 9", 0, 4)]
    [InlineData("a: 1\n... x", "unexpected text after the document end marker '...'", 1, 4)]
    [InlineData("a:\n  b\n  c: 1", "bad indentation of mapping key 'c'", 2, 2)]
    public void Other_syntax_errors(string yaml, string message, int line, int column) =>
        AssertYamlError(yaml, message, line, column);

    [Theory]
    [InlineData("a: \"\\q\"", "unknown escape sequence '\\q' in a double-quoted scalar", 4)]
    [InlineData("a: \"\\u12\"", "expected 4 hex digits after '\\u'", 4)]
    [InlineData("a: \"\\x4\"", "expected 2 hex digits after '\\x'", 4)]
    [InlineData("a: \"\\uD800\"", "unpaired UTF-16 surrogate in \\u escape", 4)]
    [InlineData("a: \"\\uD800\\u0041\"", "unpaired UTF-16 surrogate in \\u escape", 4)]
    [InlineData("a: \"\\uDC00\"", "unpaired UTF-16 surrogate in \\u escape", 4)]
    [InlineData("a: \"\\U00110000\"", "invalid Unicode code point in \\U escape", 4)]
    [InlineData("a: \"\\U0000D800\"", "invalid Unicode code point in \\U escape", 4)]
    [InlineData("a: \"\\UFFFFFFFF\"", "invalid Unicode code point in \\U escape", 4)]
    public void Bad_escapes(string yaml, string message, int column) => AssertYamlError(yaml, message, 0, column);

    [Fact]
    public void Nesting_deeper_than_64_levels_of_flow()
    {
        // The mapping counts as a level: its value's 64th '[' is the 65th level.
        SpecSyntaxError error = AssertYamlError("a: " + new string('[', 65), "nesting deeper than 64 levels", 0, 66);
        At(error.Range.End, 0, 67);
        AssertYamlError(new string('[', 100), "nesting deeper than 64 levels", 0, 64);
        AssertYamlError(new StringBuilder().Insert(0, "{a: ", 100).ToString(), "nesting deeper than 64 levels", 0, 256);
        AssertYamlError("[" + new string('[', 63) + "b: c]", "nesting deeper than 64 levels", 0, 64);
    }

    [Fact]
    public void Nesting_deeper_than_64_levels_of_indentation()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < 65; i++)
        {
            sb.Append(' ', i).Append("k:\n");
        }

        AssertYamlError(sb.ToString(), "nesting deeper than 64 levels", 64, 64);
        AssertYamlError(new StringBuilder().Insert(0, "- ", 65).Append('x').ToString(), "nesting deeper than 64 levels", 0, 128);
    }

    [Fact]
    public void Error_range_is_within_the_text()
    {
        SpecSyntaxError error = YamlError("a: [");
        At(error.Range, 0, 3, 0, 4);
        error = YamlError("a: 1\nb");
        At(error.Range, 1, 1, 1, 1);
    }
}
