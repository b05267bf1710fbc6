using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AgentBay.Emulator.Tests.Infrastructure;
using AgentBay.Emulator.Tools;
using AgentBay.TestSupport;
using Xunit;

namespace AgentBay.Emulator.Tests;

/// <summary>
/// get_file_change, what the SDKs' watch_directory polls: the first call for a path is the baseline ([]), each later
/// one answers the changes since the previous one as a JSON array of {eventType, path, pathType}, whoever made them.
/// </summary>
public sealed class FileChangeToolTests
{
    public static TheoryData<SandboxMode> Modes => Sandboxes.Modes();

    private static async Task<string[]> ChangesAsync(EmulatorClient client, string session, string path)
    {
        var reply = await client.ToolAsync(session, "get_file_change", new { path });
        Assert.False(reply.IsError, reply.Text);
        return JsonNode.Parse(reply.Text)!.AsArray().Select(e =>
        {
            Assert.Equal(["eventType", "path", "pathType"], e!.AsObject().Select(p => p.Key));
            return $"{(string)e["eventType"]!} {(string)e["pathType"]!} {(string)e["path"]!}";
        }).ToArray();
    }

    [SandboxTheory]
    [MemberData(nameof(Modes))]
    public async Task SeesWhatFileToolsAndShellCommandsChange(SandboxMode mode)
    {
        await using var test = await TestEmulator.StartAsync(mode);
        var client = test.Client;
        var session = await client.CreateSessionAsync();
        await client.ToolAsync(session, "create_directory", new { path = "/tmp/w" });
        await client.ToolAsync(session, "write_file", new { path = "/tmp/w/old.txt", content = "old" });

        // The first call is the baseline: what already exists is not reported.
        var first = await client.ToolAsync(session, "get_file_change", new { path = "/tmp/w" });
        Assert.Equal(("[]", false), (first.Text, first.IsError));
        Assert.Empty(await ChangesAsync(client, session, "/tmp/w"));

        await client.ToolAsync(session, "write_file", new { path = "/tmp/w/a.txt", content = "hello" });
        Assert.Equal(["create file /tmp/w/a.txt"], await ChangesAsync(client, session, "/tmp/w"));
        Assert.Empty(await ChangesAsync(client, session, "/tmp/w"));

        // Changes made by commands, in this mode's sandbox, are seen the same way.
        Assert.Equal(0, (await client.ShellAsync(session, "echo more >> /tmp/w/a.txt && mkdir -p /tmp/w/d/e && echo x > /tmp/w/d/e/f.txt && rm /tmp/w/old.txt")).ExitCode);
        Assert.Equal(
            ["delete file /tmp/w/old.txt", "create directory /tmp/w/d", "create directory /tmp/w/d/e", "create file /tmp/w/d/e/f.txt", "modify file /tmp/w/a.txt"],
            await ChangesAsync(client, session, "/tmp/w"));

        Assert.Equal(0, (await client.ShellAsync(session, "rm -r /tmp/w/d && mkdir /tmp/w/a.txt.dir && mv /tmp/w/a.txt /tmp/w/b.txt")).ExitCode);
        Assert.Equal(
            ["delete file /tmp/w/d/e/f.txt", "delete directory /tmp/w/d/e", "delete directory /tmp/w/d", "delete file /tmp/w/a.txt", "create directory /tmp/w/a.txt.dir", "create file /tmp/w/b.txt"],
            await ChangesAsync(client, session, "/tmp/w"));
        Assert.Empty(await ChangesAsync(client, session, "/tmp/w"));
    }

    [Fact]
    public async Task AModifyOfTheSameSizeWithinOneTimestampTickIsSeen()
    {
        await using var test = await TestEmulator.StartAsync();
        var session = await test.Client.CreateSessionAsync();
        var host = Path.Combine(test.Emulator.WorkDirectory, "sessions", session, "tmp", "w", "a.txt");
        await test.Client.ToolAsync(session, "write_file", new { path = "/tmp/w/a.txt", content = "aaaa" });
        await test.Client.ToolAsync(session, "write_file", new { path = "/tmp/w/b.txt", content = "keep" });
        // A time ahead of every clock: the file counts as just changed however long the calls take.
        var stamp = DateTime.UtcNow.AddHours(1);
        File.SetLastWriteTimeUtc(host, stamp);
        Assert.Empty(await ChangesAsync(test.Client, session, "/tmp/w"));

        // Same size and (as a coarse file system clock can make it) the same modification time: only the content
        // hash that recent files get tells the versions apart. b.txt, hashed as well, is not reported.
        await test.Client.ToolAsync(session, "write_file", new { path = "/tmp/w/a.txt", content = "bbbb" });
        File.SetLastWriteTimeUtc(host, stamp);
        Assert.Equal(["modify file /tmp/w/a.txt"], await ChangesAsync(test.Client, session, "/tmp/w"));
        Assert.Empty(await ChangesAsync(test.Client, session, "/tmp/w"));

        // Still the same look, new content again: the hash is kept from call to call while the file looks unchanged.
        await test.Client.ToolAsync(session, "write_file", new { path = "/tmp/w/a.txt", content = "cccc" });
        File.SetLastWriteTimeUtc(host, stamp);
        Assert.Equal(["modify file /tmp/w/a.txt"], await ChangesAsync(test.Client, session, "/tmp/w"));
    }

