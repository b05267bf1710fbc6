using AgentBay.Generators.Spec.Syntax;
using Xunit;
using static AgentBay.Generators.Tests.Syntax.SpecTree;

namespace AgentBay.Generators.Tests.Syntax;

/// <summary>The repository's real spec, specs/session.agentbay.yaml, reads without error.</summary>
public class RealSpecTests
{
    [Fact]
    public void Session_spec_reads_without_error()
    {
        string? path = RealSpec.Find();
        Assert.True(path != null, "specs/" + RealSpec.FileName + " not found next to the tests or above them");
        string text = System.IO.File.ReadAllText(path!);

        SpecReadResult result = SpecReader.Read(text, path!);
        Assert.True(result.Error is null, "syntax error: " + result.Error);
        SpecReaderRobustnessTests.CheckResult(text, result);
        SpecNode root = result.Root!;
        Assert.Equal(SpecNodeKind.Mapping, root.Kind);
        Assert.True(Scalar(root, "agentbay").TryGetInt64(out long version));
        Assert.Equal(1L, version);
        Assert.IsType<SpecMapping>(Get(root, "records"));
        Assert.IsType<SpecMapping>(Get(root, "tools"));
    }

    [Fact]
    public void Session_spec_reads_the_same_with_crlf_line_breaks()
    {
        string? text = RealSpec.TryLoad();
        Assert.NotNull(text);
        SpecNode lf = ReadYaml(text!.Replace("\r\n", "\n", System.StringComparison.Ordinal));
        SpecNode crlf = ReadYaml(text.Replace("\r\n", "\n", System.StringComparison.Ordinal).Replace("\n", "\r\n", System.StringComparison.Ordinal));
        Assert.Equal(Dump(lf), Dump(crlf));
    }
}
