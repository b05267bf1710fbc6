using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using AgentBay.Generators.Spec.Syntax;
using AgentBay.Generators.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;
using static AgentBay.Generators.Tests.Syntax.SpecTree;

namespace AgentBay.Generators.Tests.Syntax;

/// <summary>
/// Property-style tests: whatever the input, reading returns (never throws), quickly, with either a tree whose
/// positions agree with the text or an error inside the text. "Quickly" is a guard against pathological growth,
/// measured in the thread's CPU time so a loaded machine cannot fail it; the speed itself is a benchmark
/// (SpecReaderBenchmarks).
/// </summary>
public class SpecReaderRobustnessTests
{
    /// <summary>CPU time one read may take: reads of these inputs take milliseconds, a quadratic one would take minutes.</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(1);

    private readonly ITestOutputHelper _output;

    public SpecReaderRobustnessTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Thousands_of_random_mutations_never_throw()
    {
        var random = new Random(20250506);
        var bases = new List<string> { SampleDocuments.Yaml, SampleDocuments.Json, LargeSpecs.Yaml(3000) };
        string? real = RealSpec.TryLoad();
        if (real != null)
        {
            bases.Add(real);
        }

        int errors = 0;
        int trees = 0;
        TimeSpan slowest = TimeSpan.Zero;
        string slowestText = string.Empty;
        for (int trial = 0; trial < 6000; trial++)
        {
            string text = Mutate(bases[trial % bases.Count], random);
            foreach (bool json in new[] { false, true })
            {
                var watch = CpuTimer.StartNew();
                SpecReadResult result = json ? JsonSpecReader.Read(text) : YamlSpecReader.Read(text);
                var elapsed = watch.Elapsed;
                if (elapsed > slowest)
                {
                    slowest = elapsed;
                    slowestText = text;
                }

                Assert.True(elapsed < Limit, $"read took {elapsed} of CPU time on trial {trial}");
                CheckResult(text, result);
                if (result.Error != null)
                {
                    errors++;
                }
                else
                {
                    trees++;
                }
            }
        }

        // A slow outlier is usually JIT or GC; reading the same text again tells it from a slow input.
        var again = Stopwatch.StartNew();
        YamlSpecReader.Read(slowestText);
        JsonSpecReader.Read(slowestText);
        _output.WriteLine($"{trees} trees, {errors} errors, slowest read {slowest.TotalMilliseconds:F2} ms ({slowestText.Length} chars, {again.Elapsed.TotalMilliseconds:F2} ms to read again as YAML and JSON)");
        Assert.True(trees > 500 && errors > 500, $"mutations should give both outcomes: {trees} trees, {errors} errors");
    }

    [Fact]
    public void Valid_json_reads_the_same_as_yaml()
    {
        // YAML is a superset of JSON, so every mutation that is still valid JSON must give the same tree as YAML.
        var random = new Random(7);
        int compared = 0;
        for (int trial = 0; trial < 3000; trial++)
        {
            string text = Mutate(SampleDocuments.Json, random);
            SpecReadResult json = JsonSpecReader.Read(text);
            if (json.Root == null || text.IndexOf('\t') >= 0)
            {
                continue;
            }

            SpecReadResult yaml = YamlSpecReader.Read(text);
            Assert.True(yaml.Root != null, "YAML rejected valid JSON: " + yaml.Error + "\n" + text);
            SpecTreeEquivalence.AssertEquivalent(json.Root, yaml.Root!);
            compared++;
        }

        Assert.True(compared > 100, "too few valid mutations: " + compared);
    }

    [Fact]
    public void Random_bytes_and_random_structural_characters()
    {
        var random = new Random(42);
        const string Structural = " \n\n\r\t-:,[]{}#&*!|>'\"%@`?.\\a1~";
        for (int trial = 0; trial < 3000; trial++)
        {
            int length = random.Next(0, 200);
            var sb = new StringBuilder(length);
            for (int i = 0; i < length; i++)
            {
                sb.Append(trial % 2 == 0 ? (char)random.Next(0, 0x10000) : Structural[random.Next(Structural.Length)]);
            }

            string text = sb.ToString();
            CheckResult(text, YamlSpecReader.Read(text));
            CheckResult(text, JsonSpecReader.Read(text));
        }
    }

    [Fact]
    public void Every_truncation_of_the_sample_reads_without_throwing()
    {
        foreach (string document in new[] { SampleDocuments.Yaml, SampleDocuments.Json })
        {
            for (int length = 0; length <= document.Length; length++)
            {
                string text = document.Substring(0, length);
                CheckResult(text, YamlSpecReader.Read(text));
                CheckResult(text, JsonSpecReader.Read(text));
            }
        }
    }

