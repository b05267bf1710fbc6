using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace AgentBay.Package.Tests;

/// <summary>
/// A brand-new console project consumes the packages from the local feed: builds with 0 warnings, runs against the
/// emulator tool installed from the feed, and follows spec edits (add a tool → method exists; remove it → CS1061).
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class ConsumerWorkflowTests(PackageFeed feed, ITestOutputHelper output) : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "agentbay-consumer-" + Guid.NewGuid().ToString("N")[..8]);

    private const string Program = """
        using AgentBay;

        using var client = new AgentBayClient();
        await using var session = (await client.CreateAsync(new CreateSessionParams { ImageId = "linux_latest" })).Session;
        var shell = await session.Tools.ShellAsync("echo consumer-ok", timeoutMs: 5000);
        Console.WriteLine(shell.Stdout?.Trim());
        var file = session.Tools.WriteFile("/tmp/notes.txt", "typed");
        Console.WriteLine(file.Success ? "write-ok" : "write failed: " + file.ErrorMessage);
        // CUSTOM
        """;

    private const string CustomSpec = """
        agentbay: 1
        namespace: AgentBay
        tools:
          count_lines:
            server: custom
            method: CountLines
            doc: Counts the lines of a file (a tool of a custom image).
            args:
              path: { type: string }
        """;

    private const string CustomCall = "var lines = await session.Tools.CountLinesAsync(\"/tmp/notes.txt\"); Console.WriteLine(\"custom-call:\" + lines.Success);";

    [Fact]
    public async Task A_new_console_project_builds_runs_and_follows_spec_edits()
    {
        var total = Stopwatch.StartNew();
        var app = Path.Combine(_root, "app");
        Directory.CreateDirectory(_root);
        feed.WriteNuGetConfig(_root);
        (await CommandLine.DotnetAsync("new console -n App -o app", _root)).EnsureSuccess("dotnet new console");
        (await CommandLine.DotnetAsync($"add package AgentBay.Generated --version {feed.Version}", app)).EnsureSuccess("dotnet add package");
        Assert.DoesNotContain("ProjectReference", File.ReadAllText(Path.Combine(app, "App.csproj")));
        File.WriteAllText(Path.Combine(app, "Program.cs"), Program);

        var build = (await CommandLine.DotnetAsync("build -nologo", app)).EnsureSuccess("first build");
        Assert.Contains(" 0 Warning(s)", build.Output);
        output.WriteLine($"first build: {build.Elapsed.TotalSeconds:F1} s");

        var tools = Path.Combine(_root, "tools");
        (await CommandLine.DotnetAsync($"tool install AgentBay.Emulator --version {feed.Version} --tool-path \"{tools}\"", _root)).EnsureSuccess("dotnet tool install");
        var port = ToolServer.FreePort();
        using (var emulator = ToolServer.Start(Path.Combine(tools, "agentbay-emulator"), $"--port {port} --api-key consumer-key"))
        {
            await ToolServer.WaitUntilListening(port, emulator);
            var environment = new Dictionary<string, string?> { ["AGENTBAY_API_KEY"] = "consumer-key", ["AGENTBAY_ENDPOINT"] = $"http://127.0.0.1:{port}" };
            var run = (await CommandLine.DotnetAsync("run --no-build", app, environment)).EnsureSuccess("dotnet run");
            Assert.Contains("consumer-ok", run.Output);
            Assert.Contains("write-ok", run.Output);

            // Edit the spec: a custom tool appears on session.Tools at the next build.
            File.WriteAllText(Path.Combine(app, "custom.agentbay.yaml"), CustomSpec);
            File.WriteAllText(Path.Combine(app, "Program.cs"), Program.Replace("// CUSTOM", CustomCall));
            var rebuild = (await CommandLine.DotnetAsync("build -nologo", app)).EnsureSuccess("build with the custom tool");
            Assert.Contains(" 0 Warning(s)", rebuild.Output);
            var custom = (await CommandLine.DotnetAsync("run --no-build", app, environment)).EnsureSuccess("run with the custom tool");
            Assert.Contains("custom-call:", custom.Output);
            emulator.Kill(entireProcessTree: true);
        }

        // Remove the tool again: the call no longer compiles.
        File.Delete(Path.Combine(app, "custom.agentbay.yaml"));
        var broken = await CommandLine.DotnetAsync("build -nologo", app);
        Assert.NotEqual(0, broken.ExitCode);
        Assert.Contains("error CS1061", broken.Output);
        Assert.Contains("CountLinesAsync", broken.Output);
        output.WriteLine($"consumer workflow: {total.Elapsed.TotalSeconds:F1} s (pack {feed.PackTime.TotalSeconds:F1} s before it)");
    }

    [Fact]
    public async Task Knobs_change_the_namespace_and_an_old_compiler_gets_a_clear_error()
    {
        var app = Path.Combine(_root, "knobs");
        Directory.CreateDirectory(_root);
        feed.WriteNuGetConfig(_root);
        (await CommandLine.DotnetAsync("new classlib -n Knobs -o knobs", _root)).EnsureSuccess("dotnet new classlib");
        (await CommandLine.DotnetAsync($"add package AgentBay.Generated --version {feed.Version}", app)).EnsureSuccess("dotnet add package");
        File.WriteAllText(Path.Combine(app, "Class1.cs"), "namespace Knobs; public static class Use { public static string Name => typeof(Contoso.Sandbox.AgentBayClient).FullName!; }");

        (await CommandLine.DotnetAsync("build -nologo -p:AgentBayNamespace=Contoso.Sandbox", app)).EnsureSuccess("build with AgentBayNamespace");

        var old = await CommandLine.DotnetAsync("build -nologo -p:AgentBayNamespace=Contoso.Sandbox -p:CompilerApiVersion=roslyn4.8", app);
        Assert.NotEqual(0, old.ExitCode);
        Assert.Contains("error AGB0001", old.Output);
        Assert.Contains("roslyn4.8", old.Output);

        var off = await CommandLine.DotnetAsync("build -nologo -p:AgentBayGenerator=false", app);
        Assert.Contains("error CS0246", off.Output);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
