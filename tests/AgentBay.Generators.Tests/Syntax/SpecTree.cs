using System.Globalization;
using System.Text;
using AgentBay.Generators.Spec.Syntax;
using Xunit;

namespace AgentBay.Generators.Tests.Syntax;

/// <summary>Helpers to read, dump and compare spec syntax trees in tests.</summary>
internal static class SpecTree
{
    public static SpecNode ReadYaml(string text)
    {
        SpecReadResult result = YamlSpecReader.Read(text);
        Assert.True(result.Error is null, "unexpected error: " + result.Error);
        Assert.NotNull(result.Root);
        return result.Root!;
    }

    public static SpecNode ReadJson(string text)
    {
        SpecReadResult result = JsonSpecReader.Read(text);
        Assert.True(result.Error is null, "unexpected error: " + result.Error);
        Assert.NotNull(result.Root);
        return result.Root!;
    }

    public static SpecSyntaxError YamlError(string text)
    {
        SpecReadResult result = YamlSpecReader.Read(text);
        Assert.True(result.Error is not null, "expected an error, got " + (result.Root is null ? "nothing" : Dump(result.Root)));
        Assert.Null(result.Root);
        return result.Error!;
    }

    public static SpecSyntaxError JsonError(string text)
    {
        SpecReadResult result = JsonSpecReader.Read(text);
        Assert.True(result.Error is not null, "expected an error, got " + (result.Root is null ? "nothing" : Dump(result.Root)));
        Assert.Null(result.Root);
        return result.Error!;
    }

    /// <summary>Reads YAML and dumps it; the shortest way to assert both shape and values.</summary>
    public static string Yaml(string text) => Dump(ReadYaml(text));

    public static string Json(string text) => Dump(ReadJson(text));

    /// <summary>
    /// A compact rendering: mappings {k: v}, sequences [a, b], plain scalars as written (an empty one as ~),
    /// 'single', "double", |"literal" and >"folded" scalars; control chars other than line break and tab as \\uXXXX.
    /// </summary>
    public static string Dump(SpecNode node)
    {
        var sb = new StringBuilder();
        Dump(node, sb);
        return sb.ToString();
    }

    private static void Dump(SpecNode node, StringBuilder sb)
    {
        switch (node)
        {
            case SpecMapping mapping:
                sb.Append('{');
                for (int i = 0; i < mapping.Entries.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }

                    Dump(mapping.Entries[i].Key, sb);
                    sb.Append(": ");
                    Dump(mapping.Entries[i].Value, sb);
                }

                sb.Append('}');
                break;
            case SpecSequence sequence:
                sb.Append('[');
                for (int i = 0; i < sequence.Items.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }

                    Dump(sequence.Items[i], sb);
                }

                sb.Append(']');
                break;
            case SpecScalar scalar:
                switch (scalar.Style)
                {
                    case SpecScalarStyle.Plain:
                        sb.Append(scalar.Value.Length == 0 ? "~" : Escape(scalar.Value));
                        break;
                    case SpecScalarStyle.SingleQuoted:
                        sb.Append('\'').Append(Escape(scalar.Value)).Append('\'');
                        break;
                    case SpecScalarStyle.DoubleQuoted:
                        sb.Append('"').Append(Escape(scalar.Value)).Append('"');
                        break;
                    case SpecScalarStyle.Literal:
                        sb.Append("|\"").Append(Escape(scalar.Value)).Append('"');
                        break;
                    default:
                        sb.Append(">\"").Append(Escape(scalar.Value)).Append('"');
                        break;
                }

                break;
        }
    }

    private static string Escape(string value)
    {
        var sb = new StringBuilder();
        foreach (char c in value)
        {
            if (c < ' ' && c != '\n' && c != '\t')
            {
                sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>Walks a mapping path ("tools", "shell", "args") to a node.</summary>
    public static SpecNode Get(SpecNode node, params string[] path)
    {
        foreach (string key in path)
        {
            var mapping = Assert.IsType<SpecMapping>(node);
            Assert.True(mapping.TryGet(key, out SpecNode value), "missing key " + key);
            node = value;
        }

        return node;
    }

    public static SpecScalar Scalar(SpecNode node, params string[] path) => Assert.IsType<SpecScalar>(Get(node, path));

    public static void At(SpecPosition position, int line, int column)
    {
        Assert.True(
            position.Line == line && position.Column == column,
            $"expected (line {line}, column {column}), got (line {position.Line}, column {position.Column})");
    }

    public static void At(SpecRange range, int startLine, int startColumn, int endLine, int endColumn)
    {
        At(range.Start, startLine, startColumn);
        At(range.End, endLine, endColumn);
    }

    /// <summary>Asserts a Yaml error: its message (exactly) and its start (0-based line and column).</summary>
    public static SpecSyntaxError AssertYamlError(string text, string message, int line, int column)
    {
        SpecSyntaxError error = YamlError(text);
        Assert.Equal(message, error.Message);
        At(error.Range.Start, line, column);
        return error;
    }

    public static SpecSyntaxError AssertJsonError(string text, string message, int line, int column)
    {
        SpecSyntaxError error = JsonError(text);
        Assert.Equal(message, error.Message);
        At(error.Range.Start, line, column);
        return error;
    }
}
