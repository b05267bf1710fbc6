using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AgentBay.Emulator.Tests.Infrastructure;
using AgentBay.TestSupport;
using Xunit;

namespace AgentBay.Emulator.Tests;

/// <summary>
/// File tools must never read or write outside the session root, in any sandbox mode. A secret and a canary are
/// planted in a host folder outside /tmp and /home (so no session path names it); every attempt must fail without
/// revealing or touching them. The links are made by the session's own shell, as a user would.
/// </summary>
public sealed class PathEscapeTests(PathEscapeTests.Sessions sessions) : IClassFixture<PathEscapeTests.Sessions>
{
    private static readonly string Climb = string.Concat(Enumerable.Repeat("../", 12));

    private string SecretFile => sessions.SecretFile;

    private string CanaryFile => sessions.CanaryFile;

    private string Secret => sessions.Secret;

    /// <summary>The secret's host path without its leading slash, to append after a climb.</summary>
    private string SecretRelative => SecretFile.TrimStart('/');

    public static TheoryData<SandboxMode> Modes => Sandboxes.Modes();

    /// <summary>Read attempts: {0} is the secret's path without the leading slash.</summary>
    private static readonly string[] Attempts =
    [
        Climb + "{0}",
        "/tmp/" + Climb + "{0}",
        "/home/user/" + Climb + "{0}",
        "/tmp/./../../../../../../../../../../{0}",
        "//tmp//..//..//..//..//..//..//..//..//{0}",
        "/{0}",
        "/tmp/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/{0}",
        "/tmp/%2E%2E/%2E%2E/%2E%2E/%2E%2E/%2E%2E/%2E%2E/%2E%2E/%2E%2E/{0}",
        "/tmp/%252e%252e/%252e%252e/%252e%252e/%252e%252e/%252e%252e/%252e%252e/%252e%252e/{0}",
        "/tmp/%25252e%25252e/%25252e%25252e/%25252e%25252e/%25252e%25252e/%25252e%25252e/%25252e%25252e/{0}",
        "/tmp/..%2f..%2f..%2f..%2f..%2f..%2f..%2f..%2f{0}",
        "/tmp/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f{0}",
        "/tmp\\..\\..\\..\\..\\..\\..\\..\\..\\{0}",
        "..\\..\\..\\..\\..\\..\\..\\..\\..\\{0}",
        "/tmp/a.txt\0/../../../../../../../{0}",
        "/tmp/\0{0}",
        "/tmp/%00/../../../../../../../{0}",
        "/etc/passwd",
        "/proc/self/environ",
        "/tmp/../tmp/../../../../../../../{0}",
        "/home/user/..",
        "/tmp/link-abs",
        "/tmp/link-rel",
        "/tmp/link-dir/secret.txt",
        "/tmp/link-root/{0}",
        "/tmp/link-chain",
        "/tmp/link-loop",
        "/home/user/link-home-dir/secret.txt",
    ];

    /// <summary>Every attempt in every mode.</summary>
    public static TheoryData<SandboxMode, string> ReadAttempts => Sandboxes.ModesWith(Attempts);

    [SandboxTheory]
    [MemberData(nameof(ReadAttempts))]
    public async Task ReadAttemptsNeverRevealTheSecret(SandboxMode mode, string template)
    {
        var (client, session, _) = await sessions.GetAsync(mode);
        var path = template.Replace("{0}", SecretRelative, StringComparison.Ordinal);
        foreach (var tool in new[] { "read_file", "get_file_info", "list_directory" })
        {
            var reply = await client.ToolAsync(session, tool, new { path });
            Assert.True(reply.IsError, $"{tool}({path}) should fail but returned: {reply.Text}");
            AssertNothingLeaked(reply.Text);
        }

        var many = await client.ToolAsync(session, "read_multiple_files", new { paths = new[] { path } });
        AssertNothingLeaked(many.Text);
        Assert.Contains("Error", many.Text, StringComparison.Ordinal);
        AssertOutsideUntouched();
    }

    [SandboxTheory]
    [MemberData(nameof(ReadAttempts))]
    public async Task WriteAttemptsNeverTouchTheOutside(SandboxMode mode, string template)
    {
        var (client, session, _) = await sessions.GetAsync(mode);
        var canaryRelative = CanaryFile.TrimStart('/');
        var path = template.Replace("{0}", canaryRelative, StringComparison.Ordinal).Replace("link-abs", "canary-link", StringComparison.Ordinal);
        var write = await client.ToolAsync(session, "write_file", new { path, content = "pwned" });
        var append = await client.ToolAsync(session, "write_file", new { path, content = "pwned", mode = "append" });
        var edit = await client.ToolAsync(session, "edit_file", new { path, edits = new[] { new { oldText = "canary", newText = "pwned" } } });
        var mkdir = await client.ToolAsync(session, "create_directory", new { path = path + "-dir" });
        Assert.True(edit.IsError, edit.Text);
        AssertOutsideUntouched();

        // Whatever did not fail ("/home/user/..-dir" is a legal name) must have landed inside the session.
        foreach (var reply in new[] { write, append, mkdir }.Where(r => !r.IsError))
        {
            Assert.Matches(" (/tmp|/home/user)/", reply.Text);
        }
    }

