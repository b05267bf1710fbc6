using AgentBay.Generators.Spec.Syntax;
using Xunit;
using static AgentBay.Generators.Tests.Syntax.SpecTree;

namespace AgentBay.Generators.Tests.Syntax;

public class YamlCollectionTests
{
    [Fact]
    public void Block_mapping_keeps_document_order_and_duplicates()
    {
        var root = Assert.IsType<SpecMapping>(ReadYaml("b: 1\na: 2\nb: 3\n"));
        Assert.Equal(new[] { "b", "a", "b" }, new[] { root.Entries[0].Key.Value, root.Entries[1].Key.Value, root.Entries[2].Key.Value });
        Assert.True(root.TryGet("b", out SpecNode first));
        Assert.Equal("1", Assert.IsType<SpecScalar>(first).Value);
        Assert.False(root.TryGet("c", out _));
        Assert.False(root.TryGet("B", out _));
    }

    [Fact]
    public void Nested_block_mappings_with_any_consistent_indentation()
    {
        Assert.Equal("{a: {b: {c: 1}, d: 2}, e: 3}", Yaml("a:\n  b:\n      c: 1\n  d: 2\ne: 3"));
        Assert.Equal("{a: {b: 1}}", Yaml("a:\n    b: 1"));
        Assert.Equal("{a: {b: 1}}", Yaml("a:\n b: 1"));
    }

    [Fact]
    public void Quoted_keys()
    {
        Assert.Equal("{\"a b\": 1, 'c: d': 2, \"e\": 3}", Yaml("\"a b\": 1\n'c: d': 2\n\"e\" : 3"));
        Assert.Equal("{\"k\": v, 'l': ~}", Yaml("\"k\":\tv\n'l':"));
    }

    [Fact]
    public void Keys_may_contain_spaces_and_indicators()
    {
        Assert.Equal("{a b: 1, x-y: 2, c:d: 3, 80: 4}", Yaml("a b: 1\nx-y: 2\nc:d: 3\n80: 4"));
    }

    [Fact]
    public void Block_sequences()
    {
        Assert.Equal("[a, b, c]", Yaml("- a\n- b\n- c\n"));
        Assert.Equal("[a, [b, c], d]", Yaml("- a\n-\n  - b\n  - c\n- d"));
        Assert.Equal("[~, x]", Yaml("-\n- x"));
        Assert.Equal("[~]", Yaml("- # nothing"));
    }

    [Fact]
    public void Sequence_may_line_up_with_its_parent_key()
    {
        Assert.Equal("{a: [x, y], b: 1}", Yaml("a:\n- x\n- y\nb: 1"));
        Assert.Equal("{a: {k: [x, y], l: 2}}", Yaml("a:\n  k:\n  - x\n  - y\n  l: 2"));
        Assert.Equal("[{k: [x], l: 1}, z]", Yaml("- k:\n  - x\n  l: 1\n- z"));
    }

    [Fact]
    public void Compact_mappings_and_sequences_in_sequences()
    {
        Assert.Equal("[a, {b: 1, c: 2}, [nested, more]]", Yaml("- a\n- b: 1\n  c: 2\n-   - nested\n    - more"));
        Assert.Equal("[[[x]]]", Yaml("- - - x"));
        Assert.Equal("[{a: {b: 1}, c: 2}]", Yaml("- a:\n    b: 1\n  c: 2"));
        Assert.Equal("[{\"q\": 1, r: 2}]", Yaml("- \"q\": 1\n  r: 2"));
        Assert.Equal("[{a: 1}, {b: 2}]", Yaml("-   a: 1\n-  b: 2"));
    }

    [Fact]
    public void Flow_collections()
    {
        Assert.Equal("{values: {Running: RUNNING, Pausing: PAUSING}}", Yaml("values: { Running: RUNNING, Pausing: PAUSING }"));
        Assert.Equal("{a: {a: 1, b: [x, y]}}", Yaml("a: { a: 1, b: [x, y] }"));
        Assert.Equal("{a: [], b: {}}", Yaml("a: []\nb: {}"));
        Assert.Equal("[[1, 2], {}]", Yaml("- [1, 2]\n- {}"));
        Assert.Equal("{a: [\"x,y\", 'z]', w v]}", Yaml("a: [\"x,y\", 'z]', w v]"));
        Assert.Equal("{a: [[1, [2]], {k: {l: m}}]}", Yaml("a: [[1, [2]], {k: {l: m}}]"));
        Assert.Equal("[a, b]", Yaml("[a, b]"));
        Assert.Equal("{a: 1}", Yaml("{a: 1}  # comment"));
    }

    [Fact]
    public void Flow_collections_span_lines_with_comments()
    {
        Assert.Equal("{a: [x, y, z], b: 1}", Yaml("a: [x,\n  y, # why\n\n  z\n  ]\nb: 1"));
        Assert.Equal("{a: {k: v, l: w}}", Yaml("a: {\n    k: v,\n    l: w\n}"));
        Assert.Equal("{a: [long text]}", Yaml("a: [long\n  text]"));
        Assert.Equal("{a: ['x y']}", Yaml("a: ['x\n  y']"));
    }

    [Fact]
    public void Flow_mapping_entries_without_values_are_null()
    {
        Assert.Equal("{a: {x: ~, y: ~, z: 1}}", Yaml("a: { x, y:, z: 1 }"));
        SpecNode root = ReadYaml("a: { x, y: }");
        Assert.True(Scalar(root, "a", "x").IsNull);
        Assert.True(Scalar(root, "a", "y").IsNull);
    }

