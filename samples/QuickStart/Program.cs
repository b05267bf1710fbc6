// QuickStart: the seed's whole Session API through typed calls only. With no AGENTBAY_API_KEY it starts the local
// emulator in-process; with the variable set it talks to the configured AgentBay endpoint.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using AgentBay;
using AgentBay.Emulator;
using AgentBay.Runtime;

var transcript = new Transcript();
AgentBayEmulator? emulator = null;
AgentBayOptions options;
if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(AgentBayOptions.ApiKeyVariable)))
{
    try
    {
        // The sandbox mode is the machine's best unless AGENTBAY_EMULATOR_SANDBOX names one (bwrap, namespaces, none).
        emulator = await AgentBayEmulator.StartAsync(new EmulatorOptions
        {
            PauseDelay = TimeSpan.FromMilliseconds(300),
            ResumeDelay = TimeSpan.FromMilliseconds(300),
            DeleteDelay = TimeSpan.FromMilliseconds(300),
        });
    }
    catch (Exception e) when (e is InvalidOperationException or PlatformNotSupportedException or FormatException)
    {
        Console.Error.WriteLine($"The embedded emulator cannot start: {e.Message}");
        return 1;
    }

    options = new AgentBayOptions { ApiKey = emulator.ApiKey, Endpoint = emulator.Endpoint };
    Console.WriteLine($"No AGENTBAY_API_KEY set: using the embedded AgentBay emulator at {emulator.Endpoint} (sandbox: {emulator.SandboxName}).");
    if (emulator.SandboxFallbackReason is { } fallback)
    {
        Console.WriteLine($"  not a stronger sandbox, because {fallback}");
    }
}
else
{
    options = AgentBayOptions.FromEnvironment();
    Console.WriteLine($"Using AgentBay at {options.Endpoint ?? AgentBayClient.ServiceInfo.DefaultEndpoint}.");
}

