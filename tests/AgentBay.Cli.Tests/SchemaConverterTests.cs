using System;
using System.Linq;
using System.Text;
using AgentBay.Cli.Specs;
using Xunit;

namespace AgentBay.Cli.Tests;

/// <summary>The convert stage: JSON Schema of a tool's arguments → spec arguments and warnings.</summary>
public sealed class SchemaConverterTests
{
    private static ConversionResult Convert(string toolList) => SchemaConverter.ConvertToolList(toolList);

    private static (SpecTool Tool, string[] Warnings) Tool(string inputSchema, string name = "t", string server = "\"srv\"")
    {
        var result = Convert($$"""[{"name":"{{name}}","server":{{server}},"description":"Does t.","inputSchema":{{inputSchema}}}]""");
        return (Assert.Single(result.Tools), result.Warnings.Select(w => w.ToString()).ToArray());
    }

    private static SpecArgument Arg(string propertySchema, bool required = true, string name = "a")
    {
        var (tool, warnings) = Tool($$"""{"type":"object","properties":{"{{name}}":{{propertySchema}}},"required":[{{(required ? "\"" + name + "\"" : "")}}]}""");
        Assert.True(warnings.Length == 0, string.Join("\n", warnings));
        return Assert.Single(tool.Arguments);
    }

    private static (SpecArgument Arg, string Warning) Lossy(string propertySchema, string name = "a")
    {
        var (tool, warnings) = Tool($$"""{"type":"object","properties":{"{{name}}":{{propertySchema}}},"required":["{{name}}"]}""");
        return (Assert.Single(tool.Arguments), Assert.Single(warnings));
    }

    [Theory]
    [InlineData("""{"type":"string"}""", "string")]
    [InlineData("""{"type":"integer"}""", "int")]
    [InlineData("""{"type":"integer","format":"int64"}""", "long")]
    [InlineData("""{"type":"number"}""", "double")]
    [InlineData("""{"type":"boolean"}""", "bool")]
    [InlineData("""{"type":"array","items":{"type":"string"}}""", "list<string>")]
    [InlineData("""{"type":"array","items":{"type":"array","items":{"type":"integer"}}}""", "list<list<int>>")]
    [InlineData("""{"type":"array"}""", "list<json>")]
    [InlineData("""{"type":"object","additionalProperties":{"type":"string"}}""", "map<string,string>")]
    [InlineData("""{"type":"object","additionalProperties":{"type":"array","items":{"type":"number"}}}""", "map<string,list<double>>")]
    [InlineData("""{"type":"object","additionalProperties":{}}""", "map<string,json>")]
    [InlineData("""{"type":"object"}""", "json")]
    [InlineData("""{}""", "json")]
    [InlineData("""true""", "json")]
    [InlineData("""{"enum":["a","b"]}""", "string")]
    public void Required_types_map_to_spec_types(string schema, string type)
    {
        var arg = Arg(schema);
        Assert.Equal(type, arg.Type);
        Assert.True(arg.Required);
        Assert.False(arg.Lossy);
    }

    [Theory]
    [InlineData("""{"type":"string"}""", "string?")]
    [InlineData("""{"type":"integer"}""", "int?")]
    [InlineData("""{"type":"boolean"}""", "bool?")]
    [InlineData("""{"type":"array","items":{"type":"string"}}""", "list<string>?")]
    [InlineData("""{"type":"object","additionalProperties":{"type":"string"}}""", "map<string,string>?")]
    [InlineData("""{"type":"object"}""", "json?")]
    public void Optional_arguments_are_nullable(string schema, string type)
    {
        var arg = Arg(schema, required: false);
        Assert.Equal(type, arg.Type);
        Assert.False(arg.Required);
    }

    [Theory]
    [InlineData("""{"type":["string","null"]}""", "string?")]
    [InlineData("""{"anyOf":[{"type":"integer"},{"type":"null"}]}""", "int?")]
    [InlineData("""{"oneOf":[{"type":"null"},{"type":"array","items":{"type":"string"}}]}""", "list<string>?")]
    public void Nullable_schemas_are_nullable_even_when_required(string schema, string type) => Assert.Equal(type, Arg(schema).Type);

