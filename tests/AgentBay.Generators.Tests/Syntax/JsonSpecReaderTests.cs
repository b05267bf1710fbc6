using AgentBay.Generators.Spec.Syntax;
using Xunit;
using static AgentBay.Generators.Tests.Syntax.SpecTree;

namespace AgentBay.Generators.Tests.Syntax;

public class JsonSpecReaderTests
{
    [Theory]
    [InlineData("{}", "{}")]
    [InlineData("[]", "[]")]
    [InlineData(" { \"a\" : 1 , \"b\" : [ true , false , null ] } ", "{\"a\": 1, \"b\": [true, false, null]}")]
    [InlineData("{\"a\":{\"b\":{\"c\":[]}}}", "{\"a\": {\"b\": {\"c\": []}}}")]
    [InlineData("\"top\"", "\"top\"")]
    [InlineData("42", "42")]
    [InlineData("null", "null")]
    [InlineData("\t\r\n[1,\r\n2]\n", "[1, 2]")]
    [InlineData("\uFEFF{\"a\": 1}", "{\"a\": 1}")]
    [InlineData("{\"a\": 1, \"a\": 2}", "{\"a\": 1, \"a\": 2}")]
    [InlineData("{\"\": \"\"}", "{\"\": \"\"}")]
    public void Values(string json, string expected) => Assert.Equal(expected, Json(json));

    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("123")]
    [InlineData("-123.456")]
    [InlineData("1e10")]
    [InlineData("1E+10")]
    [InlineData("1.5e-3")]
    [InlineData("0.0")]
    public void Numbers_are_plain_scalars_with_their_text(string json)
    {
        var scalar = Assert.IsType<SpecScalar>(ReadJson("[" + json + "]") is SpecSequence s ? s.Items[0] : null);
        Assert.Equal(json, scalar.Value);
        Assert.Equal(SpecScalarStyle.Plain, scalar.Style);
        Assert.True(scalar.TryGetDouble(out _));
    }

    [Fact]
    public void Literals_and_strings_have_the_expected_styles_and_typed_views()
    {
        SpecNode root = ReadJson("{\"t\": true, \"f\": false, \"n\": null, \"s\": \"true\", \"i\": 50000, \"d\": 2.5}");
        Assert.True(Scalar(root, "t").TryGetBoolean(out bool t) && t);
        Assert.True(Scalar(root, "f").TryGetBoolean(out bool f) && !f);
        Assert.True(Scalar(root, "n").IsNull);
        Assert.Equal(SpecScalarStyle.Plain, Scalar(root, "n").Style);
        Assert.Equal(SpecScalarStyle.DoubleQuoted, Scalar(root, "s").Style);
        Assert.False(Scalar(root, "s").TryGetBoolean(out _));
        Assert.False(Scalar(root, "s").IsNull);
        Assert.True(Scalar(root, "i").TryGetInt64(out long i));
        Assert.Equal(50000L, i);
        Assert.False(Scalar(root, "d").TryGetInt64(out _));
        Assert.True(Scalar(root, "d").TryGetDouble(out double d));
        Assert.Equal(2.5, d);
    }

    [Theory]
    [InlineData("\"a\\\"b\"", "a\"b")]
    [InlineData("\"\\\\\"", "\\")]
    [InlineData("\"\\/\"", "/")]
    [InlineData("\"\\b\\f\\n\\r\\t\"", "\b\f\n\r\t")]
    [InlineData("\"\\u0041\\u00e9\\u4E2D\"", "A\u00e9\u4e2d")]
    [InlineData("\"\\uD83D\\uDE00\"", "\U0001F600")]
    [InlineData("\"x\\u0000y\"", "x\0y")]
    [InlineData("\"\U0001F600 raw\"", "\U0001F600 raw")]
    [InlineData("\"a\\nb and more text\"", "a\nb and more text")]
    public void String_escapes(string json, string expected)
    {
        var scalar = Assert.IsType<SpecScalar>(ReadJson(json));
        Assert.Equal(expected, scalar.Value);
        Assert.Equal(SpecScalarStyle.DoubleQuoted, scalar.Style);
    }

    [Fact]
    public void Positions_of_keys_values_and_items()
    {
        string json = "{\n  \"a\": 1,\n  \"bb\": [true, \"x\"],\n  \"c\": {}\n}";
        var root = Assert.IsType<SpecMapping>(ReadJson(json));
        At(root.Range, 0, 0, 4, 1);
        At(root.Entries[0].Key.Range, 1, 2, 1, 5);
        At(root.Entries[0].Value.Range, 1, 7, 1, 8);
        var bb = Assert.IsType<SpecSequence>(root.Entries[1].Value);
        At(bb.Range, 2, 8, 2, 19);
        At(bb.Items[0].Range, 2, 9, 2, 13);
        At(bb.Items[1].Range, 2, 15, 2, 18);
        At(root.Entries[2].Value.Range, 3, 7, 3, 9);
    }

    [Theory]
    [InlineData("", "expected a JSON value, found the end of the file", 0, 0)]
    [InlineData("   ", "expected a JSON value, found the end of the file", 0, 3)]
    [InlineData("{\"a\": }", "expected a JSON value, found '}'", 0, 6)]
    [InlineData("{\"a\" 1}", "expected ':' after object key 'a'", 0, 5)]
    [InlineData("{a: 1}", "expected a string key in a JSON object, found 'a'", 0, 1)]
    [InlineData("{\"a\": 1,}", "a JSON object cannot end with a trailing comma", 0, 7)]
    [InlineData("[1,]", "a JSON array cannot end with a trailing comma", 0, 2)]
    [InlineData("[1 2]", "expected ',' or ']' after an array item, found '2'", 0, 3)]
    [InlineData("{\"a\": 1 \"b\": 2}", "expected ',' or '}' after an object member, found '\"'", 0, 8)]
    [InlineData("{\"a\": 1", "unterminated object (missing '}')", 0, 0)]
    [InlineData("{\n  \"a\": [1,\n", "unterminated array (missing ']')", 1, 7)]
    [InlineData("{\"a\": \"x", "unterminated string (missing closing '\"')", 0, 6)]
    [InlineData("\"a\nb\"", "unterminated string (a JSON string cannot contain a line break)", 0, 0)]
    [InlineData("\"a\tb\"", "control characters must be escaped in JSON strings", 0, 2)]
    [InlineData("\"\\x\"", "invalid escape sequence in JSON string", 0, 1)]
    [InlineData("\"\\u12\"", "expected four hex digits after \\u", 0, 1)]
    [InlineData("\"\\uD800\"", "unpaired UTF-16 surrogate in \\u escape", 0, 1)]
    [InlineData("\"\\uDC00\\uD800\"", "unpaired UTF-16 surrogate in \\u escape", 0, 1)]
    [InlineData("\"\\uD800\\u0041\"", "unpaired UTF-16 surrogate in \\u escape", 0, 1)]
    [InlineData("01", "leading zeros are not allowed in JSON numbers", 0, 0)]
    [InlineData("-", "invalid number: expected a digit, found the end of the file", 0, 1)]
    [InlineData("-a", "invalid number: expected a digit, found 'a'", 0, 1)]
    [InlineData("1.", "invalid number: expected a digit after the decimal point, found the end of the file", 0, 2)]
    [InlineData("1e+", "invalid number: expected a digit in the exponent, found the end of the file", 0, 3)]
    [InlineData(".5", "expected a JSON value, found '.'", 0, 0)]
    [InlineData("+1", "expected a JSON value, found '+'", 0, 0)]
    [InlineData("tru", "invalid literal 'tru'; expected true, false, null, a number, a string, an object or an array", 0, 0)]
    [InlineData("nulls", "invalid literal 'nulls'; expected true, false, null, a number, a string, an object or an array", 0, 0)]
    [InlineData("True", "expected a JSON value, found 'T'", 0, 0)]
    [InlineData("{} {}", "unexpected '{' after the JSON value", 0, 3)]
    [InlineData("[1]\n]", "unexpected ']' after the JSON value", 1, 0)]
    [InlineData("// c\n{}", "expected a JSON value, found '/'", 0, 0)]
    [InlineData("{'a': 1}", "expected a string key in a JSON object, found '''", 0, 1)]
    [InlineData("[NaN]", "expected a JSON value, found 'N'", 0, 1)]
    public void Errors(string json, string message, int line, int column) => AssertJsonError(json, message, line, column);

    [Fact]
    public void Nesting_limit()
    {
        ReadJson(new string('[', 64) + new string(']', 64));
        SpecSyntaxError error = AssertJsonError(new string('[', 65) + new string(']', 65), "nesting deeper than 64 levels", 0, 64);
        At(error.Range.End, 0, 65);
        AssertJsonError(new System.Text.StringBuilder().Insert(0, "{\"a\":", 65).ToString(), "nesting deeper than 64 levels", 0, 320);
    }

    [Fact]
    public void Spec_reader_picks_the_format_by_extension()
    {
        Assert.Equal("{\"a\": 1}", Dump(SpecReader.Read("{\"a\": 1}", "/x/spec.json").Root!));
        Assert.Equal("{\"a\": 1}", Dump(SpecReader.Read("{\"a\": 1}", "C:\\x\\SPEC.JSON").Root!));
        Assert.NotNull(SpecReader.Read("a: 1", "spec.json").Error);
        Assert.Equal("{a: 1}", Dump(SpecReader.Read("a: 1", "spec.agentbay.yaml").Root!));
        Assert.Equal("{a: 1}", Dump(SpecReader.Read("a: 1", "spec.yml").Root!));
        Assert.Equal("{a: 1}", Dump(SpecReader.Read("a: 1", "spec.json.yaml").Root!));
        Assert.Equal("{a: 1}", Dump(SpecReader.Read("a: 1", "noextension").Root!));
    }
}
