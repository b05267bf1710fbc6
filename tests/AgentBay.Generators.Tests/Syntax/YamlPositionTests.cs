using AgentBay.Generators.Spec.Syntax;
using Xunit;
using static AgentBay.Generators.Tests.Syntax.SpecTree;

namespace AgentBay.Generators.Tests.Syntax;

/// <summary>Exact 0-based line/column ranges of keys, values and items in the representative spec.</summary>
public class YamlPositionTests
{
    private static readonly SpecNode Root = ReadYaml(SampleDocuments.Yaml);

    private static SpecMappingEntry Entry(SpecNode mapping, string key)
    {
        foreach (SpecMappingEntry entry in Assert.IsType<SpecMapping>(mapping).Entries)
        {
            if (entry.Key.Value == key)
            {
                return entry;
            }
        }

        throw new Xunit.Sdk.XunitException("no key " + key);
    }

    [Fact]
    public void Root_mapping_spans_from_first_key_to_last_value()
    {
        At(Root.Range, 1, 0, 37, 16);
        Assert.Equal(SpecNodeKind.Mapping, Root.Kind);
    }

    [Fact]
    public void Keys_and_plain_values()
    {
        SpecMappingEntry agentbay = Entry(Root, "agentbay");
        At(agentbay.Key.Range, 1, 0, 1, 8);
        At(agentbay.Value.Range, 1, 10, 1, 11);
        At(Entry(Root, "records").Key.Range, 10, 0, 10, 7);
        At(Entry(Get(Root, "service"), "endpoint").Value.Range, 4, 12, 4, 45);
        At(Entry(Get(Root, "service"), "apiVersion").Value.Range, 5, 14, 5, 26);
    }

    [Fact]
    public void Nested_block_mapping_starts_at_its_first_key()
    {
        SpecMappingEntry sessionInfo = Entry(Get(Root, "records"), "SessionInfo");
        At(sessionInfo.Key.Range, 11, 2, 11, 13);
        At(sessionInfo.Value.Range, 12, 4, 17, 55);
        At(Get(Root, "service").Range, 4, 2, 5, 26);
    }

    [Fact]
    public void Block_scalars_span_from_indicator_to_last_content_line()
    {
        At(Get(Root, "records", "SessionInfo", "doc").Range, 12, 9, 14, 28);
        At(Get(Root, "tools", "shell", "doc").Range, 22, 9, 24, 43);
    }

    [Fact]
    public void Flow_collections_and_their_items()
    {
        SpecNode sessionId = Get(Root, "records", "SessionInfo", "fields", "SessionId");
        At(sessionId.Range, 16, 19, 16, 85);
        At(Get(sessionId, "doc").Range, 16, 58, 16, 83);
        SpecMappingEntry type = Entry(sessionId, "type");
        At(type.Key.Range, 16, 21, 16, 25);
        At(type.Value.Range, 16, 27, 16, 33);

        At(Get(Root, "enums", "SessionStatus", "values").Range, 9, 12, 9, 66);
        At(Get(Root, "enums", "SessionStatus", "values", "Paused").Range, 9, 58, 9, 64);

        var range = Assert.IsType<SpecSequence>(Get(Root, "tools", "shell", "args", "timeout_ms", "range"));
        At(range.Range, 27, 71, 27, 81);
        At(range.Items[0].Range, 27, 72, 27, 73);
        At(range.Items[1].Range, 27, 75, 27, 80);
    }

    [Fact]
    public void Sequence_items_and_compact_collections()
    {
        var list = Assert.IsType<SpecSequence>(Get(Root, "tools", "list"));
        At(list.Range, 34, 4, 37, 16);
        At(list.Items[0].Range, 34, 6, 34, 7);
        var compact = Assert.IsType<SpecMapping>(list.Items[1]);
        At(compact.Range, 35, 6, 36, 10);
        At(compact.Entries[1].Key.Range, 36, 6, 36, 7);
        var nested = Assert.IsType<SpecSequence>(list.Items[2]);
        At(nested.Range, 37, 8, 37, 16);
        At(nested.Items[0].Range, 37, 10, 37, 16);
    }

    [Fact]
    public void Offsets_agree_with_lines_and_columns()
    {
        string text = SampleDocuments.Yaml;
        SpecRange range = Get(Root, "tools", "list").Range;
        Assert.Equal("- a", text.Substring(range.Start.Offset, 3));
        Assert.Equal("nested", text.Substring(range.End.Offset - 6, 6));
        Assert.Equal(range.End.Offset - range.Start.Offset, range.Length);
        SpecRange doc = Get(Root, "records", "SessionInfo", "fields", "SessionId", "doc").Range;
        Assert.Equal("\"The session identifier.\"", text.Substring(doc.Start.Offset, doc.Length));
    }

    [Fact]
    public void Empty_value_and_empty_item_positions()
    {
        SpecNode root = ReadYaml("k:\nseq:\n  -\n  - # c\n");
        At(Get(root, "k").Range, 0, 2, 0, 2);
        var seq = Assert.IsType<SpecSequence>(Get(root, "seq"));
        At(seq.Items[0].Range, 2, 3, 2, 3);
        At(seq.Items[1].Range, 3, 3, 3, 3);
    }

    [Fact]
    public void Positions_count_crlf_as_one_line_break_and_tabs_as_one_column()
    {
        SpecNode root = ReadYaml("a:\r\n  b:\tx\r\n  c: [1,\r\n   \t2]\r\n");
        At(Get(root, "a", "b").Range, 1, 5, 1, 6);
        var c = Assert.IsType<SpecSequence>(Get(root, "a", "c"));
        At(c.Items[1].Range, 3, 4, 3, 5);
        At(c.Range, 2, 5, 3, 6);
    }

    [Fact]
    public void Spec_position_and_range_value_semantics()
    {
        var a = new SpecPosition(5, 1, 2);
        var b = new SpecPosition(5, 1, 2);
        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.False(a != b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, new SpecPosition(6, 1, 3));
        var r = new SpecRange(a, new SpecPosition(9, 1, 6));
        Assert.Equal(4, r.Length);
        Assert.Equal(r, new SpecRange(b, new SpecPosition(9, 1, 6)));
        Assert.Equal("(1,2)-(1,6)", r.ToString());
    }
}
