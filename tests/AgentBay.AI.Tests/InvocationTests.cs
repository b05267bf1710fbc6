using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace AgentBay.AI.Tests;

/// <summary>The functions against the emulator: arguments as a model sends them, the typed tool runs, its result comes back as JSON.</summary>
public sealed class InvocationTests(SessionFixture fixture) : IClassFixture<SessionFixture>
{
    private static string NewPath(string name) => "/tmp/ai-tests/" + Guid.NewGuid().ToString("N")[..8] + "/" + name;

    [Fact]
    public async Task Shell_returns_stdout_and_exit_code()
    {
        var result = await fixture.Session.InvokeJsonAsync("shell", """{"command":"echo out-$((20+1)); echo err >&2","timeout_ms":10000}""");

        Assert.True(result.Succeeded(), result.GetRawText());
        Assert.Equal("out-21\n", result.String("stdout"));
        Assert.Equal("err\n", result.String("stderr"));
        Assert.Equal(0, result.GetProperty("exit_code").GetInt32());
        Assert.Null(result.Error());
        Assert.False(result.TryGetProperty("requestId", out _));
    }

    [Fact]
    public async Task Shell_takes_plain_values_and_numbers_as_strings_as_a_model_may_send_them()
    {
        var result = await fixture.Session.InvokeAsync("shell", new Dictionary<string, object?>
        {
            ["command"] = "pwd; echo $GREETING",
            ["timeout_ms"] = "8000",
            ["cwd"] = "/tmp",
            ["envs"] = new Dictionary<string, object?> { ["GREETING"] = "hi" },
        });

        Assert.True(result.Succeeded(), result.GetRawText());
        Assert.Equal("/tmp\nhi\n", result.String("stdout"));

        var withLong = await fixture.Session.InvokeAsync("shell", new Dictionary<string, object?> { ["command"] = "echo long", ["timeout_ms"] = 5000L, ["cwd"] = null });
        Assert.Equal("long\n", withLong.String("stdout"));
        var withEnvsAsJsonText = await fixture.Session.InvokeJsonAsync("shell", """{"command":"echo $A","envs":"{\"A\":\"from text\"}"}""");
        Assert.Equal("from text\n", withEnvsAsJsonText.String("stdout"));
    }

    [Fact]
    public async Task A_failing_command_is_a_result_with_success_false_and_the_error()
    {
        var result = await fixture.Session.InvokeJsonAsync("shell", """{"command":"echo partial; exit 3"}""");

        Assert.False(result.Succeeded());
        Assert.Equal(3, result.GetProperty("exit_code").GetInt32());
        Assert.Equal("partial\n", result.String("stdout"));
        Assert.Contains("exit_code", result.Error(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_file_then_read_file_round_trips_the_text()
    {
        var path = NewPath("notes.txt");

        var write = await fixture.Session.InvokeJsonAsync("write_file", JsonSerializer.Serialize(new Dictionary<string, string> { ["path"] = path, ["content"] = "line one\n" }));
        var append = await fixture.Session.InvokeJsonAsync("write_file", JsonSerializer.Serialize(new Dictionary<string, string> { ["path"] = path, ["content"] = "line two\n", ["mode"] = "append" }));
        var read = await fixture.Session.InvokeJsonAsync("read_file", JsonSerializer.Serialize(new Dictionary<string, string> { ["path"] = path }));
        var part = await fixture.Session.InvokeJsonAsync("read_file", "{\"path\":\"" + path + "\",\"offset\":5,\"length\":3}");

        Assert.True(write.Succeeded(), write.GetRawText());
        Assert.True(append.Succeeded(), append.GetRawText());
        Assert.True(read.Succeeded(), read.GetRawText());
        Assert.Equal("line one\nline two\n", read.String("text"));
        Assert.Equal("one", part.String("text"));
        Assert.Equal("line one\nline two\n", (await fixture.Session.Tools.ReadFileAsync(path)).Data);
    }

    [Fact]
    public async Task Reading_a_missing_file_is_a_tool_failure_in_the_result()
    {
        var read = await fixture.Session.InvokeJsonAsync("read_file", "{\"path\":\"" + NewPath("missing.txt") + "\"}");

        Assert.False(read.Succeeded());
        Assert.False(string.IsNullOrEmpty(read.Error()));
    }

    [Fact]
    public async Task Edit_file_takes_a_list_of_records()
    {
        var path = NewPath("edit.txt");
        Assert.True((await fixture.Session.Tools.WriteFileAsync(path, "hello world\n")).Success);

        var edit = await fixture.Session.InvokeJsonAsync("edit_file", "{\"path\":\"" + path + "\",\"edits\":[{\"oldText\":\"world\",\"newText\":\"agents\"}]}");

        Assert.True(edit.Succeeded(), edit.GetRawText());
        Assert.Equal("hello agents\n", (await fixture.Session.Tools.ReadFileAsync(path)).Data);
    }

    [Fact]
    public async Task Run_code_runs_python_or_reports_why_it_cannot()
    {
        var result = await fixture.Session.InvokeJsonAsync("run_code", """{"code":"print(6*7)","language":"python","timeout_s":30}""");

        if (OnPath("python3"))
        {
            Assert.True(result.Succeeded(), result.GetRawText());
            Assert.Equal(new[] { "42\n" }, result.GetProperty("stdout").EnumerateArray().Select(line => line.GetString()));
            Assert.False(result.TryGetProperty("executionError", out _));
        }
        else
        {
            Assert.False(result.Succeeded());
            Assert.Contains("python", result.Error(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Get_metrics_returns_the_records_numbers()
    {
        var result = await fixture.Session.InvokeJsonAsync("get_metrics", "{}");

        Assert.True(result.Succeeded(), result.GetRawText());
        Assert.True(result.GetProperty("cpu_count").GetInt32() > 0);
    }

    [Fact]
    public async Task The_callers_cancellation_is_thrown()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fixture.Session.InvokeJsonAsync("shell", """{"command":"sleep 5"}""", cancellation.Token));
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Any(dir => File.Exists(Path.Combine(dir, program)));
}
