using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AgentBay.Emulator.Tests.Infrastructure;
using AgentBay.TestSupport;
using Xunit;

namespace AgentBay.Emulator.Tests;

/// <summary>
/// The shell, run_code and get_metrics tools in every sandbox mode (bwrap, namespaces, none; a mode that does not work
/// on this machine is reported as skipped with the reason). Each test starts the emulator of its mode.
/// </summary>
public sealed class ShellToolTests
{
    public static TheoryData<SandboxMode> Modes => Sandboxes.Modes();


    [SandboxTheory]
    [MemberData(nameof(Modes))]
    public async Task ReportsStdoutStderrAndExitCode(SandboxMode mode)
    {
        await using var test = await TestEmulator.StartAsync(mode);
        var sessionId = await test.Client.CreateSessionAsync();

        var ok = await test.Client.ShellAsync(sessionId, "echo out; echo err >&2");
        Assert.Equal(("out\n", "err\n", 0, false), (ok.Stdout, ok.Stderr, ok.ExitCode, ok.IsError));

        var failed = await test.Client.ShellAsync(sessionId, "echo partial; echo broken >&2; exit 3");
        Assert.Equal(("partial\n", "broken\n", 3, true), (failed.Stdout, failed.Stderr, failed.ExitCode, failed.IsError));

        var missing = await test.Client.ShellAsync(sessionId, "no_such_command_xyz");
        Assert.Equal(127, missing.ExitCode);
        Assert.Contains("not found", missing.Stderr, StringComparison.Ordinal);
    }

    [SandboxTheory]
    [MemberData(nameof(Modes))]
    public async Task HonoursCwdAndEnvs(SandboxMode mode)
    {
        await using var test = await TestEmulator.StartAsync(mode);
        var sessionId = await test.Client.CreateSessionAsync();
        await test.Client.ToolAsync(sessionId, "create_directory", new { path = "/tmp/work/deep" });

        // Every mode shows the session's paths (the none mode rewrites its host folders back).
        Assert.Equal("/tmp/work/deep\n", (await test.Client.ShellAsync(sessionId, "pwd", cwd: "/tmp/work/deep")).Stdout);
        Assert.Equal("/home/user\n", (await test.Client.ShellAsync(sessionId, "pwd")).Stdout);
        Assert.Equal("/home/user|/tmp\n", (await test.Client.ShellAsync(sessionId, "echo \"$HOME|$TMPDIR\"")).Stdout);

        var env = await test.Client.ShellAsync(sessionId, "printf '%s|%s' \"$GREETING\" \"$AGENTBAY_SESSION_ID\"",
            envs: new Dictionary<string, string> { ["GREETING"] = "hello world" });
        Assert.Equal($"hello world|{sessionId}", env.Stdout);

        var badCwd = await test.Client.ToolAsync(sessionId, "shell", new { command = "pwd", cwd = "/tmp/does/not/exist" });
        Assert.True(badCwd.IsError);
        Assert.Contains("does not exist", badCwd.Text, StringComparison.Ordinal);
    }

    [SandboxTheory]
    [MemberData(nameof(Modes))]
    public async Task DoesNotLeakTheEmulatorsEnvironment(SandboxMode mode)
    {
        Environment.SetEnvironmentVariable("AGENTBAY_TEST_HOST_SECRET", "host-secret-value");
        await using var test = await TestEmulator.StartAsync(mode);
        var sessionId = await test.Client.CreateSessionAsync();
        var env = await test.Client.ShellAsync(sessionId, "env");
        Assert.DoesNotContain("host-secret-value", env.Stdout, StringComparison.Ordinal);
        Assert.Contains("HOME=", env.Stdout, StringComparison.Ordinal);
    }