try
{
    using var client = new AgentBayClient(options);
    var labels = new Dictionary<string, string> { ["project"] = "quickstart", ["owner"] = "agentbay-generated" };

    SessionResult? created = null;
    await transcript.Step("create a session with labels", async () =>
    {
        created = await client.CreateAsync(new CreateSessionParams { ImageId = "linux_latest", Labels = labels });
        return (created.Success, created.Success ? $"session {created.Session.SessionId}" : created.ErrorMessage);
    });
    if (created is not { Success: true })
    {
        return transcript.Finish();
    }

    // Disposal deletes the session if a step below fails before the explicit delete.
    await using var session = created.Session;

    await transcript.Step("info", async () =>
    {
        var info = await session.InfoAsync();
        return (info.Success && info.Data?.SessionId == session.SessionId, $"resource url {info.Data?.ResourceUrl}");
    });
    await transcript.Step("set and get labels", async () =>
    {
        await session.SetLabelsAsync(new Dictionary<string, string>(labels) { ["stage"] = "demo" });
        var got = await session.GetLabelsAsync();
        return (got.Data is { } data && data.TryGetValue("stage", out var stage) && stage == "demo", $"{got.Data?.Count} labels");
    });
    await transcript.Step("shell: echo", async () =>
    {
        var shell = session.Tools.Shell("echo hello from $(uname -s)", timeoutMs: 10000);
        await Task.CompletedTask;
        return (shell.Success && shell.Stdout?.StartsWith("hello from", StringComparison.Ordinal) == true, shell.Stdout?.Trim());
    });
    await transcript.Step("write, read and list files", async () =>
    {
        var write = await session.Tools.WriteFileAsync("/tmp/quickstart/notes.txt", "typed at compile time\n");
        var read = await session.Tools.ReadFileAsync("/tmp/quickstart/notes.txt");
        var list = await session.Tools.ListDirectoryAsync("/tmp/quickstart");
        var cat = await session.Tools.ShellAsync("cat /tmp/quickstart/notes.txt");
        var ok = write.Success && read.Data == "typed at compile time\n" && list.Data?.Contains("[FILE] notes.txt") == true && cat.Stdout == read.Data;
        return (ok, $"read {read.Data?.Length} chars; shell sees the same file: {cat.Stdout == read.Data}");
    });
    await transcript.Step("upload, download and watch files (session.Files)", async () =>
    {
        // Whole files through presigned URLs, streamed with progress; the shell sees what was uploaded.
        var data = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("row,of,csv\n", 10_000)));
        long sent = 0;
        var upload = await session.Files.UploadAsync(new MemoryStream(data), "/tmp/quickstart/data.csv", new SyncProgress(n => sent = n));
        var lines = await session.Tools.ShellAsync("wc -l < /tmp/quickstart/data.csv && sort -u /tmp/quickstart/data.csv > /tmp/quickstart/unique.csv");
        using var unique = new MemoryStream();
        var download = await session.Files.DownloadAsync("/tmp/quickstart/unique.csv", unique);

        // Watch a folder: the first change after the watch starts comes back as a typed FileChange (a create, or a modify
        // when the watch started between a file's creation and its content being written).
        await session.Tools.CreateDirectoryAsync("/tmp/quickstart/watched");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var changes = session.Files.WatchAsync("/tmp/quickstart/watched", TimeSpan.FromMilliseconds(100), stop.Token).GetAsyncEnumerator(stop.Token);
        var next = changes.MoveNextAsync().AsTask();
        for (var i = 0; !next.IsCompleted && !stop.IsCancellationRequested; i++)
        {
            await session.Tools.WriteFileAsync($"/tmp/quickstart/watched/report-{i}.txt", "done");
            await Task.WhenAny(next, Task.Delay(200));
        }

        var seen = await next ? $"{changes.Current.EventType} {changes.Current.Path}" : "nothing";
        var ok = upload.Success && sent == data.Length && lines.Stdout?.Trim() == "10000" && download.Success
            && unique.ToArray().AsSpan().SequenceEqual("row,of,csv\n"u8) && seen.Contains("/tmp/quickstart/watched/report-", StringComparison.Ordinal);
        return (ok, $"uploaded {upload.BytesSent} bytes ({upload.ErrorMessage ?? "ok"}), shell counted {lines.Stdout?.Trim()} lines, "
            + $"downloaded {download.BytesReceived} bytes ({download.ErrorMessage ?? "ok"}); watch saw: {seen}");
    });
    await transcript.Step("serve port 30150 and fetch it through GetLink", async () =>
    {
        await session.Tools.WriteFileAsync("/tmp/www/index.html", "hello through the link");
        await session.Tools.ShellAsync("cd /tmp/www && (nohup python3 -m http.server 30150 --bind 127.0.0.1 >/dev/null 2>&1 &) ; sleep 1", timeoutMs: 10000);
        var link = await session.GetLinkAsync(port: 30150);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        string body = "";
        for (var attempt = 0; attempt < 20 && body.Length == 0; attempt++)
        {
            try
            {
                body = await http.GetStringAsync(new Uri(new Uri(link.Data!), "index.html"));
            }
            catch (HttpRequestException)
            {
                await Task.Delay(250);
            }
        }

        return (body == "hello through the link", $"{link.Data} answered '{body}'");
    });
    await transcript.Step("list MCP tools", async () =>
    {
        var tools = await session.ListMcpToolsAsync();
        return (tools.Tools.Count > 0, $"{tools.Tools.Count} tools, e.g. {(tools.Tools.Count > 0 ? tools.Tools[0].Name : "-")}");
    });
    await transcript.Step("one raw call_mcp_tool", async () =>
    {
        var raw = await session.CallMcpToolAsync("shell", new Dictionary<string, object?> { ["command"] = "echo raw", ["timeout_ms"] = 5000 });
        return (raw.Success && raw.Data?.Contains("raw", StringComparison.Ordinal) == true, "shell answered through CallMcpTool");
    });
    await transcript.Step("pause", async () =>
    {
        var pause = await session.PauseAsync(TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(200));
        return (pause.Success, pause.Status ?? pause.ErrorMessage);
    });
    await transcript.Step("resume (files still there)", async () =>
    {
        var resume = session.Resume(TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(200));
        var read = await session.Tools.ReadFileAsync("/tmp/quickstart/notes.txt");
        return (resume.Success && read.Data == "typed at compile time\n", $"{resume.Status}; notes.txt kept");
    });
    await transcript.Step("delete", async () =>
    {
        await session.Tools.ShellAsync("pkill -f 'http.server 30150' || true");
        var deleted = await session.DeleteAsync(timeout: TimeSpan.FromSeconds(60), pollInterval: TimeSpan.FromMilliseconds(200));
        return (deleted.Success, deleted.Success ? "deleted" : deleted.ErrorMessage);
    });
    await transcript.Step("keep files in a context: write in one session, read in the next", async () =>
    {
        // A context is named, persistent storage: synced into /home/user/work at create, uploaded back on delete.
        var context = await client.Contexts.CreateAsync("quickstart-" + Guid.NewGuid().ToString("N")[..8]);
        if (!context.Success)
        {
            return (false, context.ErrorMessage);
        }

        var contextSync = new[] { new ContextSync { ContextId = context.ContextId!, Path = "/home/user/work" } };
        try
        {
            var first = await client.CreateAsync(new CreateSessionParams { ImageId = "linux_latest", ContextSync = contextSync });
            await using (var writer = first.Session)
            {
                await writer.Tools.WriteFileAsync("/home/user/work/result.txt", "kept by a context\n");
                var deleted = await writer.DeleteAsync(syncContext: true, timeout: TimeSpan.FromSeconds(60), pollInterval: TimeSpan.FromMilliseconds(200));
                if (!deleted.Success || deleted.ContextSyncError is not null)
                {
                    // The delete waited for the upload; a failed upload is reported here although the session went.
                    return (false, deleted.ErrorMessage ?? deleted.ContextSyncError);
                }
            }

            var second = await client.CreateAsync(new CreateSessionParams { ImageId = "linux_latest", ContextSync = contextSync });
            await using var reader = second.Session;
            var read = await reader.Tools.ReadFileAsync("/home/user/work/result.txt");
            await reader.DeleteAsync(timeout: TimeSpan.FromSeconds(60), pollInterval: TimeSpan.FromMilliseconds(200));
            return (read.Data == "kept by a context\n", $"context {context.Context?.Name}: the second session read '{read.Data?.Trim()}'");
        }
        finally
        {
            await client.Contexts.DeleteAsync(context.ContextId!);
        }
    });

    return transcript.Finish();
}
finally
{
    if (emulator is not null)
    {
        await emulator.DisposeAsync();
    }
}

