using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;
using AgentBay.IntegrationTests.Infrastructure;
using AgentBay.Emulator;
using AgentBay.TestSupport;
using Xunit;

namespace AgentBay.IntegrationTests;

/// <summary>The typed shell and run_code tools, sync and async, against real processes in an emulator session.</summary>
public sealed class ShellAndCodeToolTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [SandboxTheory]
    [MemberData(nameof(Forms.EveryModeAndForm), MemberType = typeof(Forms))]
    public async Task Shell_returns_stdout_stderr_and_exit_code(SandboxMode sandbox, Mode mode)
    {
        await using var lease = await fixture.CreateSessionAsync(sandbox);
        var tools = lease.Tools;

        var ok = await mode.Call(() => tools.ShellAsync("echo out-$((20+1)); echo err >&2"), () => tools.Shell("echo out-$((20+1)); echo err >&2"));
        Assert.True(ok.Success, ok.Output);
        Assert.Equal("out-21\n", ok.Stdout);
        Assert.Equal("err\n", ok.Stderr);
        Assert.Equal(0, ok.ExitCode);
        Assert.Null(ok.ErrorMessage);
        Assert.False(string.IsNullOrEmpty(ok.TraceId));
        Assert.False(string.IsNullOrEmpty(ok.RequestId));

        var failed = await mode.Call(() => tools.ShellAsync("echo partial; echo broken >&2; exit 3"), () => tools.Shell("echo partial; echo broken >&2; exit 3"));
        Assert.False(failed.Success);
        Assert.Equal(3, failed.ExitCode);
        Assert.Equal("partial\n", failed.Stdout);
        Assert.Equal("broken\n", failed.Stderr);
        Assert.Contains("\"exit_code\":3", failed.ErrorMessage, StringComparison.Ordinal);

        var missing = await mode.Call(() => tools.ShellAsync("definitely-not-a-command-xyz"), () => tools.Shell("definitely-not-a-command-xyz"));
        Assert.False(missing.Success);
        Assert.Equal(127, missing.ExitCode);
        Assert.Contains("not found", missing.Stderr, StringComparison.Ordinal);
    }

    [SandboxTheory]
    [MemberData(nameof(Forms.EveryModeAndForm), MemberType = typeof(Forms))]
    public async Task Shell_honours_cwd(SandboxMode sandbox, Mode mode)
    {
        await using var lease = await fixture.CreateSessionAsync(sandbox);
        var tools = lease.Tools;
        Assert.True((await tools.WriteFileAsync("/home/user/work/sub/marker.txt", "m")).Success);

        var inSub = await mode.Call(() => tools.ShellAsync("pwd; ls", cwd: "/home/user/work/sub"), () => tools.Shell("pwd; ls", cwd: "/home/user/work/sub"));
        Assert.True(inSub.Success, inSub.Output);
        var lines = inSub.Stdout!.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal("/home/user/work/sub", lines[0]); // in every mode: the none mode rewrites its host folder back

        Assert.Equal("marker.txt", lines[1]);

        var root = await mode.Call(() => tools.ShellAsync("pwd", cwd: "/"), () => tools.Shell("pwd", cwd: "/"));
        Assert.Equal("/\n", root.Stdout);

        var home = await mode.Call(() => tools.ShellAsync("cat work/sub/marker.txt"), () => tools.Shell("cat work/sub/marker.txt"));
        Assert.Equal("m", home.Stdout);

        var nowhere = await mode.Call(() => tools.ShellAsync("pwd", cwd: "/home/user/does-not-exist"), () => tools.Shell("pwd", cwd: "/home/user/does-not-exist"));
        Assert.False(nowhere.Success);
        Assert.Contains("does not exist", nowhere.ErrorMessage, StringComparison.Ordinal);
    }

    [SandboxTheory]
    [MemberData(nameof(Forms.EveryModeAndForm), MemberType = typeof(Forms))]
    public async Task Shell_passes_envs_and_nothing_of_the_emulator(SandboxMode sandbox, Mode mode)
    {
        await using var lease = await fixture.CreateSessionAsync(sandbox);
        var tools = lease.Tools;
        var envs = new Dictionary<string, string> { ["GREETING"] = "hello world", ["ODD"] = "a=b;'c' \"d\" $e" };

        var shell = await mode.Call(() => tools.ShellAsync("printf '%s|%s|%s' \"$GREETING\" \"$ODD\" \"$AGENTBAY_SESSION_ID\"", envs: envs),
            () => tools.Shell("printf '%s|%s|%s' \"$GREETING\" \"$ODD\" \"$AGENTBAY_SESSION_ID\"", envs: envs));
        Assert.True(shell.Success, shell.Output);
        Assert.Equal($"hello world|a=b;'c' \"d\" $e|{lease.Id}", shell.Stdout);

        // The variables are per call, and the emulator's own environment (its API key above all) never leaks in.
        var env = await mode.Call(() => tools.ShellAsync("env"), () => tools.Shell("env"));
        Assert.True(env.Success, env.Output);
        Assert.DoesNotContain("GREETING", env.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain((await fixture.InAsync(sandbox)).Emulator.ApiKey, env.Stdout, StringComparison.Ordinal);
    }

    [SandboxTheory]
    [MemberData(nameof(Forms.EveryModeAndForm), MemberType = typeof(Forms))]
    public async Task Shell_timeout_kills_the_command_and_its_children(SandboxMode sandbox, Mode mode)
    {
        await using var lease = await fixture.CreateSessionAsync(sandbox);
        var tools = lease.Tools;
        const string command = "echo before; sleep 30 & echo $! > ~/child.pid; wait";

        var clock = Stopwatch.StartNew();
        var timedOut = await mode.Call(() => tools.ShellAsync(command, timeoutMs: 500), () => tools.Shell(command, timeoutMs: 500));
        clock.Stop();

        Assert.False(timedOut.Success);
        Assert.Equal(124, timedOut.ExitCode);
        Assert.Equal("before\n", timedOut.Stdout);
        Assert.Contains("timed out after 500 ms", timedOut.Stderr, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(450), TimeSpan.FromSeconds(10));

        await Eventually.Until(
            async () => (await tools.ShellAsync("kill -0 $(cat ~/child.pid) 2>/dev/null && echo alive || echo gone")).Stdout,
            state => state == "gone\n", "the timed-out command's child to be killed");
    }

    [Fact]
    public async Task Shell_checks_the_timeout_range_before_sending()
    {
        await using var lease = await fixture.CreateSessionAsync();
        Assert.Throws<ArgumentOutOfRangeException>(() => lease.Tools.Shell("true", timeoutMs: 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => lease.Tools.ShellAsync("true", timeoutMs: 50001));
    }

    [SandboxTheory("python3")]
    [MemberData(nameof(Forms.EveryModeAndForm), MemberType = typeof(Forms))]
    public async Task RunCode_runs_python(SandboxMode sandbox, Mode mode)
    {
        await using var lease = await fixture.CreateSessionAsync(sandbox);
        var tools = lease.Tools;
        const string code = "import sys\nprint(6 * 7)\nprint('second')\nprint('warn', file=sys.stderr)\n";

        var ran = await mode.Call(() => tools.RunCodeAsync(code, "python"), () => tools.RunCode(code, "python"));
        Assert.True(ran.Success, ran.ErrorMessage ?? ran.Output);
        Assert.Equal(new[] { "42\n", "second\n" }, ran.Stdout);
        Assert.Equal(new[] { "warn\n" }, ran.Stderr);
        Assert.Null(ran.ExecutionError);

        var raised = await mode.Call(() => tools.RunCodeAsync("raise ValueError('boom')", "python3"), () => tools.RunCode("raise ValueError('boom')", "python3"));
        Assert.False(raised.Success);
        Assert.Equal("ValueError: boom", raised.ExecutionError);

        var slow = await mode.Call(() => tools.RunCodeAsync("import time\ntime.sleep(30)", "py", timeoutSeconds: 1), () => tools.RunCode("import time\ntime.sleep(30)", "py", timeoutSeconds: 1));
        Assert.False(slow.Success);
        Assert.Contains("TimeoutError", slow.ExecutionError, StringComparison.Ordinal);
    }

    [SandboxTheory("node")]
    [MemberData(nameof(Forms.EveryModeAndForm), MemberType = typeof(Forms))]
    public async Task RunCode_runs_javascript(SandboxMode sandbox, Mode mode)
    {
        await using var lease = await fixture.CreateSessionAsync(sandbox);
        var tools = lease.Tools;

        var ran = await mode.Call(() => tools.RunCodeAsync("console.log(6 * 7); console.error('e')", "javascript"),
            () => tools.RunCode("console.log(6 * 7); console.error('e')", "javascript"));
        Assert.True(ran.Success, ran.ErrorMessage ?? ran.Output);
        Assert.Equal(new[] { "42\n" }, ran.Stdout);
        Assert.Equal(new[] { "e\n" }, ran.Stderr);

        var exited = await mode.Call(() => tools.RunCodeAsync("process.exit(3)", "js"), () => tools.RunCode("process.exit(3)", "js"));
        Assert.False(exited.Success);
        Assert.Equal("Process exited with code 3", exited.ExecutionError);
    }

    [SandboxTheory("node")]
    [MemberData(nameof(Forms.EveryModeAndForm), MemberType = typeof(Forms))]
    public async Task RunCode_reports_the_javascript_error(SandboxMode sandbox, Mode mode)
    {
        await using var lease = await fixture.CreateSessionAsync(sandbox);
        var tools = lease.Tools;
        var thrown = await mode.Call(() => tools.RunCodeAsync("throw new Error('kaput')", "node"), () => tools.RunCode("throw new Error('kaput')", "node"));
        Assert.False(thrown.Success);
        Assert.Contains("Error: kaput", thrown.ExecutionError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunCode_checks_the_language_before_sending()
    {
        await using var lease = await fixture.CreateSessionAsync();
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => lease.Tools.RunCode("puts 1", "ruby"));
        Assert.Equal("language", error.ParamName);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => lease.Tools.RunCodeAsync("1", "python", timeoutSeconds: 0));
    }
}