    [Fact]
    public void Enum_becomes_allowed_and_default_is_kept()
    {
        var arg = Arg("""{"type":"string","enum":["overwrite","append","overwrite"],"default":"overwrite","description":"How to write."}""", required: false);
        Assert.Equal("string", arg.Type); // a default makes it optional without making it nullable
        Assert.Equal(["overwrite", "append"], arg.Allowed);
        Assert.Equal(SpecValue.String("overwrite"), arg.Default);
        Assert.Equal("How to write.", arg.Doc);
        Assert.False(arg.Required);
    }

    [Fact]
    public void Minimum_and_maximum_become_a_range_with_the_default()
    {
        var arg = Arg("""{"type":"integer","minimum":1,"maximum":50000,"default":50000}""", required: false, name: "timeout_ms");
        Assert.Equal("int", arg.Type);
        Assert.Equal("timeoutMs", arg.CSharpName);
        Assert.Equal("[1, 50000]", arg.Range!.ToString());
        Assert.Equal(SpecValue.Number("50000"), arg.Default);
    }

    [Theory]
    [InlineData("""{"type":"integer","exclusiveMinimum":0,"exclusiveMaximum":10}""", "int", "[1, 9]")]
    [InlineData("""{"type":"integer","minimum":0,"exclusiveMinimum":true}""", "int", "[1, 2147483647]")]
    [InlineData("""{"type":"integer","maximum":5}""", "int", "[-2147483648, 5]")]
    [InlineData("""{"type":"integer","minimum":0.5,"maximum":9.5}""", "int", "[1, 9]")]
    [InlineData("""{"type":"integer","minimum":0,"maximum":9007199254740991}""", "long", "[0, 9007199254740991]")]
    [InlineData("""{"type":"number","minimum":0.5,"maximum":1.5}""", "double", "[0.5, 1.5]")]
    [InlineData("""{"type":"number","minimum":0}""", "double", "[0, 1.7976931348623157E+308]")]
    public void Bounds_are_made_inclusive_and_fill_the_missing_side(string schema, string type, string range)
    {
        var arg = Arg(schema);
        Assert.Equal(type, arg.Type);
        Assert.Equal(range, arg.Range!.ToString());
    }

    [Theory]
    [InlineData("""{"type":"integer","minimum":5,"maximum":1}""", "at /properties/a: minimum 5 is greater than maximum 1; range dropped")]
    [InlineData("""{"type":"integer","default":"ten"}""", "at /properties/a/default: default \"ten\" does not fit type int; dropped")]
    [InlineData("""{"type":"integer","minimum":1,"maximum":3,"default":7}""", "at /properties/a/default: default 7 is outside the range [1, 3]; dropped")]
    [InlineData("""{"type":"string","enum":["x","y"],"default":"z"}""", "at /properties/a/default: default \"z\" is not one of the allowed values; dropped")]
    [InlineData("""{"type":"integer","enum":[1,2]}""", "at /properties/a/enum: allowed values of a int argument are not expressible (only strings have allowed values); dropped")]
    [InlineData("""{"type":"string","enum":["x",1]}""", "at /properties/a/enum: enum of a string argument has values that are not strings; allowed values dropped")]
    [InlineData("""{"type":"number","exclusiveMinimum":0}""", "at /properties/a/exclusiveMinimum: exclusive bound not expressible for a number; kept as an inclusive bound")]
    public void Constraints_that_do_not_fit_are_dropped_with_a_warning(string schema, string warning)
    {
        var (tool, warnings) = Tool("""{"type":"object","properties":{"a":""" + schema + "}}");
        Assert.Equal($"tool 't' {warning}", Assert.Single(warnings));
        Assert.False(Assert.Single(tool.Arguments).Lossy);
    }

