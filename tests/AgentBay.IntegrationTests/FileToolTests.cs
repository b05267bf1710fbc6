using System;
using System.Linq;
using System.Threading.Tasks;
using AgentBay.IntegrationTests.Infrastructure;
using AgentBay.Emulator;
using AgentBay.TestSupport;
using Xunit;

namespace AgentBay.IntegrationTests;

/// <summary>
/// The typed file tools, sync and async, on a session's real files; the shell is the independent witness of what
/// they did (home-relative paths, so the check holds with and without the bubblewrap sandbox).
/// </summary>
public sealed class FileToolTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [SandboxTheory]
    [MemberData(nameof(Forms.EveryModeAndForm), MemberType = typeof(Forms))]
    public async Task Write_overwrites_and_appends_read_returns_all_or_a_range(SandboxMode sandbox, Mode mode)
    {
        await using var lease = await fixture.CreateSessionAsync(sandbox);
        var t = lease.Tools;
        const string path = "/home/user/notes/a.txt";

        var write = await mode.Call(() => t.WriteFileAsync(path, "first line\n"), () => t.WriteFile(path, "first line\n"));
        Assert.True(write.Success, write.ErrorMessage);
        Assert.Equal("Successfully wrote to " + path, write.Data);
        var overwrite = await mode.Call(() => t.WriteFileAsync(path, "héllo\n", "overwrite"), () => t.WriteFile(path, "héllo\n", "overwrite"));
        Assert.True(overwrite.Success, overwrite.ErrorMessage);
        var append = await mode.Call(() => t.WriteFileAsync(path, "second\n", "append"), () => t.WriteFile(path, "second\n", "append"));
        Assert.True(append.Success, append.ErrorMessage);

        var read = await mode.Call(() => t.ReadFileAsync(path), () => t.ReadFile(path));
        Assert.True(read.Success, read.ErrorMessage);
        Assert.Equal("héllo\nsecond\n", read.Data);
        Assert.Equal("héllo\nsecond\n", (await t.ShellAsync("cat notes/a.txt")).Stdout);

        // offset and length count bytes ("é" is two).
        var part = await mode.Call(() => t.ReadFileAsync(path, offset: 7, length: 6), () => t.ReadFile(path, offset: 7, length: 6));
        Assert.True(part.Success, part.ErrorMessage);
        Assert.Equal("second", part.Data);

        // What the shell writes, the file tool reads.
        await t.ShellAsync("printf 'from shell' > notes/b.txt");
        Assert.Equal("from shell", (await mode.Call(() => t.ReadFileAsync("/home/user/notes/b.txt"), () => t.ReadFile("/home/user/notes/b.txt"))).Data);
        // Relative paths start at the home folder.
        Assert.Equal("from shell", (await t.ReadFileAsync("notes/b.txt")).Data);

        var missing = await mode.Call(() => t.ReadFileAsync("/home/user/none.txt"), () => t.ReadFile("/home/user/none.txt"));
        Assert.False(missing.Success);
        Assert.Equal("No such file: '/home/user/none.txt'.", missing.ErrorMessage);

        var badMode = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => mode.Call(() => t.WriteFileAsync(path, "x", "truncate"), () => t.WriteFile(path, "x", "truncate")));
        Assert.Equal("mode", badMode.ParamName);
        Assert.Equal("héllo\nsecond\n", (await t.ReadFileAsync(path)).Data);
    }

    [SandboxTheory]
    [MemberData(nameof(Forms.EveryModeAndForm), MemberType = typeof(Forms))]
    public async Task A_failed_tool_call_carries_no_data(SandboxMode sandbox, Mode mode)
    {
        await using var lease = await fixture.CreateSessionAsync(sandbox);
        var t = lease.Tools;
        var missing = await mode.Call(() => t.ReadFileAsync("/home/user/none.txt"), () => t.ReadFile("/home/user/none.txt"));
        Assert.False(missing.Success);
        Assert.Equal("No such file: '/home/user/none.txt'.", missing.ErrorMessage);
        Assert.True(string.IsNullOrEmpty(missing.Data), "Data: " + missing.Data);
    }

    [SandboxTheory]
    [MemberData(nameof(Forms.EveryModeAndForm), MemberType = typeof(Forms))]
    public async Task Create_list_move_and_describe(SandboxMode sandbox, Mode mode)
    {
        await using var lease = await fixture.CreateSessionAsync(sandbox);
        var t = lease.Tools;

        var created = await mode.Call(() => t.CreateDirectoryAsync("/tmp/proj/src/deep"), () => t.CreateDirectory("/tmp/proj/src/deep"));
        Assert.True(created.Success, created.ErrorMessage);
        Assert.Equal("Successfully created directory /tmp/proj/src/deep", created.Data);
        Assert.True((await t.WriteFileAsync("/tmp/proj/readme.md", "# readme")).Success);
        Assert.True((await t.WriteFileAsync("/tmp/proj/src/main.py", "print(1)\n")).Success);

        var list = await mode.Call(() => t.ListDirectoryAsync("/tmp/proj"), () => t.ListDirectory("/tmp/proj"));
        Assert.True(list.Success, list.ErrorMessage);
        Assert.Equal("[FILE] readme.md\n[DIR] src", list.Data);

        var moved = await mode.Call(() => t.MoveFileAsync("/tmp/proj/readme.md", "/tmp/proj/docs/README.md"), () => t.MoveFile("/tmp/proj/readme.md", "/tmp/proj/docs/README.md"));
        Assert.True(moved.Success, moved.ErrorMessage);
        Assert.Equal("Successfully moved /tmp/proj/readme.md to /tmp/proj/docs/README.md", moved.Data);
        Assert.Equal("[DIR] docs\n[DIR] src", (await t.ListDirectoryAsync("/tmp/proj")).Data);
        Assert.Equal("# readme", (await t.ReadFileAsync("/tmp/proj/docs/README.md")).Data);
        Assert.False((await t.ReadFileAsync("/tmp/proj/readme.md")).Success);

        var movedDir = await mode.Call(() => t.MoveFileAsync("/tmp/proj/src", "/home/user/src2"), () => t.MoveFile("/tmp/proj/src", "/home/user/src2"));
        Assert.True(movedDir.Success, movedDir.ErrorMessage);
        Assert.Equal("print(1)\n", (await t.ShellAsync("cat src2/main.py")).Stdout);

        var clash = await mode.Call(() => t.MoveFileAsync("/tmp/proj/docs", "/home/user/src2"), () => t.MoveFile("/tmp/proj/docs", "/home/user/src2"));
        Assert.False(clash.Success);
        Assert.Contains("already exists", clash.ErrorMessage, StringComparison.Ordinal);

        var fileInfo = await mode.Call(() => t.GetFileInfoAsync("/home/user/src2/main.py"), () => t.GetFileInfo("/home/user/src2/main.py"));
        Assert.True(fileInfo.Success, fileInfo.ErrorMessage);
        var fields = fileInfo.Data!.Split('\n').Select(l => l.Split(": ", 2)).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal("main.py", fields["name"]);
        Assert.Equal("/home/user/src2/main.py", fields["path"]);
        Assert.Equal("9", fields["size"]);
        Assert.Equal("false", fields["isDirectory"]);
        var modified = DateTimeOffset.Parse(fields["modified"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(modified, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));

        var dirInfo = await mode.Call(() => t.GetFileInfoAsync("/tmp/proj/docs"), () => t.GetFileInfo("/tmp/proj/docs"));
        Assert.Contains("isDirectory: true", dirInfo.Data, StringComparison.Ordinal);

        var listMissing = await mode.Call(() => t.ListDirectoryAsync("/tmp/nope"), () => t.ListDirectory("/tmp/nope"));
        Assert.False(listMissing.Success);
        Assert.Equal("No such directory: '/tmp/nope'.", listMissing.ErrorMessage);
        var infoMissing = await mode.Call(() => t.GetFileInfoAsync("/tmp/nope"), () => t.GetFileInfo("/tmp/nope"));
        Assert.False(infoMissing.Success);
    }

    [SandboxTheory]
    [MemberData(nameof(Forms.EveryModeAndForm), MemberType = typeof(Forms))]
    public async Task Search_finds_by_wildcard_and_excludes(SandboxMode sandbox, Mode mode)
    {
        await using var lease = await fixture.CreateSessionAsync(sandbox);
        var t = lease.Tools;
        var made = await t.ShellAsync("mkdir -p s/a/b s/node_modules && touch s/one.txt s/a/two.txt s/a/b/three.log s/a/b/four.txt s/node_modules/five.txt");
        Assert.True(made.Success, made.Output);

        var txt = await mode.Call(() => t.SearchFilesAsync("/home/user/s", "*.txt"), () => t.SearchFiles("/home/user/s", "*.txt"));
        Assert.True(txt.Success, txt.ErrorMessage);
        Assert.Equal("/home/user/s/a/b/four.txt\n/home/user/s/a/two.txt\n/home/user/s/node_modules/five.txt\n/home/user/s/one.txt", txt.Data);

        var excluded = await mode.Call(() => t.SearchFilesAsync("/home/user/s", "*.txt", "node_modules,two*"), () => t.SearchFiles("/home/user/s", "*.txt", "node_modules,two*"));
        Assert.Equal("/home/user/s/a/b/four.txt\n/home/user/s/one.txt", excluded.Data);

        var word = await mode.Call(() => t.SearchFilesAsync("/home/user/s", "three"), () => t.SearchFiles("/home/user/s", "three"));
        Assert.Equal("/home/user/s/a/b/three.log", word.Data);

        // The TypeScript SDK sends the exclusions as a JSON array; the same search through the untyped call.
        var asArray = await lease.Session.CallMcpToolAsync("search_files", new System.Collections.Generic.Dictionary<string, object?>
        {
            ["path"] = "/home/user/s", ["pattern"] = "*.txt", ["excludePatterns"] = new[] { "node_modules", "two*" },
        });
        Assert.True(asArray.Success, asArray.ErrorMessage);
        Assert.Equal(excluded.Data, asArray.Data);

        var none = await mode.Call(() => t.SearchFilesAsync("/home/user/s", "*.md"), () => t.SearchFiles("/home/user/s", "*.md"));
        Assert.True(none.Success, none.ErrorMessage);
        Assert.Equal("No matches found", none.Data);
    }

    [SandboxTheory]
    [MemberData(nameof(Forms.EveryModeAndForm), MemberType = typeof(Forms))]
    public async Task Edit_applies_replacements_and_dry_run_leaves_the_file(SandboxMode sandbox, Mode mode)
    {
        await using var lease = await fixture.CreateSessionAsync(sandbox);
        var t = lease.Tools;
        const string path = "/home/user/config.ini";
        const string original = "name = old\nmode = slow\nkeep = this\n";
        Assert.True((await t.WriteFileAsync(path, original)).Success);
        var edits = new[] { new FileEdit { OldText = "old", NewText = "new" }, new FileEdit { OldText = "mode = slow", NewText = "mode = fast" } };

        var dry = await mode.Call(() => t.EditFileAsync(path, edits, dryRun: true), () => t.EditFile(path, edits, dryRun: true));
        Assert.True(dry.Success, dry.ErrorMessage);
        Assert.Contains("-name = old", dry.Data, StringComparison.Ordinal);
        Assert.Contains("+name = new", dry.Data, StringComparison.Ordinal);
        Assert.Contains("+mode = fast", dry.Data, StringComparison.Ordinal);
        Assert.Equal(original, (await t.ReadFileAsync(path)).Data);
        Assert.Equal(original, (await t.ShellAsync("cat config.ini")).Stdout);

        var applied = await mode.Call(() => t.EditFileAsync(path, edits), () => t.EditFile(path, edits));
        Assert.True(applied.Success, applied.ErrorMessage);
        Assert.Equal(dry.Data, applied.Data);
        Assert.Equal("name = new\nmode = fast\nkeep = this\n", (await t.ShellAsync("cat config.ini")).Stdout);

        var noMatch = await mode.Call(() => t.EditFileAsync(path, [new FileEdit { OldText = "absent", NewText = "x" }]),
            () => t.EditFile(path, [new FileEdit { OldText = "absent", NewText = "x" }]));
        Assert.False(noMatch.Success);
        Assert.Contains("Could not find exact match", noMatch.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal("name = new\nmode = fast\nkeep = this\n", (await t.ReadFileAsync(path)).Data);
    }

    [SandboxTheory]
    [MemberData(nameof(Forms.EveryModeAndForm), MemberType = typeof(Forms))]
    public async Task ReadMultipleFiles_returns_each_file_or_its_error(SandboxMode sandbox, Mode mode)
    {
        await using var lease = await fixture.CreateSessionAsync(sandbox);
        var t = lease.Tools;
        Assert.True((await t.WriteFileAsync("/tmp/m/one.txt", "1")).Success);
        Assert.True((await t.WriteFileAsync("/home/user/two.txt", "two\nlines")).Success);
        string[] paths = ["/tmp/m/one.txt", "/home/user/two.txt", "/tmp/m/missing.txt"];

        var read = await mode.Call(() => t.ReadMultipleFilesAsync(paths), () => t.ReadMultipleFiles(paths));
        Assert.True(read.Success, read.ErrorMessage);
        Assert.Equal(
            "/tmp/m/one.txt: 1\n---\n/home/user/two.txt: two\nlines\n---\n/tmp/m/missing.txt: Error - No such file: '/tmp/m/missing.txt'.",
            read.Data);
    }

    [SandboxTheory]
    [MemberData(nameof(Forms.EveryModeAndForm), MemberType = typeof(Forms))]
    public async Task Create_new_writes_only_a_file_that_does_not_exist_yet(SandboxMode sandbox, Mode mode)
    {
        await using var lease = await fixture.CreateSessionAsync(sandbox);
        var t = lease.Tools;
        const string path = "/home/user/once/a.txt";

        var created = await mode.Call(() => t.WriteFileAsync(path, "first", "create_new"), () => t.WriteFile(path, "first", "create_new"));
        Assert.True(created.Success, created.ErrorMessage);
        var again = await mode.Call(() => t.WriteFileAsync(path, "second", "create_new"), () => t.WriteFile(path, "second", "create_new"));
        Assert.False(again.Success);
        Assert.Contains("already exists", again.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal("first", (await t.ShellAsync("cat once/a.txt")).Stdout);
    }

    [SandboxTheory]
    [MemberData(nameof(Forms.EveryModeAndForm), MemberType = typeof(Forms))]
    public async Task DeleteFile_removes_a_file_and_an_empty_directory(SandboxMode sandbox, Mode mode)
    {
        await using var lease = await fixture.CreateSessionAsync(sandbox);
        var t = lease.Tools;
        Assert.True((await t.ShellAsync("mkdir -p gone && echo x > gone/x.txt")).Success);

        var notEmpty = await mode.Call(() => t.DeleteFileAsync("/home/user/gone"), () => t.DeleteFile("/home/user/gone"));
        Assert.False(notEmpty.Success);
        var file = await mode.Call(() => t.DeleteFileAsync("/home/user/gone/x.txt"), () => t.DeleteFile("/home/user/gone/x.txt"));
        Assert.True(file.Success, file.ErrorMessage);
        var dir = await mode.Call(() => t.DeleteFileAsync("/home/user/gone"), () => t.DeleteFile("/home/user/gone"));
        Assert.True(dir.Success, dir.ErrorMessage);
        Assert.Equal("absent\n", (await t.ShellAsync("test -e gone || echo absent")).Stdout);
    }

    [SandboxTheory]
    [MemberData(nameof(Forms.EveryModeAndForm), MemberType = typeof(Forms))]
    public async Task GetFileChange_starts_with_a_baseline_then_reports_what_commands_changed(SandboxMode sandbox, Mode mode)
    {
        await using var lease = await fixture.CreateSessionAsync(sandbox);
        var t = lease.Tools;
        Assert.True((await t.ShellAsync("mkdir -p watched && echo old > watched/old.txt")).Success);

        var baseline = await mode.Call(() => t.GetFileChangeAsync("/home/user/watched"), () => t.GetFileChange("/home/user/watched"));
        Assert.True(baseline.Success, baseline.ErrorMessage);
        Assert.Equal("[]", baseline.Data);

        Assert.True((await t.ShellAsync("echo new > watched/new.txt && rm watched/old.txt")).Success);
        var changes = await mode.Call(() => t.GetFileChangeAsync("/home/user/watched"), () => t.GetFileChange("/home/user/watched"));
        Assert.True(changes.Success, changes.ErrorMessage);
        Assert.Equal(
            """[{"eventType":"delete","path":"/home/user/watched/old.txt","pathType":"file"},{"eventType":"create","path":"/home/user/watched/new.txt","pathType":"file"}]""",
            changes.Data);
        Assert.Equal("[]", (await t.GetFileChangeAsync("/home/user/watched")).Data);

        var outside = await mode.Call(() => t.GetFileChangeAsync("/etc"), () => t.GetFileChange("/etc"));
        Assert.False(outside.Success);
        Assert.Contains("Access denied", outside.ErrorMessage, StringComparison.Ordinal);
    }

    [SandboxTheory]
    [MemberData(nameof(Forms.EveryModeAndForm), MemberType = typeof(Forms))]
    public async Task GetMetrics_reports_the_machine(SandboxMode sandbox, Mode mode)
    {
        await using var lease = await fixture.CreateSessionAsync(sandbox);
        var metrics = await mode.Call(() => lease.Tools.GetMetricsAsync(), () => lease.Tools.GetMetrics());
        Assert.True(metrics.Success, metrics.ErrorMessage);
        Assert.True(metrics.CpuCount >= 1, "CpuCount " + metrics.CpuCount);
        Assert.InRange(metrics.CpuUsedPercent!.Value, 0, 100);
        Assert.True(metrics.MemTotal > 0, "MemTotal " + metrics.MemTotal);
        Assert.InRange(metrics.MemUsed!.Value, 1, metrics.MemTotal!.Value);
        Assert.True(metrics.DiskTotal > 0, "DiskTotal " + metrics.DiskTotal);
        Assert.InRange(metrics.DiskUsed!.Value, 0, metrics.DiskTotal!.Value);
        Assert.NotNull(metrics.RxRateKbytePerSecond);
        Assert.NotNull(metrics.TxUsedKbyte);
        Assert.False(string.IsNullOrEmpty(metrics.Timestamp));
    }
}
