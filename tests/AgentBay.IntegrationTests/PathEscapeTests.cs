using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AgentBay.IntegrationTests.Infrastructure;
using AgentBay.Emulator;
using AgentBay.TestSupport;
using Xunit;

namespace AgentBay.IntegrationTests;

/// <summary>
/// The typed file tools must not reach outside the session. A secret and a canary are planted in a host folder
/// outside /tmp and /home (which session paths name), symlinks to it are made by the session's own shell, and every
/// attempt through the typed tools must be a tool error (Success false) that neither shows the secret nor touches
/// the folder.
/// </summary>
public sealed class PathEscapeTests : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly EmulatorFixture _fixture;
    private readonly string _outside;
    private readonly string _secret = "TOP-SECRET-" + Guid.NewGuid().ToString("N");

    public PathEscapeTests(EmulatorFixture fixture)
    {
        _fixture = fixture;
        _outside = Path.Combine(OutsideBase(), "agentbay-it-outside-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_outside);
        File.WriteAllText(SecretFile, _secret);
        File.WriteAllText(CanaryFile, "canary");
    }

    private string SecretFile => Path.Combine(_outside, "secret.txt");

    private string CanaryFile => Path.Combine(_outside, "canary.txt");

    /// <summary>The test output folder, unless the checkout is under /tmp or /home (paths sessions map); then /var/tmp.</summary>
    private static string OutsideBase()
    {
        var baseDirectory = AppContext.BaseDirectory;
        return baseDirectory.StartsWith("/tmp/", StringComparison.Ordinal) || baseDirectory.StartsWith("/home/", StringComparison.Ordinal)
            ? "/var/tmp"
            : baseDirectory;
    }

    public void Dispose() => Directory.Delete(_outside, recursive: true);

    [SandboxTheory]
    [MemberData(nameof(Forms.EveryModeAndForm), MemberType = typeof(Forms))]
    public async Task Dot_dot_absolute_and_encoded_paths_are_tool_errors(SandboxMode sandbox, Mode mode)
    {
        await using var lease = await _fixture.CreateSessionAsync(sandbox);
        var t = lease.Tools;
        var depth = string.Concat(Enumerable.Repeat("../", 12));
        string[] reads =
        [
            "/tmp/../../etc/passwd",
            "/tmp/" + depth + _outside.TrimStart('/') + "/secret.txt",
            "/home/user/" + depth + _outside.TrimStart('/') + "/secret.txt",
            depth + _outside.TrimStart('/') + "/secret.txt",
            SecretFile,
            "/etc/passwd",
            "/tmp/%2e%2e/%2e%2e" + SecretFile,
            "/tmp/%252e%252e/%252e%252e" + SecretFile,
            "/tmp/..\\..\\" + _outside.TrimStart('/') + "\\secret.txt",
            "/tmp/a\0/../../etc/passwd",
        ];

        foreach (var path in reads)
        {
            var read = await mode.Call(() => t.ReadFileAsync(path), () => t.ReadFile(path));
            AssertRefused(read.Success, read.Data, read.ErrorMessage, "read_file " + path);
            var info = await mode.Call(() => t.GetFileInfoAsync(path), () => t.GetFileInfo(path));
            AssertRefused(info.Success, info.Data, info.ErrorMessage, "get_file_info " + path);
        }

        var list = await mode.Call(() => t.ListDirectoryAsync("/tmp/" + depth + _outside.TrimStart('/')), () => t.ListDirectory("/tmp/" + depth + _outside.TrimStart('/')));
        AssertRefused(list.Success, list.Data, list.ErrorMessage, "list_directory outside");
        var listOutside = await mode.Call(() => t.ListDirectoryAsync(_outside), () => t.ListDirectory(_outside));
        AssertRefused(listOutside.Success, listOutside.Data, listOutside.ErrorMessage, "list_directory " + _outside);

        var write = await mode.Call(() => t.WriteFileAsync("/tmp/../../" + _outside.TrimStart('/') + "/planted.txt", "x"),
            () => t.WriteFile("/tmp/../../" + _outside.TrimStart('/') + "/planted.txt", "x"));
        AssertRefused(write.Success, write.Data, write.ErrorMessage, "write_file outside");
        var writeAbsolute = await mode.Call(() => t.WriteFileAsync(CanaryFile, "overwritten", "append"), () => t.WriteFile(CanaryFile, "overwritten", "append"));
        AssertRefused(writeAbsolute.Success, writeAbsolute.Data, writeAbsolute.ErrorMessage, "write_file " + CanaryFile);
        var mkdir = await mode.Call(() => t.CreateDirectoryAsync("/home/user/../../" + _outside.TrimStart('/') + "/newdir"), () => t.CreateDirectory("/home/user/../../" + _outside.TrimStart('/') + "/newdir"));
        AssertRefused(mkdir.Success, mkdir.Data, mkdir.ErrorMessage, "create_directory outside");

        AssertOutsideUntouched();
    }

    [SandboxTheory]
    [MemberData(nameof(Forms.EveryModeAndForm), MemberType = typeof(Forms))]
    public async Task Symlinks_made_by_the_shell_do_not_lead_the_file_tools_outside(SandboxMode sandbox, Mode mode)
    {
        await using var lease = await _fixture.CreateSessionAsync(sandbox);
        var t = lease.Tools;
        var links = await t.ShellAsync(
            $"ln -s '{SecretFile}' ~/secret-link && ln -s '{_outside}' ~/outside-dir && ln -s /etc ~/etc-dir " +
            $"&& ln -s '{CanaryFile}' ~/canary-link && mkdir -p ~/d && ln -s ../../../../../../../../../.. ~/d/up && echo linked");
        Assert.True(links.Success, links.Output);
        Assert.Equal("linked\n", links.Stdout);

        string[] reads = ["/home/user/secret-link", "/home/user/outside-dir/secret.txt", "/home/user/etc-dir/passwd", "/home/user/d/up" + SecretFile, "secret-link"];
        foreach (var path in reads)
        {
            var read = await mode.Call(() => t.ReadFileAsync(path), () => t.ReadFile(path));
            AssertRefused(read.Success, read.Data, read.ErrorMessage, "read_file " + path);
            var info = await mode.Call(() => t.GetFileInfoAsync(path), () => t.GetFileInfo(path));
            AssertRefused(info.Success, info.Data, info.ErrorMessage, "get_file_info " + path);
            var edit = await mode.Call(() => t.EditFileAsync(path, [new FileEdit { OldText = "TOP", NewText = "x" }], dryRun: true),
                () => t.EditFile(path, [new FileEdit { OldText = "TOP", NewText = "x" }], dryRun: true));
            AssertRefused(edit.Success, edit.Data, edit.ErrorMessage, "edit_file " + path);
        }

        var list = await mode.Call(() => t.ListDirectoryAsync("/home/user/outside-dir"), () => t.ListDirectory("/home/user/outside-dir"));
        AssertRefused(list.Success, list.Data, list.ErrorMessage, "list_directory via link");

        var multiple = await mode.Call(() => t.ReadMultipleFilesAsync(reads), () => t.ReadMultipleFiles(reads));
        Assert.DoesNotContain(_secret, multiple.Data ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain("root:", multiple.Data ?? "", StringComparison.Ordinal);
        Assert.Equal(reads.Length, (multiple.Data ?? "").Split("\n---\n").Count(block => block.Contains(": Error - ", StringComparison.Ordinal)));

        var search = await mode.Call(() => t.SearchFilesAsync("/home/user", "*secret*"), () => t.SearchFiles("/home/user", "*secret*"));
        Assert.DoesNotContain("outside-dir/secret.txt", search.Data ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain(_secret, search.Data ?? "", StringComparison.Ordinal);
        var searchThrough = await mode.Call(() => t.SearchFilesAsync("/home/user/outside-dir", "*"), () => t.SearchFiles("/home/user/outside-dir", "*"));
        AssertRefused(searchThrough.Success, searchThrough.Data, searchThrough.ErrorMessage, "search_files via link");

        var writeThrough = await mode.Call(() => t.WriteFileAsync("/home/user/outside-dir/planted.txt", "x"), () => t.WriteFile("/home/user/outside-dir/planted.txt", "x"));
        AssertRefused(writeThrough.Success, writeThrough.Data, writeThrough.ErrorMessage, "write_file via link dir");
        var writeLink = await mode.Call(() => t.WriteFileAsync("/home/user/canary-link", "overwritten"), () => t.WriteFile("/home/user/canary-link", "overwritten"));
        AssertRefused(writeLink.Success, writeLink.Data, writeLink.ErrorMessage, "write_file via file link");
        var appendLink = await mode.Call(() => t.WriteFileAsync("/home/user/canary-link", "appended", "append"), () => t.WriteFile("/home/user/canary-link", "appended", "append"));
        AssertRefused(appendLink.Success, appendLink.Data, appendLink.ErrorMessage, "append via file link");
        var editLink = await mode.Call(() => t.EditFileAsync("/home/user/canary-link", [new FileEdit { OldText = "canary", NewText = "dead" }]),
            () => t.EditFile("/home/user/canary-link", [new FileEdit { OldText = "canary", NewText = "dead" }]));
        AssertRefused(editLink.Success, editLink.Data, editLink.ErrorMessage, "edit_file via file link");
        var mkdir = await mode.Call(() => t.CreateDirectoryAsync("/home/user/outside-dir/newdir"), () => t.CreateDirectory("/home/user/outside-dir/newdir"));
        AssertRefused(mkdir.Success, mkdir.Data, mkdir.ErrorMessage, "create_directory via link");

        Assert.True((await t.WriteFileAsync("/home/user/mine.txt", "mine")).Success);
        var steal = await mode.Call(() => t.MoveFileAsync("/home/user/outside-dir/secret.txt", "/home/user/stolen.txt"), () => t.MoveFile("/home/user/outside-dir/secret.txt", "/home/user/stolen.txt"));
        AssertRefused(steal.Success, steal.Data, steal.ErrorMessage, "move_file out of the link dir");
        var plant = await mode.Call(() => t.MoveFileAsync("/home/user/mine.txt", "/home/user/outside-dir/planted.txt"), () => t.MoveFile("/home/user/mine.txt", "/home/user/outside-dir/planted.txt"));
        AssertRefused(plant.Success, plant.Data, plant.ErrorMessage, "move_file into the link dir");

        AssertOutsideUntouched();
        Assert.Equal("mine", (await t.ReadFileAsync("/home/user/mine.txt")).Data);
    }

    private void AssertRefused(bool success, string? data, string? errorMessage, string what)
    {
        Assert.False(success, $"{what} succeeded: {data}");
        Assert.False(string.IsNullOrEmpty(errorMessage), what + " failed without an error message");
        Assert.DoesNotContain(_secret, data ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain(_secret, errorMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("root:x:", errorMessage, StringComparison.Ordinal);
    }

    private void AssertOutsideUntouched()
    {
        Assert.Equal(_secret, File.ReadAllText(SecretFile));
        Assert.Equal("canary", File.ReadAllText(CanaryFile));
        Assert.Equal(new[] { "canary.txt", "secret.txt" }, Directory.EnumerateFileSystemEntries(_outside).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
