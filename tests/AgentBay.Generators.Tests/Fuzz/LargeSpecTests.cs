using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using AgentBay.Generators.Emit;
using AgentBay.Generators.Spec.Syntax;
using AgentBay.Generators.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace AgentBay.Generators.Tests.Fuzz;

/// <summary>The fuzz test's large inputs, one at a time and stage by stage, so a slow one shows which stage is slow.</summary>
[Collection("Fuzz")]
public class LargeSpecTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(1);

    private readonly ITestOutputHelper _output;

    public LargeSpecTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string> Cases => new() { "huge-doc", "huge-type", "deep-flow", "deep-block", "deep-type", "megabyte-comments", "megabyte-enums", "megabyte-repeated" };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Large_inputs_compile_within_a_second(string name)
    {
        var path = GeneratorHarness.StandardSpecPath;
        var standard = File.ReadAllText(path);
        var text = Build(name, standard);
        // Build's Replace is silent: a standard spec without the anchor would time the standard spec and pass.
        Assert.NotEqual(standard, text);

        // Warm up on the standard spec, then take the best of three (the machine is shared).
        SpecFuzzTests.Generate(path, standard);
        var best = Enumerable.Range(0, 3).Select(_ => Stages(path, text)).OrderBy(s => s.Total).First();
        var cpuBefore = ThreadCpuTime.Now();
        var wall = Stopwatch.StartNew();
        SpecFuzzTests.Generate(path, text);
        wall.Stop();
        var cpu = cpuBefore is { } start && ThreadCpuTime.Now() is { } end ? end - start : wall.Elapsed;
        _output.WriteLine($"{name}: {text.Length:N0} chars; read {best.Read.TotalMilliseconds:F0} ms, bind {best.Bind.TotalMilliseconds:F0} ms, "
            + $"compile {best.Compile.TotalMilliseconds:F0} ms, emit {best.Emit.TotalMilliseconds:F0} ms (best wall of 3); compile + emit once more: {cpu.TotalMilliseconds:F0} ms CPU, {wall.Elapsed.TotalMilliseconds:F0} ms wall; {best.Outcome}");
        Assert.True(best.Total < Limit || cpu < Limit, $"{name} took {best.Total.TotalMilliseconds:F0} ms wall, {cpu.TotalMilliseconds:F0} ms CPU");
    }

    private static (TimeSpan Read, TimeSpan Bind, TimeSpan Compile, TimeSpan Emit, TimeSpan Total, string Outcome) Stages(string path, string text)
    {
        var watch = Stopwatch.StartNew();
        SpecReader.Read(text, path);
        var read = watch.Elapsed;
        watch.Restart();
        SpecCompiler.Bind(path, text, out _);
        var bind = watch.Elapsed;
        watch.Restart();
        var compilation = SpecCompiler.Compile(path, text);
        var compile = watch.Elapsed;
        watch.Restart();
        var files = compilation.Units.Select(Emitter.Emit).ToList();
        var emit = watch.Elapsed;
        var outcome = files.Count > 0
            ? $"accepted, {files.Sum(f => f.Text.Length):N0} chars generated"
            : "rejected: " + string.Join("; ", compilation.Diagnostics.Take(2).Select(d => d.Id + " " + Truncate(d.FormatMessage())));
        return (read, bind, compile, emit, compile + emit, outcome);
    }

    private static string Truncate(string message) => message.Length > 120 ? message.Substring(0, 120) + "..." : message;

    internal static string Build(string name, string spec)
    {
        const int Megabyte = 1 << 20;
        var huge = string.Concat(Enumerable.Repeat("lorem ipsum dolor sit amet ", Megabyte / 27 + 1));
        switch (name)
        {
            case "huge-doc":
                return spec.Replace("doc: Entry point to AgentBay; creates, finds, lists and deletes sessions.", "doc: \"" + huge + "\"", StringComparison.Ordinal);
            case "huge-type":
                return spec.Replace("type: \"string?\", wire: ImageId", "type: \"" + huge + "\", wire: ImageId", StringComparison.Ordinal);
            case "deep-flow":
                return spec + "\ndeep: " + new string('[', 10_000) + new string(']', 10_000) + "\n";
            case "deep-block":
                return spec + "\ndeep:\n" + string.Concat(Enumerable.Repeat("- ", 10_000)) + "x\n";
            case "deep-type":
                return spec.Replace("type: \"string?\", wire: ImageId", "type: \"" + string.Concat(Enumerable.Repeat("list<", 10_000)) + "string" + new string('>', 10_000) + "\", wire: ImageId", StringComparison.Ordinal);
            case "megabyte-comments":
                var comments = new StringBuilder(spec);
                while (comments.Length < Megabyte)
                {
                    comments.Append("\n# padding padding padding padding padding padding padding padding padding");
                }

                return comments.ToString();
            case "megabyte-enums":
                var enums = new StringBuilder();
                for (var i = 0; enums.Length < Megabyte; i++)
                {
                    enums.Append($"  Fuzz{i}:\n    doc: Generated enum {i}.\n    values:\n      A: A{i}\n      B: B{i}\n");
                }

                return spec.Replace("enums:\n", "enums:\n" + enums, StringComparison.Ordinal);
            default:
                var repeated = new StringBuilder();
                while (repeated.Length < Megabyte)
                {
                    repeated.Append(spec).Append('\n');
                }

                return repeated.ToString();
        }
    }
}
