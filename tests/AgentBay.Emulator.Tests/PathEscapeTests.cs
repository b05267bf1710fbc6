using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AgentBay.Emulator.Tests.Infrastructure;
using Xunit;

namespace AgentBay.Emulator.Tests;

/// <summary>
/// File tools must never read or write outside the session root. A secret and a canary are planted in a host folder
/// outside /tmp and /home (so no session path names it); every attempt must fail without revealing or touching them.
/// </summary>
public sealed class PathEscapeTests : EmulatorTestBase, IDisposable
{
    private readonly string _outside = Path.Combine(OutsideBase(), "outside-" + Guid.NewGuid().ToString("N"));

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
    private readonly string _secret = "TOP-SECRET-" + Guid.NewGuid().ToString("N");
    private string _session = string.Empty;

    public PathEscapeTests()
    {
        Directory.CreateDirectory(_outside);
        File.WriteAllText(SecretFile, _secret);
        File.WriteAllText(CanaryFile, "canary");
    }

    private string SecretFile => Path.Combine(_outside, "secret.txt");

    private string CanaryFile => Path.Combine(_outside, "canary.txt");

    /// <summary>The secret's host path without its leading slash, to append after a climb.</summary>
    private string SecretRelative => SecretFile.TrimStart('/');

    private static readonly string Climb = string.Concat(Enumerable.Repeat("../", 12));

    /// <summary>Read attempts: {0} is the secret's path without the leading slash.</summary>
    public static TheoryData<string> ReadAttempts => new()
    {
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
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _session = await Client.CreateSessionAsync();

        // Links made the way a user would, from a shell in the session ($TMPDIR is /tmp there, or its host folder).
        var links = await Client.ShellAsync(_session,
            $"ln -s '{SecretFile}' \"$TMPDIR/link-abs\" && " +
            $"ln -s '{Climb}{SecretRelative}' \"$TMPDIR/link-rel\" && " +
            $"ln -s '{_outside}' \"$TMPDIR/link-dir\" && " +
            "ln -s / \"$TMPDIR/link-root\" && " +
            "ln -s link-abs \"$TMPDIR/link-chain\" && " +
            "ln -s link-loop2 \"$TMPDIR/link-loop\" && ln -s link-loop \"$TMPDIR/link-loop2\" && " +
            $"ln -s '{_outside}' \"$HOME/link-home-dir\" && " +
            $"ln -s '{CanaryFile}' \"$TMPDIR/canary-link\"");
        Assert.Equal(0, links.ExitCode);
    }

    [Theory]
    [MemberData(nameof(ReadAttempts))]
    public async Task ReadAttemptsNeverRevealTheSecret(string template)
    {
        var path = template.Replace("{0}", SecretRelative, StringComparison.Ordinal);
        foreach (var tool in new[] { "read_file", "get_file_info", "list_directory" })
        {
            var reply = await Client.ToolAsync(_session, tool, new { path });
            Assert.True(reply.IsError, $"{tool}({path}) should fail but returned: {reply.Text}");
            AssertNothingLeaked(reply.Text);
        }

        var many = await Client.ToolAsync(_session, "read_multiple_files", new { paths = new[] { path } });
        AssertNothingLeaked(many.Text);
        Assert.Contains("Error", many.Text, StringComparison.Ordinal);
        AssertOutsideUntouched();
    }

    [Theory]
    [MemberData(nameof(ReadAttempts))]
    public async Task WriteAttemptsNeverTouchTheOutside(string template)
    {
        var canaryRelative = CanaryFile.TrimStart('/');
        var path = template.Replace("{0}", canaryRelative, StringComparison.Ordinal).Replace("link-abs", "canary-link", StringComparison.Ordinal);
        var write = await Client.ToolAsync(_session, "write_file", new { path, content = "pwned" });
        var append = await Client.ToolAsync(_session, "write_file", new { path, content = "pwned", mode = "append" });
        var edit = await Client.ToolAsync(_session, "edit_file", new { path, edits = new[] { new { oldText = "canary", newText = "pwned" } } });
        var mkdir = await Client.ToolAsync(_session, "create_directory", new { path = path + "-dir" });
        Assert.True(edit.IsError, edit.Text);
        AssertOutsideUntouched();

        // Whatever did not fail ("/home/user/..-dir" is a legal name) must have landed inside the session.
        foreach (var reply in new[] { write, append, mkdir }.Where(r => !r.IsError))
        {
            Assert.Matches(" (/tmp|/home/user)/", reply.Text);
        }
    }