    [Fact]
    public async Task EachSessionAndEachPathHasItsOwnBaseline()
    {
        await using var test = await TestEmulator.StartAsync();
        var client = test.Client;
        var one = await client.CreateSessionAsync();
        var two = await client.CreateSessionAsync();
        await client.ToolAsync(one, "create_directory", new { path = "/tmp/w/sub" });
        await client.ToolAsync(two, "create_directory", new { path = "/tmp/w" });
        Assert.Empty(await ChangesAsync(client, one, "/tmp/w"));
        Assert.Empty(await ChangesAsync(client, two, "/tmp/w"));

        await client.ToolAsync(one, "write_file", new { path = "/tmp/w/sub/x.txt", content = "x" });

        // A path watched for the first time starts from now, even inside a watched one; relative paths start at home.
        Assert.Empty(await ChangesAsync(client, one, "/tmp/w/sub"));
        Assert.Empty(await ChangesAsync(client, two, "/tmp/w"));
        Assert.Equal(["create file /tmp/w/sub/x.txt"], await ChangesAsync(client, one, "/tmp/w"));
        await client.ToolAsync(one, "write_file", new { path = "/tmp/w/sub/y.txt", content = "y" });
        Assert.Equal(["create file /tmp/w/sub/y.txt"], await ChangesAsync(client, one, "/tmp/w/sub"));
        Assert.Equal(["create file /tmp/w/sub/y.txt"], await ChangesAsync(client, one, "/tmp/w"));

        Assert.Empty(await ChangesAsync(client, one, "/home/user"));
        await client.ToolAsync(one, "write_file", new { path = "notes.txt", content = "n" });
        Assert.Equal(["create file /home/user/notes.txt"], await ChangesAsync(client, one, "."));
    }

    [Fact]
    public async Task AWatchedDirectoryThatGoesAwayReportsItsEntriesDeletedAndComesBackCreated()
    {
        await using var test = await TestEmulator.StartAsync();
        var client = test.Client;
        var session = await client.CreateSessionAsync();
        await client.ToolAsync(session, "write_file", new { path = "/tmp/w/a.txt", content = "a" });
        Assert.Empty(await ChangesAsync(client, session, "/tmp/w"));

        Assert.Equal(0, (await client.ShellAsync(session, "rm -r /tmp/w")).ExitCode);
        Assert.Equal(["delete file /tmp/w/a.txt"], await ChangesAsync(client, session, "/tmp/w"));
        Assert.Empty(await ChangesAsync(client, session, "/tmp/w"));

        await client.ToolAsync(session, "write_file", new { path = "/tmp/w/b.txt", content = "b" });
        Assert.Equal(["create file /tmp/w/b.txt"], await ChangesAsync(client, session, "/tmp/w"));
    }

    [Fact]
    public async Task PathsOutsideTheSessionOrMissingAreRefused()
    {
        await using var test = await TestEmulator.StartAsync();
        var client = test.Client;
        var session = await client.CreateSessionAsync();
        await client.ToolAsync(session, "write_file", new { path = "/tmp/file.txt", content = "f" });

        foreach (var (path, expected) in new[]
        {
            ("/etc", "Access denied"),
            ("/tmp/../etc", "Access denied"),
            ("/tmp/missing", "No such directory"),
            ("/tmp/file.txt", "is not a directory"),
        })
        {
            var reply = await client.ToolAsync(session, "get_file_change", new { path });
            Assert.True(reply.IsError, path);
            Assert.Contains(expected, reply.Text, StringComparison.Ordinal);
        }

        // A symlink leading out of the session is refused too, and a missing argument is named.
        File.CreateSymbolicLink(Path.Combine(test.Emulator.WorkDirectory, "sessions", session, "tmp", "out"), "/etc");
        Assert.True((await client.ToolAsync(session, "get_file_change", new { path = "/tmp/out" })).IsError);
        var none = await client.ToolAsync(session, "get_file_change", new { });
        Assert.True(none.IsError);
        Assert.Contains("'path'", none.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AtMostAThousandEventsAnswerOneCallAndTheRestComeNext()
    {
        await using var test = await TestEmulator.StartAsync();
        var client = test.Client;
        var session = await client.CreateSessionAsync();
        await client.ToolAsync(session, "create_directory", new { path = "/tmp/many" });
        Assert.Empty(await ChangesAsync(client, session, "/tmp/many"));

        Assert.Equal(0, (await client.ShellAsync(session, "cd /tmp/many && i=0; while [ $i -lt 1005 ]; do : > f$i; i=$((i+1)); done")).ExitCode);
        var first = await ChangesAsync(client, session, "/tmp/many");
        Assert.Equal(FileChangeTool.MaxEvents, first.Length);
        var rest = await ChangesAsync(client, session, "/tmp/many");
        Assert.Equal(1005 - FileChangeTool.MaxEvents, rest.Length);
        Assert.Equal(1005, first.Concat(rest).Distinct().Count());
        Assert.All(first.Concat(rest), e => Assert.StartsWith("create file /tmp/many/f", e, StringComparison.Ordinal));
        Assert.Empty(await ChangesAsync(client, session, "/tmp/many"));
    }
}