/// <summary>Prints one line per step with its timing, and remembers whether every step succeeded.</summary>
internal sealed class Transcript
{
    private readonly Stopwatch _total = Stopwatch.StartNew();
    private int _failed;
    private int _steps;

    public async Task Step(string name, Func<Task<(bool Ok, string? Detail)>> step)
    {
        _steps++;
        var watch = Stopwatch.StartNew();
        bool ok;
        string? detail;
        try
        {
            (ok, detail) = await step();
        }
        catch (Exception exception)
        {
            (ok, detail) = (false, exception.GetType().Name + ": " + exception.Message);
        }

        if (!ok)
        {
            _failed++;
        }

        Console.WriteLine($"{(ok ? "OK  " : "FAIL")} {watch.ElapsedMilliseconds,6} ms  {name}{(detail is null ? "" : ": " + detail)}");
    }

    public int Finish()
    {
        Console.WriteLine(_failed == 0
            ? $"All {_steps} steps OK in {_total.ElapsedMilliseconds} ms."
            : $"{_failed} of {_steps} steps failed ({_total.ElapsedMilliseconds} ms).");
        return _failed == 0 ? 0 : 1;
    }
}

/// <summary>Reports progress on the caller's thread (Progress&lt;T&gt; would post to the thread pool, arriving late).</summary>
internal sealed class SyncProgress(Action<long> report) : IProgress<long>
{
    public void Report(long value) => report(value);
}
