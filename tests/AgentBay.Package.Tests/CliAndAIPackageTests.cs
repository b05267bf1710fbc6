using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using System.Xml.Linq;
using Xunit;
using Xunit.Abstractions;

namespace AgentBay.Package.Tests;

/// <summary>
/// The agentbay tool and AgentBay.Generated.AI as a user gets them: from the feed, with dotnet tool install and dotnet
/// add package, no ProjectReference. The tool runs the emulator with a custom tool, pulls its spec and diffs it; a new
/// console project that adds only AgentBay.Generated.AI gets AsAIFunctions and calls a function on that emulator.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class CliAndAIPackageTests(PackageFeed feed, ITestOutputHelper output) : IDisposable
{
    private const string ApiKey = "cli-package-key";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "agentbay-cli-" + Guid.NewGuid().ToString("N")[..8]);

    private const string AIProgram = """
        using AgentBay;
        using Microsoft.Extensions.AI;

        using var client = new AgentBayClient();
        await using var session = (await client.CreateAsync(new CreateSessionParams { ImageId = "linux_latest" })).Session;
        var functions = session.Tools.AsAIFunctions();
        Console.WriteLine("functions:" + functions.Count);
        var shell = functions.Single(f => f.Name == "shell");
        var result = await shell.InvokeAsync(new AIFunctionArguments { ["command"] = "echo ai-package-ok" });
        Console.WriteLine(result);
        """;

    [Fact]
    public void AgentBay_Cli_is_a_dotnet_tool_named_agentbay_and_AI_depends_on_the_base_package_of_its_version()
    {
        using (var zip = ZipFile.OpenRead(feed.CliPackage))
        {
            var entries = zip.Entries.Select(e => e.FullName).ToArray();
            var settings = entries.Single(e => e.EndsWith("DotnetToolSettings.xml"));
            using var stream = zip.GetEntry(settings)!.Open();
            Assert.Equal("agentbay", (string)XDocument.Load(stream).Descendants("Command").Single().Attribute("Name")!);
            Assert.Contains(entries, e => e.EndsWith("/agentbay.dll"));
            Assert.Contains(entries, e => e.EndsWith("/AgentBay.Emulator.dll"));
            Assert.Contains(entries, e => e.EndsWith("/ModelContextProtocol.Core.dll"));
            output.WriteLine($"AgentBay.Cli: {new FileInfo(feed.CliPackage).Length} bytes");
        }

        using (var zip = ZipFile.OpenRead(feed.AIPackage))
        {
            var nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec"));
            using var stream = nuspec.Open();
            var document = XDocument.Load(stream);
            var dependencies = document.Descendants().Where(e => e.Name.LocalName == "dependency")
                .Select(d => ((string)d.Attribute("id")!, (string?)d.Attribute("version"))).ToArray();
            Assert.Contains(("AgentBay.Generated", feed.Version), dependencies);
            Assert.Contains(dependencies, d => d.Item1 == "Microsoft.Extensions.AI.Abstractions");
            Assert.Contains(zip.Entries, e => e.FullName.EndsWith("/AgentBay.Runtime.AI.dll"));
        }
    }

    [Fact]
    public async Task The_installed_tool_pulls_and_diffs_an_emulator_s_tools_and_the_AI_package_gives_a_new_project_AI_functions()
    {
        var total = Stopwatch.StartNew();
        Directory.CreateDirectory(_root);
        feed.WriteNuGetConfig(_root);
        var tools = Path.Combine(_root, "tools");
        (await CommandLine.DotnetAsync($"tool install AgentBay.Cli --version {feed.Version} --tool-path \"{tools}\"", _root)).EnsureSuccess("dotnet tool install AgentBay.Cli");
        var agentbay = Path.Combine(tools, "agentbay");

        var version = (await CommandLine.RunAsync(agentbay, "--version", _root)).EnsureSuccess("agentbay --version");
        Assert.StartsWith("0.1.0", version.Output.Trim());

        var port = ToolServer.FreePort();
        var endpoint = $"http://127.0.0.1:{port}";
        var environment = new Dictionary<string, string?> { ["AGENTBAY_API_KEY"] = ApiKey, ["AGENTBAY_ENDPOINT"] = endpoint };
        using var emulator = ToolServer.Start(agentbay, $"emulator --port {port} --api-key {ApiKey} --sandbox none --tool \"count_lines=wc -l < {{path}}\"");
        try
        {
            await ToolServer.WaitUntilListening(port, emulator);

            var pulled = Path.Combine(_root, "pulled.agentbay.yaml");
            var pull = (await CommandLine.RunAsync(agentbay, $"spec pull --image linux_latest --endpoint {endpoint} --output \"{pulled}\"", _root, environment))
                .EnsureSuccess("agentbay spec pull");
            Assert.Contains("wrote 15 tools", pull.Output);
            var spec = File.ReadAllText(pulled);
            Assert.Contains("count_lines:", spec);
            Assert.Contains("shell:", spec);
            Assert.DoesNotContain(ApiKey, pull.Output + spec);

            var same = await CommandLine.RunAsync(agentbay, $"spec diff \"{pulled}\" --image linux_latest --endpoint {endpoint}", _root, environment);
            Assert.Equal(0, same.ExitCode);
            Assert.Contains("no drift", same.Output);
            var standard = await CommandLine.RunAsync(agentbay, $"spec diff \"{Path.Combine(CommandLine.RepoRoot, "specs", "session.agentbay.yaml")}\" --image linux_latest --endpoint {endpoint}", _root, environment);
            Assert.Equal(1, standard.ExitCode);
            Assert.Contains("+ tool 'count_lines'", standard.Output);

            var app = Path.Combine(_root, "ai");
            (await CommandLine.DotnetAsync("new console -n AiApp -o ai", _root)).EnsureSuccess("dotnet new console");
            (await CommandLine.DotnetAsync($"add package AgentBay.Generated.AI --version {feed.Version}", app)).EnsureSuccess("dotnet add package AgentBay.Generated.AI");
            File.WriteAllText(Path.Combine(app, "Program.cs"), AIProgram);
            var build = (await CommandLine.DotnetAsync("build -nologo", app)).EnsureSuccess("build with AgentBay.Generated.AI only");
            Assert.Contains(" 0 Warning(s)", build.Output);
            var run = (await CommandLine.DotnetAsync("run --no-build", app, environment)).EnsureSuccess("run the AI functions");
            Assert.Contains("functions:", run.Output);
            Assert.Contains("ai-package-ok", run.Output);
            Assert.Contains("\"success\":true", run.Output);
        }
        finally
        {
            emulator.Kill(entireProcessTree: true);
        }

        output.WriteLine($"cli and AI packages: {total.Elapsed.TotalSeconds:F1} s");
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
