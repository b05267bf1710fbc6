using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AgentBay.Emulator.Tests.Infrastructure;
using AgentBay.TestSupport;
using Xunit;

namespace AgentBay.Emulator.Tests;

/// <summary>
/// Choosing the sandbox mode, and what each mode guarantees beyond the tests every mode passes (ShellToolTests,
/// PathEscapeTests, GetLinkTests): bwrap and namespaces keep the machine read-only and sessions apart, namespaces
/// also give each session its own processes, none gives the weaker guarantee docs/emulator-sandbox.md describes.
/// </summary>
public sealed class SandboxModeTests
{
    public static TheoryData<SandboxMode> AllModes => new() { SandboxMode.Bubblewrap, SandboxMode.Namespaces, SandboxMode.None };

    [Theory]
    [MemberData(nameof(AllModes))]
    public async Task A_mode_asked_for_starts_or_fails_naming_what_is_missing(SandboxMode mode)
    {
        var probe = AgentBayEmulator.ProbeSandbox(mode);
        var options = TestEmulator.DefaultOptions(Sandboxes.Require(mode));
        if (probe.IsAvailable)
        {
            await using var emulator = await AgentBayEmulator.StartAsync(options);
            Assert.Equal(mode, emulator.Sandbox);
            Assert.Equal(SandboxModes.Name(mode), emulator.SandboxName);
            Assert.Null(emulator.SandboxFallbackReason);
        }
        else
        {
            // Never a silent downgrade: the error names the mode and what the probe found missing.
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => AgentBayEmulator.StartAsync(options));
            Assert.Contains($"'{SandboxModes.Name(mode)}' was asked for", error.Message, StringComparison.Ordinal);
            Assert.Contains(probe.Detail, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Unavailable_modes_say_how_to_get_them()
    {
        foreach (var probe in new[] { SandboxMode.Bubblewrap, SandboxMode.Namespaces }.Select(AgentBayEmulator.ProbeSandbox).Where(p => !p.IsAvailable))
        {
            // Either a missing program with its install command, or the kernel's refusal with what allows it.
            Assert.Matches("apt-get install|sysctl|CAP_SYS_ADMIN|Linux", probe.Detail);
        }

        Assert.True(AgentBayEmulator.ProbeSandbox(SandboxMode.None).IsAvailable, "the none mode works on every Linux machine");
    }

    [Fact]
    public async Task Auto_picks_the_best_mode_that_works_and_says_why_not_a_better_one()
    {
        var best = Sandboxes.All.First(mode => AgentBayEmulator.ProbeSandbox(mode).IsAvailable);
        await using var emulator = await AgentBayEmulator.StartAsync(TestEmulator.DefaultOptions(SandboxPreference.Auto));
        if (Environment.GetEnvironmentVariable(SandboxModes.EnvironmentVariable) is { Length: > 0 })
        {
            return; // the variable decides (checked in SandboxVariableTests)
        }

        Assert.Equal(best, emulator.Sandbox);
        if (best == SandboxMode.Bubblewrap)
        {
            Assert.Null(emulator.SandboxFallbackReason);
        }
        else
        {
            Assert.StartsWith("bwrap: " + AgentBayEmulator.ProbeSandbox(SandboxMode.Bubblewrap).Detail, emulator.SandboxFallbackReason, StringComparison.Ordinal);
        }
    }

    [SandboxTheory]
    [MemberData(nameof(AllModes))]
    public async Task Sessions_do_not_see_each_others_files_at_the_session_paths(SandboxMode mode)
    {
        await using var test = await TestEmulator.StartAsync(mode);
        var first = await test.Client.CreateSessionAsync();
        var second = await test.Client.CreateSessionAsync();
        await test.Client.ShellAsync(first, "echo mine > /tmp/private.txt && echo mine > /home/user/private.txt");

        Assert.Equal(1, (await test.Client.ShellAsync(second, "cat /tmp/private.txt")).ExitCode);
        Assert.Equal(1, (await test.Client.ShellAsync(second, "cat /home/user/private.txt")).ExitCode);
        Assert.True((await test.Client.ToolAsync(second, "read_file", new { path = "/tmp/private.txt" })).IsError);
        Assert.Equal("mine\nmine\n", (await test.Client.ShellAsync(first, "cat /tmp/private.txt ~/private.txt")).Stdout);
    }

    [SandboxTheory]
    [InlineData(SandboxMode.None)]
    public async Task The_none_mode_confines_the_file_tools_but_not_the_commands(SandboxMode mode)
    {
        // The documented weaker guarantee: session paths are rewritten lexically, nothing else is isolated.
        var outside = Path.Combine("/var/tmp", "agentbay-none-" + Guid.NewGuid().ToString("N"));
        var hostMarker = Path.Combine("/tmp", "agentbay-host-marker-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(outside);
        File.WriteAllText(hostMarker, "host");
        try
        {
            await using var test = await TestEmulator.StartAsync(mode);
            var session = await test.Client.CreateSessionAsync();

            // A command can write a host folder that is no session path: no OS sandbox stops it ...
            var write = await test.Client.ShellAsync(session, $"echo escaped > '{outside}/from-shell.txt'");
            Assert.Equal(0, write.ExitCode);
            Assert.Equal("escaped\n", File.ReadAllText(Path.Combine(outside, "from-shell.txt")));

            // ... but the file tools still refuse it, as in every mode.
            Assert.True((await test.Client.ToolAsync(session, "read_file", new { path = Path.Combine(outside, "from-shell.txt") })).IsError);

            // A path the command builds at run time is not rewritten: it reaches the host's own /tmp.
            Assert.Equal(1, (await test.Client.ShellAsync(session, $"cat '{hostMarker}'")).ExitCode);
            Assert.Equal("host", (await test.Client.ShellAsync(session, $"cd / && cat 'tmp/{Path.GetFileName(hostMarker)}'")).Stdout);
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
            File.Delete(hostMarker);
        }
    }

    [SandboxTheory]
    [InlineData(SandboxMode.Namespaces)]
    public async Task Namespaces_give_each_session_its_own_processes(SandboxMode mode)
    {
        await using var test = await TestEmulator.StartAsync(mode);
        var first = await test.Client.CreateSessionAsync();
        var second = await test.Client.CreateSessionAsync();
        var marker = "ns-proc-" + Guid.NewGuid().ToString("N");
        await test.Client.ShellAsync(first, $"nohup sh -c 'sleep 300; : {marker}' >/dev/null 2>&1 &");
        await Poll.UntilAsync(() => Host.Pgrep(marker).Length > 0, "the background process to start");

        // The first session sees it; the second neither sees nor can kill it; neither sees the emulator.
        // (Read from /proc rather than with ps, which a minimal machine may lack.)
        const string ListProcesses = "for p in /proc/[0-9]*; do tr '\\0' ' ' < $p/cmdline; echo; done 2>/dev/null";
        Assert.Contains(marker, (await test.Client.ShellAsync(first, ListProcesses)).Stdout, StringComparison.Ordinal);
        var peek = await test.Client.ShellAsync(second, ListProcesses);
        Assert.DoesNotContain(marker, peek.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("dotnet", peek.Stdout, StringComparison.Ordinal);
        var hostPid = Host.Pgrep(marker).Split('\n')[0];
        await test.Client.ShellAsync(second, $"kill -9 {hostPid}");
        Assert.Contains(hostPid, Host.Pgrep(marker), StringComparison.Ordinal);

        // The background process outlived its command as a child of the session's own first process (pid 1 there).
        var parent = await test.Client.ShellAsync(first,
            $"for p in /proc/[0-9]*; do if tr '\\0' ' ' < $p/cmdline 2>/dev/null | grep -q '^sh -c sleep 300; : {marker}'; then cut -d' ' -f4 $p/stat; fi; done");
        Assert.Equal("1\n", parent.Stdout);

        // Deleting the session ends its namespace and every process in it.
        await test.Client.OkAsync("DeleteSessionAsync", ("SessionId", first));
        await Poll.UntilAsync(() => Host.Pgrep(marker).Length == 0, "the session's processes to die with it");
    }

    [SandboxTheory]
    [InlineData(SandboxMode.Namespaces)]
    public async Task A_session_keeps_one_namespace_and_gets_a_new_one_if_it_dies(SandboxMode mode)
    {
        await using var test = await TestEmulator.StartAsync(mode);
        var session = await test.Client.CreateSessionAsync();
        var first = (await test.Client.ShellAsync(session, "readlink /proc/self/ns/mnt")).Stdout;
        Assert.Equal(first, (await test.Client.ShellAsync(session, "readlink /proc/self/ns/mnt")).Stdout);
        Assert.NotEqual(first, (await test.Client.ShellAsync(await test.Client.CreateSessionAsync(), "readlink /proc/self/ns/mnt")).Stdout);

        // Kill the namespace's processes from outside: the next command builds a new one with the same view.
        // (The kernel may give the new namespace the old one's number, so the holder's process is what tells them apart.)
        await test.Client.ToolAsync(session, "write_file", new { path = "/tmp/kept.txt", content = "kept" });
        var holders = Host.Pgrep($"agentbay-session.*{session}").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(holders);
        foreach (var pid in holders)
        {
            System.Diagnostics.Process.GetProcessById(int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture)).Kill();
        }

        await Poll.UntilAsync(() => Host.Pgrep($"agentbay-session.*{session}").Length == 0, "the namespace's processes to die");
        var again = await test.Client.ShellAsync(session, "cat /tmp/kept.txt; test ! -w / && echo ' isolated'");
        Assert.Equal(("kept isolated\n", 0), (again.Stdout, again.ExitCode));
        var newHolders = Host.Pgrep($"agentbay-session.*{session}").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(newHolders);
        Assert.Empty(newHolders.Intersect(holders));
    }
}

/// <summary>
/// <c>AGENTBAY_EMULATOR_SANDBOX</c> is process-wide, so these run alone (no other test starts an emulator meanwhile).
/// </summary>
[CollectionDefinition(nameof(SandboxVariableTests), DisableParallelization = true)]
public sealed class SandboxVariableCollection;

[Collection(nameof(SandboxVariableTests))]
public sealed class SandboxVariableTests
{
    [Fact]
    public async Task The_variable_picks_the_mode_when_the_options_leave_it_to_auto()
    {
        using var variable = new Variable(SandboxModes.EnvironmentVariable, "none");
        await using var auto = await AgentBayEmulator.StartAsync(TestEmulator.DefaultOptions(SandboxPreference.Auto));
        Assert.Equal(SandboxMode.None, auto.Sandbox);

        // An explicit option wins over the variable.
        if (AgentBayEmulator.ProbeSandbox(SandboxMode.Namespaces).IsAvailable)
        {
            await using var explicitMode = await AgentBayEmulator.StartAsync(TestEmulator.DefaultOptions(SandboxPreference.Namespaces));
            Assert.Equal(SandboxMode.Namespaces, explicitMode.Sandbox);
        }
    }

    [Fact]
    public async Task An_unknown_mode_in_the_variable_is_an_error_naming_it()
    {
        using var variable = new Variable(SandboxModes.EnvironmentVariable, "chroot");
        var error = await Assert.ThrowsAsync<FormatException>(() => AgentBayEmulator.StartAsync(TestEmulator.DefaultOptions(SandboxPreference.Auto)));
        Assert.Equal("AGENTBAY_EMULATOR_SANDBOX must be auto, bwrap, namespaces or none (got 'chroot').", error.Message);
    }

    [Fact]
    public async Task A_mode_in_the_variable_that_does_not_work_is_an_error_not_a_downgrade()
    {
        var missing = new[] { SandboxMode.Bubblewrap, SandboxMode.Namespaces }.FirstOrDefault(m => !AgentBayEmulator.ProbeSandbox(m).IsAvailable, SandboxMode.None);
        if (missing == SandboxMode.None)
        {
            return; // every mode works on this machine: nothing to refuse
        }

        using var variable = new Variable(SandboxModes.EnvironmentVariable, SandboxModes.Name(missing));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => AgentBayEmulator.StartAsync(TestEmulator.DefaultOptions(SandboxPreference.Auto)));
        Assert.Contains(AgentBayEmulator.ProbeSandbox(missing).Detail, error.Message, StringComparison.Ordinal);
    }

    /// <summary>Sets a variable for the test and restores it.</summary>
    private sealed class Variable : IDisposable
    {
        private readonly string _name;
        private readonly string? _previous;

        public Variable(string name, string value)
        {
            _name = name;
            _previous = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, value);
        }

        public void Dispose() => Environment.SetEnvironmentVariable(_name, _previous);
    }
}
