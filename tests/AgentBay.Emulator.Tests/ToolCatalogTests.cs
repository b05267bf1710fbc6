using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AgentBay.Emulator.Tests.Infrastructure;
using AgentBay.Emulator.Tools;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace AgentBay.Emulator.Tests;

/// <summary>JSON Schema derived from the spec's tools section, and which catalogue the emulator serves.</summary>
public sealed class ToolCatalogTests
{
    private const string Spec = """
        {
          "enums": { "Mode": { "values": { "Overwrite": "overwrite", "Append": "append" } } },
          "records": {
            "FileEdit": { "fields": { "OldText": { "type": "string", "wire": "oldText", "doc": "Find." }, "NewText": { "type": "string?", "wire": "newText" } } }
          },
          "tools": {
            "shell": {
              "server": "wuying_shell", "method": "Shell", "doc": "Runs a command.",
              "args": {
                "command": { "type": "string", "doc": "The command." },
                "timeout_ms": { "type": "int", "name": "timeoutMs", "default": 50000, "range": [1, 50000], "doc": "Limit." },
                "cwd": { "type": "string?" },
                "envs": { "type": "map<string,string>?" },
                "ratio": { "type": "double" },
                "big": { "type": "long" },
                "flag": { "type": "bool" },
                "edits": { "type": "list<FileEdit>" },
                "nested": { "type": "map<string,list<int>>" },
                "mode": { "type": "Mode", "allowed": ["overwrite", "append"] },
                "unknown": { "type": "SomethingElse?" }
              },
              "result": { "record": "ShellResult", "format": "json" }
            },
            "get_metrics": { "server": "mcp-server", "doc": "Metrics." }
          }
        }
        """;