    [Theory]
    [InlineData("""{"anyOf":[{"type":"string"},{"type":"integer"}]}""", "/properties/a/anyOf", "not expressible; typed as raw JSON")]
    [InlineData("""{"oneOf":[{"type":"string"},{"type":"integer"}]}""", "/properties/a/oneOf", "not expressible; typed as raw JSON")]
    [InlineData("""{"allOf":[{"type":"string"}]}""", "/properties/a/allOf", "allOf not expressible; typed as raw JSON")]
    [InlineData("""{"$ref":"#/$defs/x"}""", "/properties/a/$ref", "$ref (references are not followed) not expressible; typed as raw JSON")]
    [InlineData("""{"type":"object","properties":{"x":{"type":"string"}}}""", "/properties/a/properties", "nested object with properties not expressible; typed as raw JSON")]
    [InlineData("""{"type":"array","items":[{"type":"string"},{"type":"integer"}]}""", "/properties/a/items", "tuple array (items is an array) not expressible; typed as raw JSON")]
    [InlineData("""{"type":"array","prefixItems":[{"type":"string"}]}""", "/properties/a/prefixItems", "prefixItems (tuple array) not expressible; typed as raw JSON")]
    [InlineData("""{"type":"object","patternProperties":{"^x":{"type":"string"}}}""", "/properties/a/patternProperties", "patternProperties not expressible; typed as raw JSON")]
    [InlineData("""{"type":"array","items":{"type":"object","properties":{"x":{}}}}""", "/properties/a/items/properties", "nested object with properties not expressible; typed as raw JSON")]
    [InlineData("""{"type":"object","additionalProperties":{"anyOf":[{},{}]}}""", "/properties/a/additionalProperties/anyOf", "not expressible; typed as raw JSON")]
    [InlineData("""{"type":["string","integer"]}""", "/properties/a/type", "several types [\"string\",\"integer\"] not expressible; typed as raw JSON")]
    [InlineData("""{"type":"null"}""", "/properties/a/type", "type null (no other type) not expressible; typed as raw JSON")]
    [InlineData("""{"type":"decimal"}""", "/properties/a/type", "unknown type 'decimal'; typed as raw JSON")]
    [InlineData("""false""", "/properties/a", "schema false accepts no value; typed as raw JSON")]
    [InlineData("""42""", "/properties/a", "schema is a JSON number, not an object; typed as raw JSON")]
    [InlineData("""{"not":{"type":"string"}}""", "/properties/a/not", "not not expressible; typed as raw JSON")]
    public void Inexpressible_constructs_are_raw_json_with_a_warning_naming_tool_and_pointer(string schema, string pointer, string message)
    {
        var (arg, warning) = Lossy(schema);
        Assert.Equal($"tool 't' at {pointer}: {message}", warning);
        Assert.True(arg.Lossy);
        Assert.StartsWith("json", arg.Type, StringComparison.Ordinal);
    }

    [Fact]
    public void The_example_of_the_brief_reads_exactly_so()
    {
        var (arg, warning) = Lossy("""{"anyOf":[{"type":"string"},{"type":"object"}],"description":"Options."}""", name: "opts");
        Assert.Equal("warning: tool 't' at /properties/opts/anyOf: not expressible; typed as raw JSON", "warning: " + warning);
        Assert.Equal("json", arg.Type);
        Assert.Equal("Options.", arg.Doc);
    }

    [Fact]
    public void Pointer_tokens_are_escaped()
    {
        var (_, warning) = Lossy("""{"$ref":"#"}""", name: "a/b~c");
        Assert.Equal("tool 't' at /properties/a~1b~0c/$ref: $ref (references are not followed) not expressible; typed as raw JSON", warning);
    }

    [Fact]
    public void Recursive_schemas_are_not_followed()
    {
        var (tool, warnings) = Tool("""
            {"type":"object","$defs":{"node":{"type":"object","properties":{"next":{"$ref":"#/$defs/node"}}}},
             "properties":{"tree":{"$ref":"#/$defs/node"},"self":{"$ref":"#"}},"required":["tree"]}
            """);
        Assert.Equal(["json", "json?"], tool.Arguments.Select(a => a.Type));
        Assert.Equal(2, warnings.Length);
        Assert.All(warnings, w => Assert.Contains("$ref", w, StringComparison.Ordinal));
    }

