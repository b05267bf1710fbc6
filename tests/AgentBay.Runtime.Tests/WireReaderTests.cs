using System.Linq;
using System.Text.Json;

namespace AgentBay.Runtime.Tests;

public class WireReaderTests
{
    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;

    [Fact]
    public void Select_walks_dotted_paths()
    {
        JsonElement body = Parse("""{"Data":{"DesktopInfo":{"AppId":"app-1"},"List":[{"n":1},{"n":2}]}}""");

        Assert.Equal("app-1", WireReader.ReadString(WireReader.Select(body, "Data.DesktopInfo.AppId")));
        Assert.Equal(2, WireReader.ReadInt32(WireReader.Select(body, "Data.List.1.n")));
        Assert.Equal(JsonValueKind.Object, WireReader.Select(body, "").ValueKind);
        Assert.Equal(JsonValueKind.Undefined, WireReader.Select(body, "Data.Missing.AppId").ValueKind);
        Assert.Equal(JsonValueKind.Undefined, WireReader.Select(body, "Data.List.5").ValueKind);
        Assert.Equal(JsonValueKind.Undefined, WireReader.Select(body, "Data.DesktopInfo.AppId.More").ValueKind);
    }

    [Fact]
    public void Select_parses_json_strings_met_on_the_way()
    {
        JsonElement body = Parse("""{"Data":"{\"Url\":\"https://x\",\"Inner\":\"{\\\"Deep\\\":true}\"}"}""");

        Assert.Equal("https://x", WireReader.ReadString(WireReader.Select(body, "Data.Url")));
        Assert.True(WireReader.ReadBoolean(WireReader.Select(body, "Data.Inner.Deep")));
        // The last segment's own string is not parsed: it is the value asked for.
        Assert.Equal(JsonValueKind.String, WireReader.Select(body, "Data").ValueKind);
    }

    [Fact]
    public void Select_gives_undefined_for_a_string_that_is_not_json()
    {
        JsonElement body = Parse("""{"Data":"{}oops","Text":"plain"}""");
        Assert.Equal(JsonValueKind.Undefined, WireReader.Select(body, "Data.Url").ValueKind);
        Assert.Equal(JsonValueKind.Undefined, WireReader.Select(body, "Text.Url").ValueKind);
    }

    [Fact]
    public void Scalars_read_leniently()
    {
        JsonElement values = Parse("""
            {"s":"text","n":42,"big":9007199254740993,"f":2.5,"whole":3.0,"t":true,"F":"False","ns":" 17 ","fs":"1.25",
             "nul":null,"obj":{"a":1},"bad":"x","huge":1e30}
            """);
        JsonElement Get(string name) => WireReader.Select(values, name);

        Assert.Equal("text", WireReader.ReadString(Get("s")));
        Assert.Equal("42", WireReader.ReadString(Get("n")));
        Assert.Equal("true", WireReader.ReadString(Get("t")));
        Assert.Equal("""{"a":1}""", WireReader.ReadString(Get("obj")));
        Assert.Null(WireReader.ReadString(Get("nul")));
        Assert.Null(WireReader.ReadString(Get("absent")));

        Assert.True(WireReader.ReadBoolean(Get("t")));
        Assert.False(WireReader.ReadBoolean(Get("F")));
        Assert.Null(WireReader.ReadBoolean(Get("bad")));
        Assert.Null(WireReader.ReadBoolean(Get("n")));

        Assert.Equal(42, WireReader.ReadInt32(Get("n")));
        Assert.Equal(17, WireReader.ReadInt32(Get("ns")));
        Assert.Equal(3, WireReader.ReadInt32(Get("whole")));
        Assert.Null(WireReader.ReadInt32(Get("f")));
        Assert.Null(WireReader.ReadInt32(Get("big")));
        Assert.Null(WireReader.ReadInt32(Get("bad")));
        Assert.Equal(9007199254740993L, WireReader.ReadInt64(Get("big")));
        Assert.Null(WireReader.ReadInt64(Get("huge")));

        Assert.Equal(2.5, WireReader.ReadDouble(Get("f")));
        Assert.Equal(1.25, WireReader.ReadDouble(Get("fs")));
        Assert.Null(WireReader.ReadDouble(Get("nul")));
    }

    [Fact]
    public void Lists_read_arrays_and_json_strings()
    {
        JsonElement body = Parse("""{"Data":"[{\"name\":\"shell\",\"server\":\"wuying_shell\"},{\"name\":\"read_file\"}]","Arr":[1,2,3]}""");

        var tools = WireReader.ReadList(WireReader.Select(body, "Data"),
            item => (WireReader.ReadString(WireReader.Select(item, "name")), WireReader.ReadString(WireReader.Select(item, "server"))));

        Assert.NotNull(tools);
        Assert.Equal(new[] { ("shell", (string?)"wuying_shell"), ("read_file", null) }, tools!.Select(t => (t.Item1!, t.Item2)));
        Assert.Equal(new[] { 1, 2, 3 }, WireReader.ReadList(WireReader.Select(body, "Arr"), e => WireReader.ReadInt32(e)!.Value));
        Assert.Null(WireReader.ReadList(WireReader.Select(body, "Missing"), e => e));
        Assert.Null(WireReader.ReadList(Parse("\"\""), e => e));
        Assert.Null(WireReader.ReadList(Parse("{}"), e => e));
    }

    [Fact]
    public void Maps_read_objects_and_json_strings()
    {
        JsonElement body = Parse("""{"Data":{"Labels":"{\"env\":\"test\",\"项目\":\"值\"}"},"Obj":{"a":"1","a":"2"}}""");

        var labels = WireReader.ReadMap(WireReader.Select(body, "Data.Labels"), WireReader.ReadString);

        Assert.NotNull(labels);
        Assert.Equal("test", labels!["env"]);
        Assert.Equal("值", labels["项目"]);
        Assert.Equal("2", WireReader.ReadMap(WireReader.Select(body, "Obj"), WireReader.ReadString)!["a"]);
        Assert.Null(WireReader.ReadMap(Parse("null"), WireReader.ReadString));
        Assert.Null(WireReader.ReadMap(Parse("[1]"), WireReader.ReadString));
    }
}
