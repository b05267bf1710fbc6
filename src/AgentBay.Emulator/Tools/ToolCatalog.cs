using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentBay.Emulator.Http;
using Microsoft.Extensions.Logging;

namespace AgentBay.Emulator.Tools;

/// <summary>One tool as ListMcpTools and CreateMcpSession's ToolList describe it.</summary>
internal sealed record ToolDescriptor(string Name, string Server, string Description, JsonObject InputSchema);

/// <summary>
/// The tools a session offers, read from the standard spec (<c>specs/session.agentbay.json</c>, embedded at build
/// time) so the emulator and the generated client agree; a built-in copy keeps the emulator working without it.
/// </summary>
internal sealed class ToolCatalog
{
    private ToolCatalog(IReadOnlyList<ToolDescriptor> tools, string source)
    {
        Tools = tools;
        Source = source;
        ToolListJson = new JsonArray(tools.Select(t => (JsonNode)new JsonObject
        {
            ["name"] = t.Name,
            ["description"] = t.Description,
            ["inputSchema"] = t.InputSchema.DeepClone(),
            ["server"] = t.Server,
            ["tool"] = t.Name,
        }).ToArray()).ToJsonString(JsonText.Options);
    }

    public IReadOnlyList<ToolDescriptor> Tools { get; }

    /// <summary>Where the catalogue came from (for the start-up log).</summary>
    public string Source { get; }

    /// <summary>The tools as the wire's JSON string: <c>[{name, description, inputSchema, server, tool}]</c>.</summary>
    public string ToolListJson { get; }

    public ToolDescriptor? Find(string name) => Tools.FirstOrDefault(t => t.Name == name);

    /// <summary>Server named in the tool list for the emulator's command tools (<c>EmulatorOptions.CommandTools</c>).</summary>
    public const string CommandToolServer = "emulator_command_tools";

    /// <summary>
    /// This catalogue plus the command tools, so the tool list names every tool the emulator serves. A command tool
    /// replaces a catalogue tool of the same name (it is the one that runs); its arguments are the template's
    /// placeholders, all required strings.
    /// </summary>
    public ToolCatalog WithCommandTools(IReadOnlyDictionary<string, string> commandTools)
    {
        if (commandTools.Count == 0)
        {
            return this;
        }

        var added = commandTools.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new ToolDescriptor(
            t.Key,
            CommandToolServer,
            "Command tool of this emulator (runs a shell command in the session); arguments fill the command's placeholders.",
            new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject(CommandTool.ArgumentNames(t.Value)
                    .Select(a => KeyValuePair.Create(a, (JsonNode?)new JsonObject { ["type"] = "string" }))),
                ["required"] = new JsonArray(CommandTool.ArgumentNames(t.Value).Select(a => (JsonNode)JsonValue.Create(a)!).ToArray()),
            }));
        return new ToolCatalog([.. Tools.Where(t => !commandTools.ContainsKey(t.Name)), .. added], Source + " + command tools");
    }

    /// <summary>Loads from <paramref name="specPath"/>, else the embedded spec, else the built-in list.</summary>
    public static ToolCatalog Load(string? specPath, ILogger logger)
    {
        if (specPath is not null)
        {
            // An explicit file is a deliberate choice: failing loudly beats silently serving another catalogue.
            return Parse(File.ReadAllText(specPath), specPath);
        }

        var assembly = typeof(ToolCatalog).Assembly;
        if (ReadResource(assembly, "session.agentbay.json") is { } spec)
        {
            try
            {
                return Parse(spec, "specs/session.agentbay.json (embedded)");
            }
            catch (Exception e) when (e is JsonException or InvalidDataException or InvalidOperationException)
            {
                logger.LogWarning("The embedded spec has no usable tools section ({Reason}); using the built-in tool list.", e.Message);
            }
        }

        return Parse(ReadResource(assembly, "builtin-tools.json")!, "built-in tool list");
    }

    /// <summary>Builds a catalogue from spec JSON text.</summary>
    public static ToolCatalog Parse(string json, string source)
    {
        var root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
            ?? throw new InvalidDataException("the spec is not a JSON object");
        if (root["tools"] is not JsonObject tools || tools.Count == 0)
        {
            throw new InvalidDataException("the spec has no 'tools' object");
        }

        var schema = new ToolSchema(root["records"] as JsonObject, root["enums"] as JsonObject);
        var result = new List<ToolDescriptor>();
        foreach (var (name, node) in tools)
        {
            var tool = node as JsonObject ?? throw new InvalidDataException($"tool '{name}' is not an object");
            result.Add(new ToolDescriptor(
                name,
                (string?)tool["server"] ?? "mcp-server",
                (string?)tool["doc"] ?? (string?)tool["description"] ?? string.Empty,
                schema.ForArguments(tool["args"] as JsonObject)));
        }

        return new ToolCatalog(result, source);
    }

    private static string? ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name);
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