    [Fact]
    public async Task WritingThroughALinkToTheOutsideFails()
    {
        var reply = await Client.ToolAsync(_session, "write_file", new { path = "/tmp/canary-link", content = "pwned" });
        Assert.True(reply.IsError, reply.Text);
        Assert.True((await Client.ToolAsync(_session, "write_file", new { path = "/tmp/link-dir/new.txt", content = "x" })).IsError);
        Assert.True((await Client.ToolAsync(_session, "create_directory", new { path = "/tmp/link-dir/newdir" })).IsError);
        Assert.True((await Client.ToolAsync(_session, "write_file", new { path = SecretFile, content = "x" })).IsError);
        AssertOutsideUntouched();
    }

    [Fact]
    public async Task MovingInOrOutOfTheRootFails()
    {
        await Client.ToolAsync(_session, "write_file", new { path = "/tmp/mine.txt", content = "mine" });
        var steal = await Client.ToolAsync(_session, "move_file", new { source = SecretFile, destination = "/tmp/stolen.txt" });
        var stealViaLink = await Client.ToolAsync(_session, "move_file", new { source = "/tmp/link-dir/secret.txt", destination = "/tmp/stolen2.txt" });
        var plant = await Client.ToolAsync(_session, "move_file", new { source = "/tmp/mine.txt", destination = "/tmp/link-dir/planted.txt" });
        var climb = await Client.ToolAsync(_session, "move_file", new { source = "/tmp/mine.txt", destination = "/tmp/" + Climb + _outside.TrimStart('/') + "/planted.txt" });
        Assert.All(new[] { steal, stealViaLink, plant, climb }, r => Assert.True(r.IsError, r.Text));
        AssertOutsideUntouched();
    }

    [Fact]
    public async Task DeletingALinkNeverDeletesItsTarget()
    {
        await Client.ToolAsync(_session, "delete_file", new { path = "/tmp/canary-link" });
        Assert.True((await Client.ToolAsync(_session, "delete_file", new { path = "/tmp/link-dir/canary.txt" })).IsError);
        Assert.True((await Client.ToolAsync(_session, "delete_file", new { path = CanaryFile })).IsError);
        AssertOutsideUntouched();
    }

    [Fact]
    public async Task SearchDoesNotFollowLinksOut()
    {
        var reply = await Client.ToolAsync(_session, "search_files", new { path = "/tmp", pattern = "*secret*" });
        AssertNothingLeaked(reply.Text);
        Assert.DoesNotContain("link-dir/secret.txt", reply.Text, StringComparison.Ordinal);
        Assert.True((await Client.ToolAsync(_session, "search_files", new { path = "/tmp/link-dir", pattern = "*" })).IsError);
        Assert.True((await Client.ToolAsync(_session, "search_files", new { path = "/tmp/" + Climb, pattern = "*" })).IsError);
    }

    [Fact]
    public async Task AHostPathUnderTmpNamesTheSessionsOwnTmp()
    {
        // /tmp in a session is the session's /tmp, as for its sandboxed shell: the host's file of that name is not seen.
        var hostDir = Path.Combine("/tmp", "agentbay-host-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(hostDir);
        try
        {
            File.WriteAllText(Path.Combine(hostDir, "host.txt"), _secret);
            var read = await Client.ToolAsync(_session, "read_file", new { path = Path.Combine(hostDir, "host.txt") });
            Assert.True(read.IsError);
            AssertNothingLeaked(read.Text);
            await Client.ToolAsync(_session, "write_file", new { path = Path.Combine(hostDir, "host.txt"), content = "session copy" });
            Assert.Equal(_secret, File.ReadAllText(Path.Combine(hostDir, "host.txt")));
            var inSession = Path.Combine(Emulator.WorkDirectory, "sessions", _session, "tmp", Path.GetFileName(hostDir), "host.txt");
            Assert.Equal("session copy", File.ReadAllText(inSession));
        }
        finally
        {
            Directory.Delete(hostDir, recursive: true);
        }
    }

    private void AssertNothingLeaked(string text)
    {
        Assert.DoesNotContain(_secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain("root:x:0:0", text, StringComparison.Ordinal); // /etc/passwd
    }

    private void AssertOutsideUntouched()
    {
        Assert.Equal(_secret, File.ReadAllText(SecretFile));
        Assert.Equal("canary", File.ReadAllText(CanaryFile));
        Assert.Equal(["canary.txt", "secret.txt"], Directory.GetFileSystemEntries(_outside).Select(Path.GetFileName).Order());
    }

    public void Dispose() => Directory.Delete(_outside, recursive: true);
}
