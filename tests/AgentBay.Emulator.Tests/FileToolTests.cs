using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using AgentBay.Emulator.Tests.Infrastructure;
using Xunit;

namespace AgentBay.Emulator.Tests;

/// <summary>Every file tool with the argument and result formats of protocol reference §3.3.</summary>
public sealed class FileToolTests : EmulatorTestBase
{
    private string _session = string.Empty;

    private string HostTmp => Path.Combine(Emulator.WorkDirectory, "sessions", _session, "tmp");

    private Task<ToolReply> Tool(string name, object args) => Client.ToolAsync(_session, name, args);

    private async Task<string> Ok(string name, object args)
    {
        var reply = await Tool(name, args);
        Assert.False(reply.IsError, $"{name}: {reply.Text}");
        return reply.Text;
    }

    private async Task StartSessionAsync() => _session = await Client.CreateSessionAsync();

    [Fact]
    public async Task WriteAndReadWithModesOffsetsAndBinary()
    {
        await StartSessionAsync();
        Assert.Equal("Successfully wrote to /tmp/a.txt", await Ok("write_file", new { path = "/tmp/a.txt", content = "hello", mode = "overwrite" }));
        await Ok("write_file", new { path = "/tmp/a.txt", content = " world", mode = "append" });
        Assert.Equal("hello world", File.ReadAllText(Path.Combine(HostTmp, "a.txt")));
        Assert.Equal("hello world", await Ok("read_file", new { path = "/tmp/a.txt" }));
        Assert.Equal("world", await Ok("read_file", new { path = "/tmp/a.txt", offset = 6, length = 5 }));
        Assert.Equal("lo", await Ok("read_file", new { path = "/tmp/a.txt", offset = 3, length = 2 }));
        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes("hello world")), await Ok("read_file", new { path = "/tmp/a.txt", format = "binary" }));

        await Ok("write_file", new { path = "/tmp/a.txt", content = "short" });
        Assert.Equal("short", await Ok("read_file", new { path = "/tmp/a.txt" }));
        await Ok("write_file", new { path = "relative.txt", content = "in home" });
        Assert.Equal("in home", await Ok("read_file", new { path = "/home/user/relative.txt" }));
        await Ok("write_file", new { path = "/tmp/ünï/ç.txt", content = "日本語" });
        Assert.Equal("日本語", await Ok("read_file", new { path = "/tmp/ünï/ç.txt" }));

        var missing = await Tool("read_file", new { path = "/tmp/none.txt" });
        Assert.True(missing.IsError);
        Assert.Contains("No such file", missing.Text, StringComparison.Ordinal);
        Assert.True((await Tool("write_file", new { path = "/tmp/a.txt", content = "x", mode = "truncate" })).IsError);
        Assert.True((await Tool("read_file", new { path = "/tmp" })).IsError);
    }

    [Fact]
    public async Task WriteModeCreateNewCreatesButNeverReplaces()
    {
        await StartSessionAsync();
        Assert.Equal("Successfully wrote to /tmp/new/a.txt", await Ok("write_file", new { path = "/tmp/new/a.txt", content = "first", mode = "create_new" }));
        Assert.Equal("first", File.ReadAllText(Path.Combine(HostTmp, "new", "a.txt")));

        // Exists: a tool error, and the file keeps its content.
        var again = await Tool("write_file", new { path = "/tmp/new/a.txt", content = "second", mode = "create_new" });
        Assert.True(again.IsError);
        Assert.Contains("'/tmp/new/a.txt' already exists", again.Text, StringComparison.Ordinal);
        Assert.Equal("first", File.ReadAllText(Path.Combine(HostTmp, "new", "a.txt")));

        // A directory, a symlink and a dangling symlink already exist too; nothing is created behind the link.
        Assert.Contains("already exists", (await Tool("write_file", new { path = "/tmp/new", content = "x", mode = "create_new" })).Text, StringComparison.Ordinal);
        File.CreateSymbolicLink(Path.Combine(HostTmp, "link.txt"), "/tmp/new/a.txt");
        File.CreateSymbolicLink(Path.Combine(HostTmp, "dangling.txt"), "/tmp/missing.txt");
        Assert.True((await Tool("write_file", new { path = "/tmp/link.txt", content = "x", mode = "create_new" })).IsError);
        Assert.True((await Tool("write_file", new { path = "/tmp/dangling.txt", content = "x", mode = "create_new" })).IsError);
        Assert.False(File.Exists(Path.Combine(HostTmp, "missing.txt")));
        Assert.Equal("first", File.ReadAllText(Path.Combine(HostTmp, "new", "a.txt")));

        // The other modes still replace and append; a mode outside the three names them all.
        await Ok("write_file", new { path = "/tmp/new/a.txt", content = "third", mode = "overwrite" });
        Assert.Equal("third", await Ok("read_file", new { path = "/tmp/new/a.txt" }));
        var unknown = await Tool("write_file", new { path = "/tmp/new/b.txt", content = "x", mode = "create" });
        Assert.True(unknown.IsError);
        Assert.Contains("overwrite, append or create_new", unknown.Text, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(HostTmp, "new", "b.txt")));
    }

    [Fact]
    public async Task ListCreateMoveAndInfo()
    {
        await StartSessionAsync();
        Assert.Equal("Successfully created directory /tmp/d/e", await Ok("create_directory", new { path = "/tmp/d/e" }));
        await Ok("write_file", new { path = "/tmp/d/b.txt", content = "12345" });
        await Ok("write_file", new { path = "/tmp/d/a.txt", content = "1" });
        Assert.Equal("[FILE] a.txt\n[FILE] b.txt\n[DIR] e", await Ok("list_directory", new { path = "/tmp/d" }));

        var info = (await Ok("get_file_info", new { path = "/tmp/d/b.txt" })).Split('\n');
        Assert.Equal(["name: b.txt", "path: /tmp/d/b.txt", "size: 5", "isDirectory: false"], info[..4]);
        Assert.Matches(@"^modified: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", info[4]);
        Assert.Contains("isDirectory: true", await Ok("get_file_info", new { path = "/tmp/d/e" }), StringComparison.Ordinal);

        await Ok("move_file", new { source = "/tmp/d/b.txt", destination = "/home/user/moved/b2.txt" });
        Assert.Equal("12345", await Ok("read_file", new { path = "/home/user/moved/b2.txt" }));
        Assert.True((await Tool("read_file", new { path = "/tmp/d/b.txt" })).IsError);
        await Ok("move_file", new { source = "/tmp/d/e", destination = "/tmp/e2" });
        Assert.Contains("[DIR] e2", await Ok("list_directory", new { path = "/tmp" }), StringComparison.Ordinal);
        Assert.True((await Tool("move_file", new { source = "/tmp/d/a.txt", destination = "/home/user/moved/b2.txt" })).IsError);
        Assert.True((await Tool("list_directory", new { path = "/tmp/nowhere" })).IsError);
    }

    [Fact]
    public async Task SearchFilesWithPatternAndExclusions()
    {
        await StartSessionAsync();
        foreach (var file in new[] { "/tmp/s/a.txt", "/tmp/s/b.log", "/tmp/s/sub/c.txt", "/tmp/s/node_modules/d.txt", "/tmp/s/sub/skip.txt" })
        {
            await Ok("write_file", new { path = file, content = "x" });
        }

        Assert.Equal("/tmp/s/a.txt\n/tmp/s/node_modules/d.txt\n/tmp/s/sub/c.txt\n/tmp/s/sub/skip.txt", await Ok("search_files", new { path = "/tmp/s", pattern = "*.txt" }));
        Assert.Equal("/tmp/s/a.txt\n/tmp/s/sub/c.txt", await Ok("search_files", new { path = "/tmp/s", pattern = "*.txt", excludePatterns = "node_modules, skip*" }));
        Assert.Equal("/tmp/s/b.log", await Ok("search_files", new { path = "/tmp/s", pattern = "b.log" }));
        Assert.Equal("No matches found", await Ok("search_files", new { path = "/tmp/s", pattern = "*.cs" }));
    }

    [Fact]
    public async Task SearchFilesTakesExcludePatternsAsACommaSeparatedStringOrAnArray()
    {
        await StartSessionAsync();
        foreach (var file in new[] { "/tmp/s/a.txt", "/tmp/s/b.log", "/tmp/s/sub/c.txt" })
        {
            await Ok("write_file", new { path = file, content = "x" });
        }

        const string All = "/tmp/s/a.txt\n/tmp/s/b.log\n/tmp/s/sub\n/tmp/s/sub/c.txt";
        Assert.Equal(All, await Ok("search_files", new { path = "/tmp/s", pattern = "*" }));

        // Python SDK: one comma-joined string. TypeScript SDK: a JSON array. Both leave out the same entries.
        Assert.Equal("/tmp/s/a.txt", await Ok("search_files", new { path = "/tmp/s", pattern = "*", excludePatterns = "sub,*.log" }));
        Assert.Equal("/tmp/s/a.txt", await Ok("search_files", new { path = "/tmp/s", pattern = "*", excludePatterns = new[] { "sub", "*.log" } }));
        Assert.Equal("/tmp/s/a.txt\n/tmp/s/b.log", await Ok("search_files", new { path = "/tmp/s", pattern = "*", excludePatterns = new[] { "sub" } }));

        // Empty forms exclude nothing.
        Assert.Equal(All, await Ok("search_files", new { path = "/tmp/s", pattern = "*", excludePatterns = Array.Empty<string>() }));
        Assert.Equal(All, await Ok("search_files", new { path = "/tmp/s", pattern = "*", excludePatterns = "" }));
        Assert.Equal(All, await Ok("search_files", new { path = "/tmp/s", pattern = "*", excludePatterns = (string?)null }));

        // Any other shape is a tool error that names the argument.
        foreach (var bad in new object[] { 5, true, new { sub = 1 }, new object[] { "sub", 3 }, new object?[] { null } })
        {
            var reply = await Tool("search_files", new { path = "/tmp/s", pattern = "*", excludePatterns = bad });
            Assert.True(reply.IsError, reply.Text);
            Assert.Contains("Argument 'excludePatterns' must be a comma-separated string or an array of strings", reply.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task EditFileShowsADiffAndDryRunChangesNothing()
    {
        await StartSessionAsync();
        await Ok("write_file", new { path = "/tmp/code.py", content = "line1\nline2\nold value\nline4\n" });
        var edits = new[] { new { oldText = "old value", newText = "new value" }, new { oldText = "line1", newText = "first" } };

        var dry = await Ok("edit_file", new { path = "/tmp/code.py", edits, dryRun = true });
        Assert.Contains("-old value\n+new value", dry, StringComparison.Ordinal);
        Assert.Contains("-line1\n", dry, StringComparison.Ordinal);
        Assert.StartsWith("--- /tmp/code.py", dry, StringComparison.Ordinal);
        Assert.Equal("line1\nline2\nold value\nline4\n", await Ok("read_file", new { path = "/tmp/code.py" }));

        var real = await Ok("edit_file", new { path = "/tmp/code.py", edits, dryRun = false });
        Assert.Equal(dry, real);
        Assert.Equal("first\nline2\nnew value\nline4\n", await Ok("read_file", new { path = "/tmp/code.py" }));

        var notFound = await Tool("edit_file", new { path = "/tmp/code.py", edits = new[] { new { oldText = "absent", newText = "x" } } });
        Assert.True(notFound.IsError);
        Assert.Equal("first\nline2\nnew value\nline4\n", await Ok("read_file", new { path = "/tmp/code.py" }));
    }

    [Fact]
    public async Task ReadMultipleFilesSeparatesBlocksAndReportsErrorsPerFile()
    {
        await StartSessionAsync();
        await Ok("write_file", new { path = "/tmp/one.txt", content = "1" });
        await Ok("write_file", new { path = "/tmp/two.txt", content = "2" });
        var text = await Ok("read_multiple_files", new { paths = new[] { "/tmp/one.txt", "/tmp/two.txt", "/tmp/three.txt" } });
        var blocks = text.Split("\n---\n");
        Assert.Equal(3, blocks.Length);
        Assert.Equal("/tmp/one.txt: 1", blocks[0]);
        Assert.Equal("/tmp/two.txt: 2", blocks[1]);
        Assert.StartsWith("/tmp/three.txt: Error", blocks[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteFileRemovesFilesAndEmptyDirectories()
    {
        await StartSessionAsync();
        await Ok("write_file", new { path = "/tmp/gone/x.txt", content = "x" });
        Assert.True((await Tool("delete_file", new { path = "/tmp/gone" })).IsError);
        await Ok("delete_file", new { path = "/tmp/gone/x.txt" });
        await Ok("delete_file", new { path = "/tmp/gone" });
        Assert.False(Directory.Exists(Path.Combine(HostTmp, "gone")));
        Assert.True((await Tool("delete_file", new { path = "/tmp" })).IsError);
        Assert.True(Directory.Exists(HostTmp));
    }

    [Fact]
    public async Task MissingArgumentsAreToolErrors()
    {
        await StartSessionAsync();
        var reply = await Tool("write_file", new { path = "/tmp/x.txt" });
        Assert.True(reply.IsError);
        Assert.Contains("content", reply.Text, StringComparison.Ordinal);
        Assert.True((await Tool("read_file", new { })).IsError);
        Assert.True((await Tool("read_multiple_files", new { paths = "not-a-list" })).IsError);
    }
}
