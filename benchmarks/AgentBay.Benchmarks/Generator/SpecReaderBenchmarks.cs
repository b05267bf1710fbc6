using AgentBay.Generators.Spec.Syntax;
using AgentBay.Generators.Tests.Syntax;
using BenchmarkDotNet.Attributes;

namespace AgentBay.Benchmarks.Generator;

/// <summary>
/// Reading a 100 KB spec, YAML and JSON (target: well under 5 ms each). The unit tests only guard against pathological
/// growth, on CPU time; the speed itself is measured here, where the machine's noise is BenchmarkDotNet's to handle.
/// </summary>
[MemoryDiagnoser]
public class SpecReaderBenchmarks
{
    private string _yaml = string.Empty;
    private string _json = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _yaml = LargeSpecs.Yaml(100 * 1024);
        _json = LargeSpecs.Json(100 * 1024);
    }

    [Benchmark(Description = "read 100 KB YAML")]
    public object ReadYaml() => YamlSpecReader.Read(_yaml);

    [Benchmark(Description = "read 100 KB JSON")]
    public object ReadJson() => JsonSpecReader.Read(_json);
}