    [Fact]
    public void Flow_plain_scalars_stop_at_flow_indicators_but_keep_inner_colons()
    {
        Assert.Equal("{a: {url: http://x:80/p, t: a:b}}", Yaml("a: {url: http://x:80/p, t: a:b}"));
        Assert.Equal("{a: {k: ~}}", Yaml("a: {k:}"));
        Assert.Equal("{a: {k:1: ~}}", Yaml("a: {k:1}"));
        Assert.Equal("{a: {\"k\": 1}}", Yaml("a: {\"k\":1}"));
        Assert.Equal("{a: [x#y]}", Yaml("a: [x#y]"));
    }

    [Fact]
    public void Flow_sequence_single_pair_mappings()
    {
        Assert.Equal("{a: [{k: v}, {\"q\": 1}, x]}", Yaml("a: [k: v, \"q\":1, x]"));
    }

    [Fact]
    public void Flow_collections_allow_one_trailing_comma_as_yaml_does()
    {
        Assert.Equal("{a: [x, y], b: {k: v}}", Yaml("a: [x, y, ]\nb: {k: v,}"));
    }

    [Fact]
    public void Comments_everywhere()
    {
        string yaml = "# head\n\n  # indented comment\na: 1 # trailing\n# between\nb: # after key\n  c: 2\n#tail";
        Assert.Equal("{a: 1, b: {c: 2}}", Yaml(yaml));
    }

    [Fact]
    public void Document_markers()
    {
        Assert.Equal("{a: 1}", Yaml("---\na: 1"));
        Assert.Equal("{a: 1}", Yaml("--- # doc\na: 1\n...\n# done\n"));
        Assert.Equal("{a: 1}", Yaml("# c\n---\na: 1\n..."));
        Assert.Equal("[a]", Yaml("--- [a]"));
        Assert.Equal("~", Yaml("---\n"));
    }

    [Fact]
    public void Empty_documents_are_a_null_scalar()
    {
        foreach (string text in new[] { string.Empty, "\n\n", "# only a comment\n", "   ", "\uFEFF" })
        {
            var root = Assert.IsType<SpecScalar>(ReadYaml(text));
            Assert.True(root.IsNull);
        }
    }

    [Fact]
    public void Byte_order_mark_is_skipped()
    {
        SpecNode root = ReadYaml("\uFEFFa:\n  b: 1");
        Assert.Equal("{a: {b: 1}}", Dump(root));
    }

    [Fact]
    public void Line_breaks_crlf_and_cr()
    {
        Assert.Equal("{a: {b: 1, c: [x, y]}, d: one two}", Yaml("a:\r\n  b: 1\r\n  c: [x,\r\n   y]\r\nd: one\r\n  two\r\n"));
        SpecNode root = ReadYaml("a: 1\rb:\r  c: 2");
        Assert.Equal("{a: 1, b: {c: 2}}", Dump(root));
        At(Scalar(root, "b", "c").Range.Start, 2, 5);
    }

    [Fact]
    public void Document_level_sequence_and_indented_root()
    {
        Assert.Equal("[a, b]", Yaml("- a\n- b"));
        Assert.Equal("{a: 1, b: 2}", Yaml("  a: 1\n  b: 2"));
    }

    [Fact]
    public void Sixty_four_levels_of_nesting_are_allowed()
    {
        Assert.Equal(new string('[', 64) + new string(']', 64), Yaml(new string('[', 64) + new string(']', 64)));
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < 64; i++)
        {
            sb.Append(' ', i).Append("k:\n");
        }

        ReadYaml(sb.ToString());
        ReadYaml(string.Concat(System.Linq.Enumerable.Repeat("- ", 64)) + "x");
        ReadYaml("a: " + new string('[', 63) + new string(']', 63));
    }

    [Fact]
    public void Representative_spec_reads_with_expected_shape()
    {
        SpecNode root = ReadYaml(SampleDocuments.Yaml);
        Assert.Equal("1", Scalar(root, "agentbay").Value);
        Assert.True(Scalar(root, "agentbay").TryGetInt64(out long version));
        Assert.Equal(1L, version);
        Assert.Equal("2025-05-06", Scalar(root, "service", "apiVersion").Value);
        Assert.Equal(SpecScalarStyle.DoubleQuoted, Scalar(root, "service", "apiVersion").Style);
        Assert.Equal("{Running: RUNNING, Pausing: PAUSING, Paused: PAUSED}", Dump(Get(root, "enums", "SessionStatus", "values")));
        Assert.Equal("Detailed information about a session, as returned by info().\n", Scalar(root, "records", "SessionInfo", "doc").Value);
        Assert.Equal("{type: string, wire: SessionId, doc: \"The session identifier.\"}", Dump(Get(root, "records", "SessionInfo", "fields", "SessionId")));
        Assert.Equal("Runs a shell command.\nReturns stdout, stderr and exit_code.\n", Scalar(root, "tools", "shell", "doc").Value);
        Assert.Equal("{type: int, name: timeoutMs, default: 50000, range: [1, 50000]}", Dump(Get(root, "tools", "shell", "args", "timeout_ms")));
        Assert.Equal("{type: \"map<string,string>?\"}", Dump(Get(root, "tools", "shell", "args", "envs")));
        Assert.Equal("[a, {b: 1, c: 2}, [nested]]", Dump(Get(root, "tools", "list")));
    }
}
