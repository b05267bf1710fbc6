using System.Collections.Generic;
using System.Threading.Tasks;
using AgentBay;

namespace AgentBay.Client.Tests;

/// <summary>
/// Compile-time proof that every operation and tool exists in both forms with the shapes users write; it runs against
/// the stub in <see cref="ApiSurfaceTests"/> so each line is also exercised.
/// </summary>
public static class ApiSurface
{
    public static async Task CallEverythingAsync(AgentBayClient client)
    {
        await using var session = (await client.CreateAsync(new CreateSessionParams { ImageId = "linux_latest" })).Session;
        var labels = new Dictionary<string, string> { ["team"] = "agents" };
        var r = await session.Tools.ShellAsync("echo hi", 5000);
        _ = r.Stdout;
        _ = session.Tools.Shell("ls", timeoutMs: 1000);
        _ = await session.GetLinkAsync(port: 30150);
        _ = session.GetLink(port: 30150);
        _ = session.Pause();
        _ = await session.PauseAsync();
        _ = await session.ResumeAsync();
        _ = session.Resume();
        _ = await session.SetLabelsAsync(labels);
        _ = session.SetLabels(labels);
        _ = await session.GetLabelsAsync();
        _ = session.GetLabels();
        _ = await session.InfoAsync();
        _ = session.Info();
        _ = await session.ListMcpToolsAsync();
        _ = session.ListMcpTools();
        var args = new Dictionary<string, object?> { ["command"] = "echo hi", ["timeout_ms"] = 1000 };
        _ = await session.CallMcpToolAsync("shell", args);
        _ = session.CallMcpTool("shell", args, readTimeout: 30000, connectTimeout: 10000);
        var tools = session.Tools;
        _ = await tools.RunCodeAsync("print(1)", "python");
        _ = tools.RunCode("console.log(1)", "javascript", timeoutSeconds: 10);
        _ = await tools.ReadFileAsync("/tmp/a.txt");
        _ = tools.ReadFile("/tmp/a.txt", offset: 0, length: 10);
        _ = await tools.WriteFileAsync("/tmp/a.txt", "x");
        _ = tools.WriteFile("/tmp/a.txt", "y", mode: "append");
        _ = await tools.ListDirectoryAsync("/tmp");
        _ = tools.ListDirectory("/tmp");
        _ = await tools.CreateDirectoryAsync("/tmp/d");
        _ = tools.CreateDirectory("/tmp/e");
        _ = await tools.MoveFileAsync("/tmp/a.txt", "/tmp/b.txt");
        _ = tools.MoveFile("/tmp/b.txt", "/tmp/a.txt");
        _ = await tools.GetFileInfoAsync("/tmp/a.txt");
        _ = tools.GetFileInfo("/tmp/a.txt");
        _ = await tools.SearchFilesAsync("/tmp", "*.txt");
        _ = tools.SearchFiles("/tmp", "*.txt", excludePatterns: "b*");
        _ = await tools.EditFileAsync("/tmp/a.txt", new[] { new FileEdit { OldText = "x", NewText = "z" } });
        _ = tools.EditFile("/tmp/a.txt", new[] { new FileEdit { OldText = "z", NewText = "x" } }, dryRun: true);
        _ = await tools.ReadMultipleFilesAsync(new[] { "/tmp/a.txt" });
        _ = tools.ReadMultipleFiles(new[] { "/tmp/a.txt" });
        _ = await tools.WriteFileAsync("/tmp/c.txt", "z", mode: "create_new");
        _ = await tools.DeleteFileAsync("/tmp/c.txt");
        _ = tools.DeleteFile("/tmp/c.txt");
        _ = await tools.GetFileChangeAsync("/tmp");
        _ = tools.GetFileChange("/tmp");
        _ = await tools.GetMetricsAsync();
        _ = tools.GetMetrics();
        _ = await client.GetAsync(session.SessionId);
        _ = client.Get(session.SessionId);
        _ = await client.ListAsync();
        _ = client.List(labels, SessionStatus.Running, maxResults: 5);
        _ = await session.DeleteAsync(syncContext: true);
        _ = client.Delete(session);
        _ = await client.DeleteAsync(session, syncContext: false);
        session.Dispose();
    }
}