    [Fact]
    public void A_schema_10000_levels_deep_is_cut_at_the_depth_bound()
    {
        var deep = new StringBuilder();
        for (var i = 0; i < 10000; i++)
        {
            deep.Append("""{"type":"array","items":""");
        }

        deep.Append("""{"type":"string"}""").Append('}', 10000);
        var (arg, warning) = Lossy(deep.ToString());
        Assert.Equal("json", arg.Type);
        Assert.Contains($"nested deeper than {SchemaConverter.MaxTypeDepth} levels; typed as raw JSON", warning, StringComparison.Ordinal);
        Assert.StartsWith("tool 't' at /properties/a/items/items/", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_nesting_of_objects_and_anyOf_does_not_overflow()
    {
        var deep = new StringBuilder();
        for (var i = 0; i < 10000; i++)
        {
            deep.Append("""{"anyOf":[{"type":"null"},{"type":"object","additionalProperties":""");
        }

        deep.Append("{}");
        for (var i = 0; i < 10000; i++)
        {
            deep.Append("}]}");
        }

        var (arg, warning) = Lossy(deep.ToString());
        Assert.Equal("json?", arg.Type);
        Assert.Contains("nested deeper than", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_100000_value_enum_is_a_plain_string()
    {
        var values = string.Join(",", Enumerable.Range(0, 100000).Select(i => "\"v" + i + "\""));
        var (arg, warning) = Lossy($$"""{"type":"string","enum":[{{values}}]}""");
        Assert.Equal("string", arg.Type);
        Assert.Null(arg.Allowed);
        Assert.Equal($"tool 't' at /properties/a/enum: enum has 100000 values (more than {SchemaConverter.MaxEnumValues}); typed as a plain string", warning);
    }

    [Fact]
    public void An_enum_of_256_values_is_kept()
    {
        var values = string.Join(",", Enumerable.Range(0, 256).Select(i => "\"v" + i + "\""));
        Assert.Equal(256, Arg($$"""{"type":"string","enum":[{{values}}]}""").Allowed!.Count);
    }

    [Theory]
    [InlineData("\"a string\"", "tool 't': inputSchema is a JSON string, not an object; tool left out")]
    [InlineData("[1,2]", "tool 't': inputSchema is a JSON array, not an object; tool left out")]
    [InlineData("""{"type":"string"}""", "tool 't' at /type: inputSchema is not of type object (\"string\"); tool left out")]
    public void A_non_object_input_schema_leaves_the_tool_out(string schema, string warning)
    {
        var result = Convert("""[{"name":"t","server":"s","inputSchema":""" + schema + """},{"name":"u","server":"s","inputSchema":{}}]""");
        Assert.Equal("u", Assert.Single(result.Tools).Name);
        Assert.Equal(warning, Assert.Single(result.Warnings).ToString());
    }

    [Fact]
    public void Missing_properties_mean_no_arguments()
    {
        var (tool, warnings) = Tool("""{"type":"object"}""");
        Assert.Empty(tool.Arguments);
        Assert.Empty(warnings);
    }

    [Fact]
    public void Odd_shapes_give_warnings_not_exceptions()
    {
        var result = Convert("""
            [ 7,
              {"server":"s"},
              {"name":"no_schema","server":"s"},
              {"name":"bad_props","server":"s","inputSchema":{"properties":[1]}},
              {"name":"bad_required","server":"s","inputSchema":{"properties":{"a":{"type":"string"}},"required":"a"}},
              {"name":"ghost","server":"s","inputSchema":{"properties":{},"required":["g", 3]}},
              {"name":"no_server","inputSchema":{}},
              {"name":"no_server","server":"s","inputSchema":{}},
              {"name":"top_any","server":"s","inputSchema":{"anyOf":[{}],"properties":{"a":{"type":"string"}}}}
            ]
            """);
        Assert.Equal(["bad_props", "bad_required", "ghost", "no_schema", "no_server", "top_any"], result.Tools.Select(t => t.Name));
        Assert.Equal(
        [
            "tool '#0': entry #0 of the tool list is a JSON number, not a tool object; left out",
            "tool '#1': entry #1 of the tool list has no name; left out",
            "tool 'no_schema': no inputSchema; written without arguments",
            "tool 'bad_props' at /properties: properties is a JSON array, not an object; written without arguments",
            "tool 'bad_required' at /required: required is a JSON string, not an array; every argument is optional",
            "tool 'ghost' at /required/1: not an argument name (number); ignored",
            "tool 'ghost' at /required: required argument 'g' has no schema under properties; typed as raw JSON",
            "tool 'no_server': the service names no server for it; written as server: \"\" (fill it in)",
            "tool 'no_server': listed more than once; the first listing is used",
            "tool 'top_any' at /anyOf: not expressible at the top of inputSchema; only its properties are typed",
        ], result.Warnings.Select(w => w.ToString()));
        Assert.Equal("string?", Assert.Single(result.Tools.Single(t => t.Name == "bad_required").Arguments).Type);
        Assert.Equal("json", Assert.Single(result.Tools.Single(t => t.Name == "ghost").Arguments).Type);
    }

    [Theory]
    [InlineData("5")]
    [InlineData("{\"tools\":[]}")]
    [InlineData("not json")]
    [InlineData("[")]
    public void A_tool_list_that_is_not_a_json_array_is_a_clear_error(string text)
    {
        var e = Assert.Throws<CliException>(() => Convert(text));
        Assert.StartsWith("the tool list is ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_follow_the_generator_conventions()
    {
        var (tool, warnings) = Tool("""
            {"properties":{"timeout_ms":{"type":"integer"},"dryRun":{"type":"boolean"},"class":{"type":"string"},
             "2fa":{"type":"string"},"exclude-patterns":{"type":"string"},"URL":{"type":"string"},"result":{"type":"string"},
             "a_b":{"type":"string"},"aB":{"type":"string"}}}
            """, name: "run_code");
        Assert.Equal("RunCode", tool.Method);
        Assert.Equal(["timeoutMs", "dryRun", "classValue", "arg2fa", "excludePatterns", "url", "resultValue", "aB", "aB2"], tool.Arguments.Select(a => a.CSharpName));
        Assert.Equal("tool 'run_code' at /properties/aB: C# name 'aB' is taken by another argument; named 'aB2'", Assert.Single(warnings));
    }

    [Fact]
    public void Methods_are_pascal_case_and_unique()
    {
        var result = Convert("""[{"name":"read_file","server":"s","inputSchema":{}},{"name":"read-file","server":"s","inputSchema":{}},{"name":"session","server":"s","inputSchema":{}},{"name":"9lives","server":"s","inputSchema":{}}]""");
        Assert.Equal(["9lives", "read-file", "read_file", "session"], result.Tools.Select(t => t.Name));
        Assert.Equal(["Tool9lives", "ReadFile", "ReadFile2", "SessionTool"], result.Tools.Select(t => t.Method));
        Assert.Equal("tool 'read_file': method name 'ReadFile' is taken by another tool; named 'ReadFile2'", Assert.Single(result.Warnings).ToString());
    }

    [Fact]
    public void Required_arguments_come_first_and_server_doc_result_are_kept()
    {
        var (tool, _) = Tool("""{"type":"object","properties":{"cwd":{"type":"string"},"command":{"type":"string"},"timeout":{"type":"integer","default":5}},"required":["command"]}""", server: "\"wuying_shell\"");
        Assert.Equal(["command", "cwd", "timeout"], tool.Arguments.Select(a => a.WireName));
        Assert.Equal("timeoutValue", tool.Arguments[2].CSharpName);
        Assert.Equal("wuying_shell", tool.Server);
        Assert.Equal("Does t.", tool.Doc);
        Assert.Equal("text", tool.Result);
    }

    [Fact]
    public void Tools_are_sorted_by_name()
    {
        var result = Convert("""[{"name":"b","server":"s","inputSchema":{}},{"name":"B","server":"s","inputSchema":{}},{"name":"a","server":"s","inputSchema":{}}]""");
        Assert.Equal(["B", "a", "b"], result.Tools.Select(t => t.Name));
    }
}