    [SandboxTheory]
    [MemberData(nameof(Modes))]
    public async Task WritingThroughALinkToTheOutsideFails(SandboxMode mode)
    {
        var (client, session, _) = await sessions.GetAsync(mode);
        var reply = await client.ToolAsync(session, "write_file", new { path = "/tmp/canary-link", content = "pwned" });
        Assert.True(reply.IsError, reply.Text);
        Assert.True((await client.ToolAsync(session, "write_file", new { path = "/tmp/link-dir/new.txt", content = "x" })).IsError);
        Assert.True((await client.ToolAsync(session, "create_directory", new { path = "/tmp/link-dir/newdir" })).IsError);
        Assert.True((await client.ToolAsync(session, "write_file", new { path = SecretFile, content = "x" })).IsError);
        AssertOutsideUntouched();
    }

    [SandboxTheory]
    [MemberData(nameof(Modes))]
    public async Task MovingInOrOutOfTheRootFails(SandboxMode mode)
    {
        var (client, session, _) = await sessions.GetAsync(mode);
        await client.ToolAsync(session, "write_file", new { path = "/tmp/mine.txt", content = "mine" });
        var steal = await client.ToolAsync(session, "move_file", new { source = SecretFile, destination = "/tmp/stolen.txt" });
        var stealViaLink = await client.ToolAsync(session, "move_file", new { source = "/tmp/link-dir/secret.txt", destination = "/tmp/stolen2.txt" });
        var plant = await client.ToolAsync(session, "move_file", new { source = "/tmp/mine.txt", destination = "/tmp/link-dir/planted.txt" });
        var climb = await client.ToolAsync(session, "move_file", new { source = "/tmp/mine.txt", destination = "/tmp/" + Climb + sessions.Outside.TrimStart('/') + "/planted.txt" });
        Assert.All(new[] { steal, stealViaLink, plant, climb }, r => Assert.True(r.IsError, r.Text));
        AssertOutsideUntouched();
    }

    [SandboxTheory]
    [MemberData(nameof(Modes))]
    public async Task DeletingALinkNeverDeletesItsTarget(SandboxMode mode)
    {
        // Deleting the link itself is allowed, so this test gets a session of its own.
        var (client, session, _) = await sessions.GetAsync(mode, ownSession: true);
        await client.ToolAsync(session, "delete_file", new { path = "/tmp/canary-link" });
        Assert.True((await client.ToolAsync(session, "delete_file", new { path = "/tmp/link-dir/canary.txt" })).IsError);
        Assert.True((await client.ToolAsync(session, "delete_file", new { path = CanaryFile })).IsError);
        AssertOutsideUntouched();
    }

    [SandboxTheory]
    [MemberData(nameof(Modes))]
    public async Task SearchDoesNotFollowLinksOut(SandboxMode mode)
    {
        var (client, session, _) = await sessions.GetAsync(mode);
        var reply = await client.ToolAsync(session, "search_files", new { path = "/tmp", pattern = "*secret*" });
        AssertNothingLeaked(reply.Text);
        Assert.DoesNotContain("link-dir/secret.txt", reply.Text, StringComparison.Ordinal);
        Assert.True((await client.ToolAsync(session, "search_files", new { path = "/tmp/link-dir", pattern = "*" })).IsError);
        Assert.True((await client.ToolAsync(session, "search_files", new { path = "/tmp/" + Climb, pattern = "*" })).IsError);
    }