    [SandboxTheory]
    [MemberData(nameof(Modes))]
    public async Task TimeoutKillsTheWholeProcessTree(SandboxMode mode)
    {
        await using var test = await TestEmulator.StartAsync(mode);
        var sessionId = await test.Client.CreateSessionAsync();
        var marker = "tree-" + Guid.NewGuid().ToString("N");

        // A child, a grandchild that leaves the process group with setsid, and a foreground sleep.
        var clock = Stopwatch.StartNew();
        var reply = await test.Client.ShellAsync(sessionId,
            $"echo started; sh -c 'sleep 60; : {marker}' & setsid sh -c 'sleep 60; : {marker}' & sleep 60; : {marker}", timeoutMs: 3000);

        // Only the time limit ends these sleeps; 3 s leaves a loaded machine time to start the shell and print "started".
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(50), $"took {clock.Elapsed}");
        Assert.Equal(124, reply.ExitCode);
        Assert.True(reply.IsError);
        Assert.Equal("started\n", reply.Stdout);
        Assert.Contains("timed out after 3000 ms", reply.Stderr, StringComparison.Ordinal);
        await Poll.UntilAsync(() => Host.Pgrep(marker).Length == 0, $"no process with {marker} left");
    }

    [SandboxTheory]
    [MemberData(nameof(Modes))]
    public async Task BackgroundProcessesOutliveTheCallWithoutHoldingIt(SandboxMode mode)
    {
        await using var test = await TestEmulator.StartAsync(mode);
        var sessionId = await test.Client.CreateSessionAsync();
        var clock = Stopwatch.StartNew();

        // The background job keeps stdout open and writes to it later: the call must not wait (had it waited for the
        // pipe to close, "late" would be in its output), and the job must not die.
        var reply = await test.Client.ShellAsync(sessionId, "(sleep 2; echo late; echo done > /tmp/late.txt) & echo now");
        Assert.Equal("now\n", reply.Stdout);
        var late = Path.Combine(test.Emulator.WorkDirectory, "sessions", sessionId, "tmp", "late.txt");
        await Poll.UntilAsync(() => File.Exists(late) && File.ReadAllText(late) == "done\n", "the background job to finish");
    }

    [SandboxTheory]
    [MemberData(nameof(Modes))]
    public async Task FileToolsAndShellSeeTheSameFiles(SandboxMode mode)
    {
        await using var test = await TestEmulator.StartAsync(mode);
        var sessionId = await test.Client.CreateSessionAsync();

        // write_file → shell. $TMPDIR and $HOME are /tmp and /home/user in the sandbox, and their host folders without it.
        await test.Client.ToolAsync(sessionId, "write_file", new { path = "/tmp/a.txt", content = "from file tool\n" });
        Assert.Equal("from file tool\n", (await test.Client.ShellAsync(sessionId, "cat \"$TMPDIR/a.txt\"")).Stdout);
        await test.Client.ToolAsync(sessionId, "write_file", new { path = "/home/user/notes/b.txt", content = "home" });
        Assert.Equal("home", (await test.Client.ShellAsync(sessionId, "cat notes/b.txt")).Stdout);

        // shell → read_file.
        await test.Client.ShellAsync(sessionId, "mkdir -p \"$TMPDIR/out\" && printf 'from shell' > \"$TMPDIR/out/c.txt\" && printf 'h2' > \"$HOME/d.txt\"");
        Assert.Equal("from shell", (await test.Client.ToolAsync(sessionId, "read_file", new { path = "/tmp/out/c.txt" })).Text);
        Assert.Equal("h2", (await test.Client.ToolAsync(sessionId, "read_file", new { path = "/home/user/d.txt" })).Text);

        // The very same absolute paths work in both directions, in every mode.
        Assert.Equal("from file tool\n", (await test.Client.ShellAsync(sessionId, "cat /tmp/a.txt")).Stdout);
        await test.Client.ShellAsync(sessionId, "echo abs > /tmp/abs.txt && cd /home/user && mkdir -p sub && echo rel > sub/rel.txt");
        Assert.Equal("abs\n", (await test.Client.ToolAsync(sessionId, "read_file", new { path = "/tmp/abs.txt" })).Text);
        Assert.Equal("rel\n", (await test.Client.ToolAsync(sessionId, "read_file", new { path = "/home/user/sub/rel.txt" })).Text);
        Assert.Equal("[FILE] a.txt\n[FILE] abs.txt\n[DIR] out", (await test.Client.ToolAsync(sessionId, "list_directory", new { path = "/tmp" })).Text);
        Assert.Equal("/tmp/abs.txt\n", (await test.Client.ShellAsync(sessionId, "ls /tmp/abs.txt")).Stdout);

        // A link made by the shell reads the same through the file tools (the none mode stores host targets).
        await test.Client.ShellAsync(sessionId, "ln -s /tmp/abs.txt /home/user/abs-link && ln -s ../../tmp/out /home/user/out-link");
        Assert.Equal("abs\n", (await test.Client.ToolAsync(sessionId, "read_file", new { path = "/home/user/abs-link" })).Text);
        Assert.Equal("from shell", (await test.Client.ToolAsync(sessionId, "read_file", new { path = "/home/user/out-link/c.txt" })).Text);
        Assert.Equal("/tmp/abs.txt\n", (await test.Client.ShellAsync(sessionId, "readlink /home/user/abs-link")).Stdout);
    }

    [SandboxTheory]
    [MemberData(nameof(Modes))]
    public async Task RunCodeSeesTheSessionsPaths(SandboxMode mode)
    {
        if (!Host.OnPath("python3"))
        {
            return; // RunCodeRunsPythonAndJavaScript reports the missing interpreter
        }

        await using var test = await TestEmulator.StartAsync(mode);
        var sessionId = await test.Client.CreateSessionAsync();
        await test.Client.ToolAsync(sessionId, "write_file", new { path = "/tmp/data.csv", content = "a,b\n" });
        var reply = await test.Client.ToolAsync(sessionId, "run_code", new
        {
            code = "import os\nprint(open('/tmp/data.csv').read().strip())\nprint(os.getcwd())\nopen('/home/user/out.txt', 'w').write('py')",
            language = "python",
        });
        Assert.False(reply.IsError, reply.Text);
        Assert.Equal("a,b\n/home/user\n", string.Concat(reply.Json["stdout"]!.AsArray().Select(l => (string)l!)));
        Assert.Equal("py", (await test.Client.ToolAsync(sessionId, "read_file", new { path = "/home/user/out.txt" })).Text);
    }

    /// <summary>The isolating modes, with the work folder under /tmp (hidden by the session's own /tmp) and elsewhere (hidden by a tmpfs).</summary>
    public static TheoryData<SandboxMode, bool> IsolatingModesAndWorkRoots => new()
    {
        { SandboxMode.Bubblewrap, false },
        { SandboxMode.Bubblewrap, true },
        { SandboxMode.Namespaces, false },
        { SandboxMode.Namespaces, true },
    };

    [SandboxTheory]
    [MemberData(nameof(IsolatingModesAndWorkRoots))]
    public async Task TheSandboxKeepsTheMachineReadOnlyAndTheEmulatorsFolderHidden(SandboxMode mode, bool workRootOutsideTmp)
    {
        // (Sessions apart from each other: SandboxModeTests, for every mode.)
        var workRoot = workRootOutsideTmp ? Path.Combine("/var/tmp", "agentbay-root-" + Guid.NewGuid().ToString("N")) : null;
        try
        {
            await using var test = await TestEmulator.StartAsync(TestEmulator.DefaultOptions(Sandboxes.Require(mode), workRoot: workRoot));
            Assert.Equal(mode, test.Emulator.Sandbox);
            var session = await test.Client.CreateSessionAsync();
            var write = await test.Client.ShellAsync(session, "touch /usr/agentbay-should-not-exist");
            Assert.NotEqual(0, write.ExitCode);
            Assert.False(File.Exists("/usr/agentbay-should-not-exist"));
            Assert.Contains("Read-only file system", write.Stderr, StringComparison.Ordinal);

            // The emulator's own folder (every session root, its own included) is hidden from the session's commands.
            var peek = await test.Client.ShellAsync(session, $"ls '{test.Emulator.WorkDirectory}/sessions' '{test.Emulator.WorkDirectory}/sessions/{session}'");
            Assert.NotEqual(0, peek.ExitCode);
            Assert.Equal(string.Empty, peek.Stdout);
            Assert.Equal(0, (await test.Client.ShellAsync(session, "touch /tmp/ok /home/user/ok")).ExitCode);
        }
        finally
        {
            if (workRoot is not null && Directory.Exists(workRoot))
            {
                Directory.Delete(workRoot, recursive: true);
            }
        }
    }

    [SandboxTheory]
    [MemberData(nameof(Modes))]
    public async Task RunCodeRunsPythonAndJavaScript(SandboxMode mode)
    {
        await using var test = await TestEmulator.StartAsync(mode);
        var sessionId = await test.Client.CreateSessionAsync();
        if (Host.OnPath("python3"))
        {
            var ok = await test.Client.ToolAsync(sessionId, "run_code", new { code = "print(6 * 7)\nprint('two')", language = "python" });
            Assert.False(ok.IsError, ok.Text);
            Assert.Equal("42\ntwo\n", string.Concat(ok.Json["stdout"]!.AsArray().Select(l => (string)l!)));
            Assert.Null(ok.Json["executionError"]);

            var error = await test.Client.ToolAsync(sessionId, "run_code", new { code = "1/0", language = "py" });
            Assert.True(error.IsError);
            Assert.Contains("ZeroDivisionError", (string)error.Json["executionError"]!, StringComparison.Ordinal);

            var slow = await test.Client.ToolAsync(sessionId, "run_code", new { code = "import time\ntime.sleep(30)", language = "python3", timeout_s = 1 });
            Assert.True(slow.IsError);
            Assert.Contains("Timeout", (string)slow.Json["executionError"]!, StringComparison.Ordinal);
        }

        if (Host.OnPath("node"))
        {
            var js = await test.Client.ToolAsync(sessionId, "run_code", new { code = "console.log([1,2,3].map(x => x * 2).join(','))", language = "js" });
            Assert.False(js.IsError, js.Text);
            Assert.Equal("2,4,6\n", string.Concat(js.Json["stdout"]!.AsArray().Select(l => (string)l!)));
        }

        var unsupported = await test.Client.ToolAsync(sessionId, "run_code", new { code = "x", language = "cobol" });
        Assert.True(unsupported.IsError);
        Assert.Contains("cobol", unsupported.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetMetricsReadsTheMachine()
    {
        await using var test = await TestEmulator.StartAsync();
        var sessionId = await test.Client.CreateSessionAsync();
        var reply = await test.Client.ToolAsync(sessionId, "get_metrics", new { });
        Assert.False(reply.IsError, reply.Text);
        var json = reply.Json;
        Assert.Equal(
            ["cpu_count", "cpu_used_pct", "disk_total", "disk_used", "mem_total", "mem_used", "rx_rate_kbyte_per_s", "tx_rate_kbyte_per_s", "rx_used_kbyte", "tx_used_kbyte", "timestamp"],
            json.Select(p => p.Key));
        Assert.Equal(Environment.ProcessorCount, (int)json["cpu_count"]!);
        Assert.True((long)json["mem_total"]! > (long)json["mem_used"]!);
        Assert.True((long)json["disk_total"]! > 0);
        Assert.InRange((double)json["cpu_used_pct"]!, 0, 100);
        Assert.True(DateTimeOffset.TryParse((string)json["timestamp"]!, out _));
    }
}
