using AgentBay.Generators.Spec.Syntax;
using Xunit;
using static AgentBay.Generators.Tests.Syntax.SpecTree;

namespace AgentBay.Generators.Tests.Syntax;

/// <summary>The same document in YAML and in JSON gives the same tree shape and values.</summary>
public class YamlJsonEquivalenceTests
{
    [Fact]
    public void Representative_spec_in_yaml_and_json_is_the_same_tree() =>
        SpecTreeEquivalence.AssertEquivalent(ReadJson(SampleDocuments.Json), ReadYaml(SampleDocuments.Yaml));

    [Theory]
    [InlineData("{\"a\": [1, 2.5, true, null, \"x y\"]}", "a: [1, 2.5, true, null, x y]")]
    [InlineData("{\"a\": [1, 2.5, true, null, \"x y\"]}", "a:\n  - 1\n  - 2.5\n  - true\n  -\n  - 'x y'")]
    [InlineData("{\"a\": {\"b\": {}}, \"c\": []}", "a: {b: {}}\nc: []")]
    [InlineData("{\"k\": \"line1\\nline2\\n\"}", "k: |\n  line1\n  line2\n")]
    [InlineData("{\"k\": \"line1\\nline2\"}", "k: |\n  line1\n  line2")]
    [InlineData("{\"k\": \"folded text\"}", "k: >-\n  folded\n  text")]
    [InlineData("{\"k\": \"\\u00e9\\t\\\"\"}", "k: \"\\u00e9\\t\\\"\"")]
    [InlineData("{\"a\": 1, \"a\": 2}", "a: 1\na: 2")]
    [InlineData("[[[]]]", "- - []")]
    [InlineData("{\"x\": \"true\"}", "x: 'true'")]
    public void Small_documents(string json, string yaml) =>
        SpecTreeEquivalence.AssertEquivalent(ReadJson(json), ReadYaml(yaml));

    [Theory]
    [InlineData("{\"x\": \"true\"}", "x: true")]
    [InlineData("{\"x\": \"1\"}", "x: 1")]
    [InlineData("{\"x\": null}", "x: ''")]
    [InlineData("{\"x\": [1]}", "x: 1")]
    [InlineData("{\"x\": 1, \"y\": 2}", "y: 2\nx: 1")]
    public void Equivalence_helper_detects_differences(string json, string yaml) =>
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => SpecTreeEquivalence.AssertEquivalent(ReadJson(json), ReadYaml(yaml)));

    [Fact]
    public void Json_is_also_yaml_for_this_subset()
    {
        // YAML 1.2 is a superset of JSON: the YAML reader must read the JSON sample to the same tree.
        SpecTreeEquivalence.AssertEquivalent(ReadJson(SampleDocuments.Json), ReadYaml(SampleDocuments.Json));
    }
}