    [SandboxTheory]
    [MemberData(nameof(Modes))]
    public async Task AHostPathUnderTmpNamesTheSessionsOwnTmp(SandboxMode mode)
    {
        var (client, session, emulator) = await sessions.GetAsync(mode);
        // /tmp in a session is the session's /tmp, as for its sandboxed shell: the host's file of that name is not seen.
        var hostDir = Path.Combine("/tmp", "agentbay-host-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(hostDir);
        try
        {
            File.WriteAllText(Path.Combine(hostDir, "host.txt"), Secret);
            var read = await client.ToolAsync(session, "read_file", new { path = Path.Combine(hostDir, "host.txt") });
            Assert.True(read.IsError);
            AssertNothingLeaked(read.Text);
            await client.ToolAsync(session, "write_file", new { path = Path.Combine(hostDir, "host.txt"), content = "session copy" });
            Assert.Equal(Secret, File.ReadAllText(Path.Combine(hostDir, "host.txt")));
            var inSession = Path.Combine(emulator.WorkDirectory, "sessions", session, "tmp", Path.GetFileName(hostDir), "host.txt");
            Assert.Equal("session copy", File.ReadAllText(inSession));
        }
        finally
        {
            Directory.Delete(hostDir, recursive: true);
        }
    }

    public static TheoryData<SandboxMode> IsolatingModes => new() { SandboxMode.Bubblewrap, SandboxMode.Namespaces };

    [SandboxTheory]
    [MemberData(nameof(IsolatingModes))]
    public async Task CommandsCannotWriteOutsideTheSession(SandboxMode mode)
    {
        // In the none mode they can: SandboxModeTests asserts that documented weaker guarantee.
        var (client, session, _) = await sessions.GetAsync(mode);
        var attempts = await client.ShellAsync(session,
            $"echo pwned > '{CanaryFile}'; echo pwned >> /tmp/canary-link; touch '{sessions.Outside}/planted'; rm -f '{SecretFile}'; "
            + $"mv '{SecretFile}' /tmp/stolen; ln -s /tmp '{sessions.Outside}/link'; echo done");
        Assert.Equal("done\n", attempts.Stdout);
        Assert.Contains("Read-only file system", attempts.Stderr, StringComparison.Ordinal);
        AssertOutsideUntouched();
    }

    private void AssertNothingLeaked(string text)
    {
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain("root:x:0:0", text, StringComparison.Ordinal); // /etc/passwd
    }

    private void AssertOutsideUntouched()
    {
        Assert.Equal(Secret, File.ReadAllText(SecretFile));
        Assert.Equal("canary", File.ReadAllText(CanaryFile));
        Assert.Equal(["canary.txt", "secret.txt"], Directory.GetFileSystemEntries(sessions.Outside).Select(Path.GetFileName).Order());
    }

    /// <summary>
    /// The planted folder and, per mode, one emulator with one session whose shell made the links (started when a
    /// test of that mode first needs it; the tests only read, or fail to write, so they can share it).
    /// </summary>
    public sealed class Sessions : IAsyncLifetime
    {
        private readonly Dictionary<SandboxMode, (TestEmulator Test, string Session)> _byMode = [];
        private readonly System.Threading.SemaphoreSlim _gate = new(1, 1);

        public string Outside { get; } = Path.Combine(OutsideBase(), "outside-" + Guid.NewGuid().ToString("N"));

        public string Secret { get; } = "TOP-SECRET-" + Guid.NewGuid().ToString("N");

        public string SecretFile => Path.Combine(Outside, "secret.txt");

        public string CanaryFile => Path.Combine(Outside, "canary.txt");

        public Task InitializeAsync()
        {
            Directory.CreateDirectory(Outside);
            File.WriteAllText(SecretFile, Secret);
            File.WriteAllText(CanaryFile, "canary");
            return Task.CompletedTask;
        }

        /// <summary>The mode's emulator and its shared session, or a new session with the same links.</summary>
        public async Task<(EmulatorClient Client, string Session, AgentBayEmulator Emulator)> GetAsync(SandboxMode mode, bool ownSession = false)
        {
            await _gate.WaitAsync();
            try
            {
                if (!_byMode.TryGetValue(mode, out var entry))
                {
                    var test = await TestEmulator.StartAsync(mode);
                    entry = (test, await LinkedSessionAsync(test.Client));
                    _byMode[mode] = entry;
                }

                return (entry.Test.Client, ownSession ? await LinkedSessionAsync(entry.Test.Client) : entry.Session, entry.Test.Emulator);
            }
            finally
            {
                _gate.Release();
            }
        }

        private async Task<string> LinkedSessionAsync(EmulatorClient client)
        {
            var session = await client.CreateSessionAsync();
            var climbToSecret = Climb + SecretFile.TrimStart('/');

                    // $TMPDIR and $HOME are /tmp and /home/user in every mode (the none mode rewrites them).
                    var links = await client.ShellAsync(session,
                        $"ln -s '{SecretFile}' \"$TMPDIR/link-abs\" && " +
                        $"ln -s '{climbToSecret}' \"$TMPDIR/link-rel\" && " +
                        $"ln -s '{Outside}' \"$TMPDIR/link-dir\" && " +
                        "ln -s / \"$TMPDIR/link-root\" && " +
                        "ln -s link-abs \"$TMPDIR/link-chain\" && " +
                        "ln -s link-loop2 \"$TMPDIR/link-loop\" && ln -s link-loop \"$TMPDIR/link-loop2\" && " +
                        $"ln -s '{Outside}' \"$HOME/link-home-dir\" && " +
                        $"ln -s '{CanaryFile}' \"$TMPDIR/canary-link\"");
                    Assert.Equal(0, links.ExitCode);
            return session;
        }

        public async Task DisposeAsync()
        {
            foreach (var (test, _) in _byMode.Values)
            {
                await test.DisposeAsync();
            }

            Directory.Delete(Outside, recursive: true);
        }

        /// <summary>
        /// A host folder that no session path can name: the test output folder, unless the checkout itself lives under
        /// /tmp or /home (a clone in /tmp), whose paths sessions do map; then /var/tmp.
        /// </summary>
        private static string OutsideBase()
        {
            var baseDirectory = AppContext.BaseDirectory;
            return baseDirectory.StartsWith("/tmp/", StringComparison.Ordinal) || baseDirectory.StartsWith("/home/", StringComparison.Ordinal)
                ? "/var/tmp"
                : baseDirectory;
        }
    }
}
