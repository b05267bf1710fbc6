using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace AgentBay.Emulator.Tools;

/// <summary>Runs a tool by its wire name and turns every expected failure into an <c>isError</c> result.</summary>
internal sealed class ToolDispatcher(ToolCatalog catalog, ILogger logger, IReadOnlyDictionary<string, string>? commandTools = null)
{
    private static readonly Dictionary<string, Func<ToolArgs, ToolContext, Task<ToolResult>>> Implementations = new(StringComparer.Ordinal)
    {
        ["shell"] = ShellTool.RunAsync,
        ["run_code"] = RunCodeTool.RunAsync,
        ["get_metrics"] = (_, context) => MetricsTool.ReadAsync(context),
        ["read_file"] = Sync(FileTools.ReadFile),
        ["write_file"] = Sync(FileTools.WriteFile),
        ["list_directory"] = Sync(FileTools.ListDirectory),
        ["create_directory"] = Sync(FileTools.CreateDirectory),
        ["move_file"] = Sync(FileTools.MoveFile),
        ["get_file_info"] = Sync(FileTools.GetFileInfo),
        ["delete_file"] = Sync(FileTools.DeleteFile),
        ["read_multiple_files"] = Sync(FileTools.ReadMultipleFiles),
        ["search_files"] = Sync(FileSearchTool.Search),
        ["edit_file"] = Sync(FileEditTool.Edit),
        ["get_file_change"] = Sync(FileChangeTool.GetFileChange),
    };

    /// <summary>The tools this emulator implements itself (besides command tools); the catalogue must list each of them.</summary>
    public static IReadOnlyCollection<string> BuiltInTools => Implementations.Keys;

    public async Task<ToolResult> CallAsync(string name, JsonObject args, ToolContext context)
    {
        if (commandTools is not null && commandTools.TryGetValue(name, out var command))
        {
            return await CommandTool.RunAsync(command, new ToolArgs(args), context).ConfigureAwait(false);
        }

        if (!Implementations.TryGetValue(name, out var tool))
        {
            return new ToolResult(
                catalog.Find(name) is null
                    ? $"Tool '{name}' is not available in this session."
                    : $"Tool '{name}' is listed but not emulated by the local emulator.",
                IsError: true);
        }

        try
        {
            return await tool(new ToolArgs(args), context).ConfigureAwait(false);
        }
        catch (ToolException e)
        {
            return new ToolResult(e.Message, IsError: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            logger.LogDebug("Tool {Tool} failed in session {SessionId}: {Reason}", name, context.Session.Id, e.Message);
            return new ToolResult($"{name} failed: {ToSessionPaths(e.Message, context)}", IsError: true);
        }
    }

    /// <summary>System messages name host paths; show the session's paths instead, as the caller knows them.</summary>
    private static string ToSessionPaths(string message, ToolContext context)
    {
        foreach (var mount in context.Session.FileSystem.Mounts)
        {
            message = message.Replace(mount.HostPath, mount.VirtualPath, StringComparison.Ordinal);
        }

        return message.Replace(context.Session.FileSystem.Root, "<session>", StringComparison.Ordinal);
    }

    private static Func<ToolArgs, ToolContext, Task<ToolResult>> Sync(Func<ToolArgs, ToolContext, ToolResult> tool) =>
        (args, context) => Task.FromResult(tool(args, context));
}
