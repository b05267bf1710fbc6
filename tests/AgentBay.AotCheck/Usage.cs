using System.Collections.Generic;
using System.Threading.Tasks;

namespace AgentBay.AotCheck;

/// <summary>Touches the generated surface so that the AOT analyzers look at the code paths users run.</summary>
public static class Usage
{
    public static async Task<string?> RunAsync(AgentBayClient client)
    {
        await using var session = (await client.CreateAsync(new CreateSessionParams { Labels = new Dictionary<string, string> { ["a"] = "b" } })).Session;
        var shell = await session.Tools.ShellAsync("echo hi");
        await session.CallMcpToolAsync("shell", new Dictionary<string, object?> { ["command"] = "ls", ["nested"] = new[] { 1, 2 } });
        await session.Tools.EditFileAsync("/tmp/a", new[] { new FileEdit { OldText = "a", NewText = "b" } });
        var list = await client.ListAsync(status: SessionStatus.Running);
        return shell.Stdout + list.TotalCount + await CallAIFunctionsAsync(session);
    }

    /// <summary>The tools as Microsoft.Extensions.AI functions: schema, argument conversion and result JSON, no reflection.</summary>
    public static async Task<string> CallAIFunctionsAsync(Session session)
    {
        var text = "";
        foreach (var function in session.Tools.AsAIFunctions())
        {
            text += function.Name + function.JsonSchema.GetRawText();
        }

        var arguments = new Microsoft.Extensions.AI.AIFunctionArguments
        {
            ["command"] = "echo hi",
            ["timeout_ms"] = 1000,
            ["envs"] = new Dictionary<string, object?> { ["A"] = "b" },
        };
        var result = await session.Tools.AsAIFunctions("shell", "edit_file")[0].InvokeAsync(arguments);
        return text + result;
    }
}