    [Theory]
    [InlineData("[")]
    [InlineData("{")]
    [InlineData("{a: ")]
    [InlineData("- ")]
    [InlineData("[{\"a\":")]
    public void Ten_thousand_levels_of_flow_or_compact_nesting_fail_cleanly(string opener)
    {
        string text = new StringBuilder().Insert(0, opener, 10_000).ToString();
        foreach (SpecReadResult result in new[] { Timed(() => YamlSpecReader.Read(text)), Timed(() => JsonSpecReader.Read(text)) })
        {
            Assert.NotNull(result.Error);
            CheckResult(text, result);
        }

        // "{{" is a flow mapping whose key is a flow collection: a different error, found before the limit.
        string expected = opener == "{" ? "flow collections cannot be used as mapping keys" : "nesting deeper than 64 levels";
        Assert.Equal(expected, YamlSpecReader.Read(text + "x").Error!.Message);
    }

    [Fact]
    public void Ten_thousand_levels_of_indentation_fail_cleanly()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < 10_000; i++)
        {
            sb.Append(' ', i).Append("k:\n");
        }

        string text = sb.ToString();
        SpecReadResult result = Timed(() => YamlSpecReader.Read(text));
        Assert.Equal("nesting deeper than 64 levels", result.Error!.Message);
        At(result.Error.Range.Start, 64, 64);

        var seq = new StringBuilder();
        for (int i = 0; i < 10_000; i++)
        {
            seq.Append(' ', i % 200).Append("-\n");
        }

        CheckResult(seq.ToString(), Timed(() => YamlSpecReader.Read(seq.ToString())));
    }

    [Fact]
    public void One_megabyte_inputs_read_in_well_under_a_second_of_CPU_time()
    {
        string yaml = LargeSpecs.Yaml(1 << 20);
        string json = LargeSpecs.Json(1 << 20);
        var inputs = new List<string>
        {
            yaml,
            json,
            new string('a', 1 << 20),
            "a: " + new string('x', 1 << 20),
            "\"" + new string('x', 1 << 20),
            "a: \"" + new StringBuilder().Insert(0, "x\n ", 1 << 18),
            new StringBuilder().Insert(0, "- a\n", 1 << 18).ToString(),
            new StringBuilder().Insert(0, "\n", 1 << 20).ToString(),
            new StringBuilder().Insert(0, "# comment\n", 1 << 17).ToString(),
            "a: [" + new StringBuilder().Insert(0, "1, ", 1 << 18),
            "k: |\n" + new StringBuilder().Insert(0, "  line\n\n", 1 << 17),
            yaml.Replace("\n", "\r\n", StringComparison.Ordinal),
            yaml.Substring(0, yaml.Length / 2) + "\t" + yaml.Substring(yaml.Length / 2),
        };

        var random = new Random(1);
        var bytes = new StringBuilder(1 << 20);
        for (int i = 0; i < 1 << 20; i++)
        {
            bytes.Append((char)random.Next(0, 0x10000));
        }

        inputs.Add(bytes.ToString());
        foreach (string text in inputs)
        {
            CheckResult(text, Timed(() => YamlSpecReader.Read(text)));
            CheckResult(text, Timed(() => JsonSpecReader.Read(text)));
        }

        Assert.Null(YamlSpecReader.Read(yaml).Error);
        Assert.Null(JsonSpecReader.Read(json).Error);
        Assert.Null(YamlSpecReader.Read(yaml.Replace("\n", "\r\n", StringComparison.Ordinal)).Error);
    }

    [Fact]
    public void A_100_KB_spec_reads_in_linear_time()
    {
        // The 5 ms target is SpecReaderBenchmarks'; this guards the growth: 10x the input must cost about 10x, not 100x.
        // CPU time over many reads (the timer's resolution is 10 ms), so neither load nor a lucky run decides.
        string smallYaml = LargeSpecs.Yaml(10 * 1024), yaml = LargeSpecs.Yaml(100 * 1024);
        string smallJson = LargeSpecs.Json(10 * 1024), json = LargeSpecs.Json(100 * 1024);
        double small = CpuPerRead(() => YamlSpecReader.Read(smallYaml), 400) + CpuPerRead(() => JsonSpecReader.Read(smallJson), 400);
        double large = CpuPerRead(() => YamlSpecReader.Read(yaml), 40) + CpuPerRead(() => JsonSpecReader.Read(json), 40);
        _output.WriteLine($"CPU per read (YAML + JSON): 10 KB {small:F3} ms, 100 KB {large:F3} ms, ratio {large / small:F1}");
        Assert.True(large < 50, $"a 100 KB read took {large:F1} ms of CPU time");
        Assert.True(large < small * 30, $"10x the input cost {large / small:F1}x the CPU time");
    }

    /// <summary>Average CPU milliseconds of one read, after a warm-up.</summary>
    private static double CpuPerRead(Func<SpecReadResult> read, int count)
    {
        for (int i = 0; i < 10; i++)
        {
            Assert.Null(read().Error);
        }

        var watch = CpuTimer.StartNew();
        for (int i = 0; i < count; i++)
        {
            read();
        }

        return Math.Max(watch.Elapsed.TotalMilliseconds, 10) / count;
    }

    private static SpecReadResult Timed(Func<SpecReadResult> read)
    {
        var watch = CpuTimer.StartNew();
        SpecReadResult result = read();
        var elapsed = watch.Elapsed;
        Assert.True(elapsed < Limit, $"read took {elapsed} of CPU time");
        return result;
    }

    private static string Mutate(string text, Random random)
    {
        int count = random.Next(1, 4);
        for (int m = 0; m < count; m++)
        {
            var lines = new List<string>(text.Split('\n'));
            int a = random.Next(lines.Count);
            int b = random.Next(lines.Count);
            switch (random.Next(9))
            {
                case 0:
                    lines.RemoveAt(a);
                    break;
                case 1:
                    lines.Insert(a, lines[b]);
                    break;
                case 2:
                    (lines[a], lines[b]) = (lines[b], lines[a]);
                    break;
                case 3:
                    lines[a] = new string(' ', random.Next(1, 5)) + lines[a];
                    break;
                case 4:
                    lines[a] = lines[a].TrimStart(' ');
                    break;
                default:
                    text = MutateChars(text, random);
                    continue;
            }

            text = string.Join("\n", lines);
        }

        return text;
    }

    private static string MutateChars(string text, Random random)
    {
        const string Palette = ":-[]{},#&*!|>'\"\t\n\r \\%?~0123456789eE.+uU";
        int at = random.Next(text.Length + 1);
        switch (random.Next(5))
        {
            case 0:
                return text.Substring(0, at);
            case 1:
                return at < text.Length ? text.Remove(at, 1) : text;
            case 2:
                return text.Insert(at, Palette[random.Next(Palette.Length)].ToString());
            case 3:
                return text.Insert(at, ((char)random.Next(0, 0x10000)).ToString());
            default:
                return at < text.Length ? text.Remove(at, 1).Insert(at, Palette[random.Next(Palette.Length)].ToString()) : text;
        }
    }

    /// <summary>Exactly one of Root and Error; no internal error; every range inside the text with line/column matching its offset.</summary>
    internal static void CheckResult(string text, SpecReadResult result)
    {
        Assert.True((result.Root == null) != (result.Error == null), "exactly one of Root and Error");
        var lines = new LineTable(text);
        if (result.Error != null)
        {
            Assert.False(result.Error.Message.StartsWith("internal error", StringComparison.Ordinal), result.Error.Message + "\n--- input ---\n" + text);
            lines.Check(result.Error.Range);
            return;
        }

        var stack = new Stack<SpecNode>();
        stack.Push(result.Root!);
        while (stack.Count > 0)
        {
            SpecNode node = stack.Pop();
            lines.Check(node.Range);
            if (node is SpecMapping mapping)
            {
                foreach (SpecMappingEntry entry in mapping.Entries)
                {
                    Assert.True(entry.Key.Range.Start.Offset >= node.Range.Start.Offset && entry.Value.Range.End.Offset <= node.Range.End.Offset, "entry outside its mapping");
                    stack.Push(entry.Key);
                    stack.Push(entry.Value);
                }
            }
            else if (node is SpecSequence sequence)
            {
                foreach (SpecNode item in sequence.Items)
                {
                    Assert.True(item.Range.Start.Offset >= node.Range.Start.Offset && item.Range.End.Offset <= node.Range.End.Offset, "item outside its sequence");
                    stack.Push(item);
                }
            }
        }
    }

    /// <summary>An independent, naive offset to line/column table to check the reader's positions against.</summary>
    private sealed class LineTable
    {
        private readonly string _text;
        private readonly List<int> _starts = new() { 0 };

        public LineTable(string text)
        {
            _text = text;
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.Length || text[i + 1] != '\n')))
                {
                    _starts.Add(i + 1);
                }
            }
        }

        public void Check(SpecRange range)
        {
            Assert.InRange(range.Start.Offset, 0, _text.Length);
            Assert.InRange(range.End.Offset, range.Start.Offset, _text.Length);
            Check(range.Start);
            Check(range.End);
        }

        private void Check(SpecPosition position)
        {
            int line = _starts.BinarySearch(position.Offset);
            if (line < 0)
            {
                line = ~line - 1;
            }

            Assert.Equal(line, position.Line);
            Assert.Equal(position.Offset - _starts[line], position.Column);
        }
    }
}
