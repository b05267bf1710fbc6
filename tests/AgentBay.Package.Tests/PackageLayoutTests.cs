using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using Xunit;
using Xunit.Abstractions;

namespace AgentBay.Package.Tests;

[Collection(PackageCollection.Name)]
public sealed class PackageLayoutTests(PackageFeed feed, ITestOutputHelper output)
{
    private static string[] Entries(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        return zip.Entries.Select(e => e.FullName).ToArray();
    }

    [Fact]
    public void AgentBay_Generated_has_one_analyzer_slot_no_roslyn_and_no_dll_twice()
    {
        var entries = Entries(feed.GeneratedPackage);
        output.WriteLine($"AgentBay.Generated: {new FileInfo(feed.GeneratedPackage).Length} bytes, packed in {feed.PackTime.TotalSeconds:F1} s");

        var analyzers = entries.Where(e => e.StartsWith("analyzers/")).ToArray();
        Assert.All(analyzers, e => Assert.StartsWith("analyzers/dotnet/cs/", e));
        Assert.Contains("analyzers/dotnet/cs/AgentBay.Generators.dll", analyzers);
        Assert.Contains("analyzers/dotnet/cs/AgentBay.Analyzers.dll", analyzers);
        Assert.Contains("analyzers/dotnet/cs/AgentBay.CodeFixes.dll", analyzers);
        Assert.DoesNotContain(entries, e => Path.GetFileName(e).StartsWith("Microsoft.CodeAnalysis"));
        var dlls = entries.Where(e => e.EndsWith(".dll")).ToArray();
        foreach (var group in dlls.GroupBy(e => e.StartsWith("lib/") ? "lib/" + e.Split('/')[1] : "analyzers"))
        {
            Assert.Equal(group.Count(), group.Select(Path.GetFileName).Distinct().Count());
        }

        Assert.Contains("lib/net8.0/AgentBay.Runtime.dll", entries);
        Assert.Contains("lib/net10.0/AgentBay.Runtime.dll", entries);
        foreach (var folder in new[] { "build", "buildTransitive" })
        {
            Assert.Contains($"{folder}/AgentBay.Generated.props", entries);
            Assert.Contains($"{folder}/AgentBay.Generated.targets", entries);
        }

        Assert.Contains("specs/session.agentbay.yaml", entries);
        Assert.Contains("README.md", entries);
    }

    [Fact]
    public void AgentBay_Generated_metadata_is_complete_and_depends_on_no_roslyn_package()
    {
        using var zip = ZipFile.OpenRead(feed.GeneratedPackage);
        using var stream = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec")).Open();
        var nuspec = XDocument.Load(stream);
        var ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;

        Assert.Equal("AgentBay.Generated", metadata.Element(ns + "id")!.Value);
        Assert.False(string.IsNullOrWhiteSpace(metadata.Element(ns + "description")!.Value));
        Assert.Equal("MIT", metadata.Element(ns + "license")!.Value);
        Assert.Equal("README.md", metadata.Element(ns + "readme")!.Value);
        Assert.NotNull(metadata.Element(ns + "repository"));
        Assert.Contains("agentbay", metadata.Element(ns + "tags")!.Value);
        var dependencies = metadata.Descendants(ns + "dependency").Select(d => (string)d.Attribute("id")!).ToArray();
        Assert.DoesNotContain(dependencies, d => d.StartsWith("Microsoft.CodeAnalysis"));
        Assert.DoesNotContain(dependencies, d => d.StartsWith("AgentBay"));
    }

    [Fact]
    public void AgentBay_Emulator_is_a_dotnet_tool_named_agentbay_emulator()
    {
        var entries = Entries(feed.EmulatorPackage);
        output.WriteLine($"AgentBay.Emulator: {new FileInfo(feed.EmulatorPackage).Length} bytes");

        var settings = entries.Single(e => e.EndsWith("DotnetToolSettings.xml"));
        using var zip = ZipFile.OpenRead(feed.EmulatorPackage);
        using var stream = zip.GetEntry(settings)!.Open();
        var command = XDocument.Load(stream).Descendants("Command").Single();
        Assert.Equal("agentbay-emulator", (string)command.Attribute("Name")!);
        Assert.Contains(entries, e => e.EndsWith("/AgentBay.Emulator.dll"));
    }
}
