using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Xunit;

namespace AgentBay.AI.Tests;

/// <summary>Each function's name, description and JSON schema say what the spec says about the tool.</summary>
public sealed class SchemaTests(SessionFixture fixture) : IClassFixture<SessionFixture>
{
    private static readonly JsonElement Tools = LoadSpecTools();

    private static JsonElement LoadSpecTools()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "spec", "session.agentbay.json")));
        return document.RootElement.GetProperty("tools").Clone();
    }

    public static IEnumerable<object[]> ToolNames() => Tools.EnumerateObject().Select(tool => new object[] { tool.Name });

    [Fact]
    public void Every_tool_of_the_spec_is_a_function_named_by_its_wire_name()
    {
        var functions = fixture.Session.Tools.AsAIFunctions();

        var expected = Tools.EnumerateObject().Select(tool => tool.Name).OrderBy(name => name, StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, functions.Select(function => function.Name).ToArray());
        Assert.Equal(expected, AgentBay.SessionTools.AIFunctionNames);
        Assert.All(functions, function => Assert.IsType<AgentBay.Runtime.AI.AgentBayToolFunction>(function));
    }

    [Theory]
    [MemberData(nameof(ToolNames))]
    public void The_schema_of_each_tool_matches_the_spec(string name)
    {
        var tool = Tools.GetProperty(name);
        var function = fixture.Session.Tools.AsAIFunctions(name).Single();
        var schema = function.JsonSchema;

        Assert.Equal(tool.GetProperty("doc").GetString(), function.Description);
        Assert.Equal("object", schema.GetProperty("type").GetString());
        var properties = schema.GetProperty("properties");
        var args = tool.TryGetProperty("args", out var a) ? a.EnumerateObject().ToList() : new List<JsonProperty>();
        Assert.Equal(args.Select(arg => arg.Name), properties.EnumerateObject().Select(property => property.Name));

        var required = new List<string>();
        foreach (var arg in args)
        {
            var spec = arg.Value;
            var property = properties.GetProperty(arg.Name);
            var type = spec.GetProperty("type").GetString()!;
            Assert.Equal(JsonType(type), property.GetProperty("type").GetString());
            Assert.Equal(spec.GetProperty("doc").GetString(), property.GetProperty("description").GetString());
            if (spec.TryGetProperty("allowed", out var allowed))
            {
                Assert.Equal(allowed.EnumerateArray().Select(v => v.GetString()), property.GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
            }
            else
            {
                Assert.False(property.TryGetProperty("enum", out _));
            }

            if (spec.TryGetProperty("range", out var range))
            {
                Assert.Equal(range[0].GetDouble(), property.GetProperty("minimum").GetDouble());
                Assert.Equal(range[1].GetDouble(), property.GetProperty("maximum").GetDouble());
            }
            else
            {
                Assert.False(property.TryGetProperty("minimum", out _));
                Assert.False(property.TryGetProperty("maximum", out _));
            }

            if (spec.TryGetProperty("default", out var defaultValue))
            {
                Assert.True(JsonElement.DeepEquals(defaultValue, property.GetProperty("default")), $"{arg.Name}: default {property.GetProperty("default")}, spec {defaultValue}");
            }
            else
            {
                Assert.False(property.TryGetProperty("default", out _));
                if (!type.EndsWith('?'))
                {
                    required.Add(arg.Name);
                }
            }
        }

        var actualRequired = schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(v => v.GetString()!).ToList() : new List<string>();
        Assert.Equal(required, actualRequired);
    }

    [Fact]
    public void A_list_of_records_is_an_array_of_objects_with_the_records_wire_fields()
    {
        var edits = fixture.Session.Tools.AsAIFunctions("edit_file").Single().JsonSchema.GetProperty("properties").GetProperty("edits");

        Assert.Equal("array", edits.GetProperty("type").GetString());
        var item = edits.GetProperty("items");
        Assert.Equal("object", item.GetProperty("type").GetString());
        Assert.Equal(new[] { "oldText", "newText" }, item.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        Assert.Equal(new[] { "oldText", "newText" }, item.GetProperty("required").EnumerateArray().Select(v => v.GetString()));
        var envs = fixture.Session.Tools.AsAIFunctions("shell").Single().JsonSchema.GetProperty("properties").GetProperty("envs");
        Assert.Equal("string", envs.GetProperty("additionalProperties").GetProperty("type").GetString());
    }

    [Fact]
    public void The_schema_is_compact_json_that_serializes_as_it_is()
    {
        var first = fixture.Session.Tools.AsAIFunctions("shell").Single().JsonSchema;
        var second = fixture.Session.Tools.AsAIFunctions("shell").Single().JsonSchema;

        Assert.True(JsonElement.DeepEquals(first, second));
        // Compact, as the generator wrote it; a chat client serializes it to the model as it is.
        Assert.DoesNotContain('\n', first.GetRawText());
        Assert.True(JsonElement.DeepEquals(first, JsonDocument.Parse(JsonSerializer.Serialize(first, AIJsonUtilities.DefaultOptions)).RootElement));
    }

    [Fact]
    public void Only_returns_the_named_tools_in_the_order_asked_once_each()
    {
        var functions = fixture.Session.Tools.AsAIFunctions("write_file", "shell", "write_file");

        Assert.Equal(new[] { "write_file", "shell" }, functions.Select(f => f.Name));
        Assert.Equal(14, fixture.Session.Tools.AsAIFunctions(null).Count);
        Assert.Equal(14, fixture.Session.Tools.AsAIFunctions(Array.Empty<string>()).Count);
    }

    [Fact]
    public void An_unknown_name_in_only_throws_an_ArgumentException_naming_it()
    {
        var exception = Assert.Throws<ArgumentException>(() => fixture.Session.Tools.AsAIFunctions("shell", "rm_rf", "Shell"));

        Assert.Equal("only", exception.ParamName);
        Assert.Contains("'rm_rf'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'Shell'", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'shell'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("read_file", exception.Message, StringComparison.Ordinal);
    }

    private static string JsonType(string specType)
    {
        var type = specType.TrimEnd('?');
        return type switch
        {
            "string" => "string",
            "int" or "long" => "integer",
            "double" => "number",
            "bool" => "boolean",
            _ when type.StartsWith("list<", StringComparison.Ordinal) => "array",
            _ => "object",
        };
    }
}
