using AgentBay;

namespace AgentBay.ValidUsage;

/// <summary>Typed tools and constrained parameters used within their ranges.</summary>
public static class TypedCalls
{
    private const int PreviewPort = 30150;
    private const int ShellLimitMs = 50_000;

    public static async Task<string?> LinksAsync(Session session, int userPort)
    {
        var first = await session.GetLinkAsync(port: 30100);
        var last = session.GetLink("https", 30199);
        var fromConst = await session.GetLinkAsync(port: PreviewPort);
        var folded = await session.GetLinkAsync(port: 30100 + 49);
        var fromInput = await session.GetLinkAsync(port: userPort);
        var unset = await session.GetLinkAsync();
        return first.Data ?? last.Data ?? fromConst.Data ?? folded.Data ?? fromInput.Data ?? unset.Data;
    }

    public static async Task ToolsAsync(Session session, CancellationToken cancellationToken)
    {
        await session.Tools.ShellAsync("ls", timeoutMs: ShellLimitMs, cwd: "/tmp", cancellationToken: cancellationToken);
        session.Tools.Shell("pwd", 1);
        await session.Tools.RunCodeAsync("print(1)", "python", timeoutSeconds: 3600);
        await session.Tools.ReadFileAsync("/etc/hosts", offset: 0, length: 100);
        await session.Tools.ListDirectoryAsync("/tmp");
        await session.Tools.GetMetricsAsync();
    }

    public static async Task ListAsync(AgentBayClient client)
    {
        await client.ListAsync(maxResults: 100);
        client.List(maxResults: 1);
    }

    /// <summary>A tool the spec does not describe, named at run time: the untyped call is the right tool.</summary>
    public static Task<McpToolResult> DynamicToolAsync(Session session, string toolName) =>
        session.CallMcpToolAsync(toolName, new Dictionary<string, object?> { ["verbose"] = true });
}
