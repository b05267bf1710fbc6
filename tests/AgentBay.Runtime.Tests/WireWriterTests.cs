using System;
using System.Collections;
using System.Collections.Generic;
using System.Text.Json;

namespace AgentBay.Runtime.Tests;

public class WireWriterTests
{
    private static string Json(Action<Utf8JsonWriter> write)
    {
        var request = new AgentBayRequest("X");
        request.AddJson("V", write);
        return request.FormParameters[0].Value;
    }

    [Fact]
    public void Typed_values_and_nulls()
    {
        Assert.Equal("\"a\\\"b\"", Json(w => WireWriter.Write(w, "a\"b")));
        Assert.Equal("null", Json(w => WireWriter.Write(w, (string?)null)));
        Assert.Equal("true", Json(w => WireWriter.Write(w, (bool?)true)));
        Assert.Equal("null", Json(w => WireWriter.Write(w, (bool?)null)));
        Assert.Equal("-5", Json(w => WireWriter.Write(w, (long?)-5)));
        Assert.Equal("null", Json(w => WireWriter.Write(w, (long?)null)));
        Assert.Equal("0.1", Json(w => WireWriter.Write(w, (double?)0.1)));
        Assert.Equal("null", Json(w => WireWriter.Write(w, (double?)null)));
    }

    [Fact]
    public void Lists_and_maps()
    {
        Assert.Equal("""["a","b"]""", Json(w => WireWriter.WriteList(w, new[] { "a", "b" }, WireWriter.Write)));
        Assert.Equal("null", Json(w => WireWriter.WriteList<string>(w, null, WireWriter.Write)));
        Assert.Equal("""{"x":1,"y":2}""", Json(w => WireWriter.WriteMap(w,
            new Dictionary<string, long> { ["x"] = 1, ["y"] = 2 }, (writer, v) => WireWriter.Write(writer, v))));
        Assert.Equal("null", Json(w => WireWriter.WriteMap<string>(w, null, WireWriter.Write)));
        Assert.Equal("""[{"oldText":"a","newText":"b"}]""", Json(w => WireWriter.WriteList(w, new[] { ("a", "b") }, (writer, edit) =>
        {
            writer.WriteStartObject();
            writer.WritePropertyName("oldText");
            WireWriter.Write(writer, edit.Item1);
            writer.WritePropertyName("newText");
            WireWriter.Write(writer, edit.Item2);
            writer.WriteEndObject();
        })));
    }

    [Fact]
    public void Untyped_dictionary_with_every_supported_kind()
    {
        var args = new Dictionary<string, object?>
        {
            ["command"] = "ls",
            ["timeout_ms"] = 50000,
            ["dryRun"] = false,
            ["none"] = null,
            ["b"] = (byte)1,
            ["sb"] = (sbyte)-1,
            ["s"] = (short)-2,
            ["us"] = (ushort)3,
            ["ui"] = 4u,
            ["l"] = 5L,
            ["ul"] = ulong.MaxValue,
            ["f"] = 1.5f,
            ["d"] = 0.25,
            ["m"] = 1.10m,
            ["paths"] = new[] { "/a", "/b" },
            ["list"] = new List<object?> { 1, "two", null },
            ["envs"] = new Dictionary<string, string> { ["K"] = "V" },
            ["ro"] = (IReadOnlyDictionary<string, object?>)new ReadOnlyDict(),
            ["json"] = JsonDocument.Parse("""{"x":[1]}""").RootElement,
            ["typed"] = new Dictionary<string, int> { ["n"] = 7 },
            ["text"] = "中文 ✓",
        };

        Assert.Equal(
            """{"command":"ls","timeout_ms":50000,"dryRun":false,"none":null,"b":1,"sb":-1,"s":-2,"us":3,"ui":4,"l":5,"ul":18446744073709551615,"f":1.5,"d":0.25,"m":1.10,"paths":["/a","/b"],"list":[1,"two",null],"envs":{"K":"V"},"ro":{"k":true},"json":{"x":[1]},"typed":{"n":7},"text":"中文 ✓"}""",
            Json(w => WireWriter.WriteUntyped(w, args)));
    }

    [Fact]
    public void Untyped_rejects_unknown_types_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() => Json(w => WireWriter.WriteUntyped(w, new Uri("http://x"))));
        Assert.Contains("System.Uri", error.Message);
        Assert.Contains("AOT", error.Message);

        var nested = new Dictionary<string, object?> { ["when"] = DateTime.UnixEpoch };
        var nestedError = Assert.Throws<ArgumentException>(() => Json(w => WireWriter.WriteUntyped(w, nested)));
        Assert.Contains("System.DateTime", nestedError.Message);

        var badKeys = new Hashtable { [1] = "x" };
        Assert.Throws<ArgumentException>(() => Json(w => WireWriter.WriteUntyped(w, badKeys)));
    }

    [Fact]
    public void Undefined_json_element_is_null()
    {
        Assert.Equal("null", Json(w => WireWriter.WriteUntyped(w, default(JsonElement))));
    }

    private sealed class ReadOnlyDict : IReadOnlyDictionary<string, object?>
    {
        private readonly Dictionary<string, object?> _inner = new() { ["k"] = true };
        public object? this[string key] => _inner[key];
        public IEnumerable<string> Keys => _inner.Keys;
        public IEnumerable<object?> Values => _inner.Values;
        public int Count => _inner.Count;
        public bool ContainsKey(string key) => _inner.ContainsKey(key);
        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _inner.GetEnumerator();
        public bool TryGetValue(string key, out object? value) => _inner.TryGetValue(key, out value);
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
