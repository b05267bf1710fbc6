using System;
using System.Text.Json.Nodes;

namespace AgentBay.Emulator.Tools;

/// <summary><c>edit_file</c>: applies exact-text replacements in order and answers their diff; dryRun writes nothing.</summary>
internal static class FileEditTool
{
    public static ToolResult Edit(ToolArgs args, ToolContext context)
    {
        var path = args.RequiredString("path");
        var dryRun = args.Boolean("dryRun", false);
        var file = context.Paths.Resolve(path);
        var original = SessionFiles.ReadText(context.Paths, file, path);
        var modified = original;
        foreach (var node in args.Array("edits"))
        {
            var edit = new ToolArgs(node as JsonObject ?? throw new ToolException("Each edit must be an object {oldText, newText}."));
            var oldText = edit.RequiredString("oldText");
            var newText = edit.OptionalString("newText") ?? throw new ToolException("Missing required argument 'newText' in an edit.");
            var at = oldText.Length == 0 ? -1 : modified.IndexOf(oldText, StringComparison.Ordinal);
            if (at < 0)
            {
                throw new ToolException($"Could not find exact match for edit:\n{oldText}");
            }

            modified = string.Concat(modified.AsSpan(0, at), newText, modified.AsSpan(at + oldText.Length));
        }

        var diff = UnifiedDiff.Create(original, modified, file.VirtualPath);
        if (!dryRun)
        {
            SessionFiles.Write(context.Paths, file, path, modified, append: false);
        }

        return new ToolResult(diff);
    }
}