    [Fact]
    public void ArgumentsBecomeJsonSchema()
    {
        var catalog = ToolCatalog.Parse(Spec, "test");
        var shell = catalog.Find("shell")!;
        Assert.Equal("wuying_shell", shell.Server);
        Assert.Equal("Runs a command.", shell.Description);
        var schema = shell.InputSchema;
        Assert.Equal("object", (string)schema["type"]!);
        Assert.Equal(["command", "ratio", "big", "flag", "edits", "nested", "mode"], schema["required"]!.AsArray().Select(r => (string)r!));

        var properties = schema["properties"]!.AsObject();
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"type":"string","description":"The command."}"""), properties["command"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"type":"integer","description":"Limit.","default":50000,"minimum":1,"maximum":50000}"""), properties["timeout_ms"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"type":"object","additionalProperties":{"type":"string"}}"""), properties["envs"]));
        Assert.Equal("number", (string)properties["ratio"]!["type"]!);
        Assert.Equal("integer", (string)properties["big"]!["type"]!);
        Assert.Equal("boolean", (string)properties["flag"]!["type"]!);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"type":"array","items":{"type":"object","properties":{"oldText":{"type":"string","description":"Find."},"newText":{"type":"string"}},"required":["oldText"]}}"""),
            properties["edits"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"type":"object","additionalProperties":{"type":"array","items":{"type":"integer"}}}"""), properties["nested"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"type":"string","enum":["overwrite","append"]}"""), properties["mode"]));
        Assert.Equal("object", (string)properties["unknown"]!["type"]!);

        var metrics = catalog.Find("get_metrics")!;
        Assert.Empty(metrics.InputSchema["properties"]!.AsObject());
        Assert.StartsWith("""[{"name":"shell","description":"Runs a command.","inputSchema":{""", catalog.ToolListJson, StringComparison.Ordinal);
    }

    [Fact]
    public void ASpecWithoutToolsIsRejected() =>
        Assert.Throws<InvalidDataException>(() => ToolCatalog.Parse("""{"records": {}}""", "test"));

    [Fact]
    public void TheRepositorySpecWinsOverTheBuiltInList()
    {
        var catalog = ToolCatalog.Load(null, NullLogger.Instance);
        var spec = FindRepositorySpec();
        if (spec is null)
        {
            Assert.Equal("built-in tool list", catalog.Source);
            return;
        }

        Assert.Contains("specs/session.agentbay.json", catalog.Source, StringComparison.Ordinal);
        var names = JsonNode.Parse(File.ReadAllText(spec))!["tools"]!.AsObject().Select(t => t.Key);
        Assert.Equal(names, catalog.Tools.Select(t => t.Name));
    }

    [Fact]
    public async Task ToolSpecPathOverridesTheEmbeddedCatalogue()
    {
        var path = Path.Combine(Path.GetTempPath(), "agentbay-spec-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, Spec);
        try
        {
            var options = TestEmulator.DefaultOptions();
            await using var test = await TestEmulator.StartAsync(new EmulatorOptions { ApiKeys = options.ApiKeys, ToolSpecPath = path });
            var tools = ApiResponse.ParseInner((await test.Client.OkAsync("ListMcpTools")).Data).AsArray();
            Assert.Equal(["shell", "get_metrics"], tools.Select(t => (string)t!["name"]!));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TheToolListNamesExactlyTheToolsTheEmulatorServes()
    {
        var served = ToolDispatcher.BuiltInTools.Order(StringComparer.Ordinal).ToList();
        Assert.Contains("delete_file", served);
        Assert.Contains("get_file_change", served);

        // The catalogue in use (the embedded spec) and the fallback copy must both list every served tool, and only those.
        var embedded = ToolCatalog.Load(null, NullLogger.Instance);
        Assert.Equal(served, embedded.Tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        using var stream = typeof(ToolCatalog).Assembly.GetManifestResourceStream("builtin-tools.json")!;
        var builtIn = ToolCatalog.Parse(new StreamReader(stream).ReadToEnd(), "built-in tool list");
        Assert.Equal(served, builtIn.Tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.Equal(
            embedded.Tools.ToDictionary(t => t.Name, t => t.Server),
            builtIn.Tools.ToDictionary(t => t.Name, t => t.Server));
    }

    [Fact]
    public async Task CommandToolsAreListedWithTheirPlaceholdersAsArguments()
    {
        var options = TestEmulator.DefaultOptions();
        await using var test = await TestEmulator.StartAsync(new EmulatorOptions
        {
            ApiKeys = options.ApiKeys,
            CommandTools = new System.Collections.Generic.Dictionary<string, string> { ["count_lines"] = "wc -l < {path} {path}", ["shell"] = "echo {command}", ["now"] = "date" },
        });
        var tools = ApiResponse.ParseInner((await test.Client.OkAsync("ListMcpTools")).Data).AsArray().ToDictionary(t => (string)t!["name"]!, t => t!);

        Assert.Equal(ToolDispatcher.BuiltInTools.Concat(["count_lines", "now"]).Order(StringComparer.Ordinal), tools.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(ToolCatalog.CommandToolServer, (string)tools["count_lines"]["server"]!);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"type":"object","properties":{"path":{"type":"string"}},"required":["path"]}"""), tools["count_lines"]["inputSchema"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"type":"object","properties":{},"required":[]}"""), tools["now"]["inputSchema"]));

        // A command tool named like a built-in one replaces it, in the list as in what runs.
        Assert.Equal(ToolCatalog.CommandToolServer, (string)tools["shell"]["server"]!);
        var sessionId = await test.Client.CreateSessionAsync();
        Assert.Equal("hi\n", (await test.Client.ToolAsync(sessionId, "shell", new { command = "hi" })).Text);

        // Without command tools, nothing of the kind is listed.
        await using var plain = await TestEmulator.StartAsync();
        var plainTools = ApiResponse.ParseInner((await plain.Client.OkAsync("ListMcpTools")).Data).AsArray();
        Assert.DoesNotContain(plainTools, t => (string)t!["server"]! == ToolCatalog.CommandToolServer);
        Assert.Equal("wuying_shell", (string)plainTools.Single(t => (string)t!["name"]! == "shell")!["server"]!);
    }

    private static string? FindRepositorySpec()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "specs", "session.agentbay.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
