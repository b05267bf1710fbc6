using System;
using System.Collections.Generic;
using System.IO;
using AgentBay.Emulator.Sandbox;
using Xunit;

namespace AgentBay.Emulator.Tests;

/// <summary>
/// The none mode's rewriting of session paths: <c>/tmp</c> and <c>/home/user</c> where a path starts become the
/// session's host folders in what a command receives, and those folders become the session paths again in its output.
/// </summary>
public sealed class HostPathRewriterTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "agentbay-rewriter-" + Guid.NewGuid().ToString("N"));
    private readonly SessionFileSystem _fs;

    public HostPathRewriterTests() => _fs = SessionFileSystem.Create(Path.Combine(_root, "sessions", "session-abc"));

    private string Tmp => _fs.HostTmp;

    private string Home => _fs.HostHome;

    public static TheoryData<string, string> Commands => new()
    {
        // Where a path starts: after the start, a space, a quote, '=', ':', '(', ';', '|', '&', '<', '>', '`', ','.
        { "cat /tmp/a.txt", "cat {T}/a.txt" },
        { "/tmp", "{T}" },
        { "cd /tmp && ls", "cd {T} && ls" },
        { "ls /home/user", "ls {H}" },
        { "echo hi > /home/user/x; cat</tmp/y|wc", "echo hi > {H}/x; cat<{T}/y|wc" },
        { "cp '/tmp/a b' \"/home/user/c\"", "cp '{T}/a b' \"{H}/c\"" },
        { "PYTHONPATH=/tmp/lib:/home/user/lib python3", "PYTHONPATH={T}/lib:{H}/lib python3" },
        { "x=$(cat /tmp/f) `ls /tmp`", "x=$(cat {T}/f) `ls {T}`" },
        { "open('/tmp/data.csv')", "open('{T}/data.csv')" },
        { "find /tmp -name '*.txt'", "find {T} -name '*.txt'" },
        { "ls /tmp/*", "ls {T}/*" },
        { "--dir=/tmp/out,/home/user/in", "--dir={T}/out,{H}/in" },

        // Not a session path: part of a longer path or name, a URL, a variable, or another folder.
        { "ls /var/tmp/x", "ls /var/tmp/x" },
        { "ls ./tmp ~/tmp $HOME/tmp ${HOME}/tmp", "ls ./tmp ~/tmp $HOME/tmp ${HOME}/tmp" },
        { "curl http://127.0.0.1:30150/tmp/x", "curl http://127.0.0.1:30150/tmp/x" },
        { "cat /tmpfile /tmp.txt /tmp-1 /tmp_2", "cat /tmpfile /tmp.txt /tmp-1 /tmp_2" },
        { "ls /home /home/users /home/user2 /home/userx", "ls /home /home/users /home/user2 /home/userx" },
        { "echo no paths here", "echo no paths here" },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void Session_paths_where_a_path_starts_become_host_folders(string command, string expected)
    {
        var rewriter = new HostPathRewriter(_fs);
        var host = expected.Replace("{T}", Tmp, StringComparison.Ordinal).Replace("{H}", Home, StringComparison.Ordinal);
        Assert.Equal(host, rewriter.ToHost(command));
        Assert.Equal(command, rewriter.ToSession(host)); // and back, for what the command prints
    }

    [Fact]
    public void Output_gets_the_session_paths_back_only_for_this_sessions_folders()
    {
        var rewriter = new HostPathRewriter(_fs);
        Assert.Equal("/tmp/a\n/home/user\n", rewriter.ToSession($"{Tmp}/a\n{Home}\n"));
        Assert.Equal("/tmp:/home/user/x", rewriter.ToSession($"{Tmp}:{Home}/x"));

        // A longer name that merely starts like the folder, the session root itself, and another session stay as they are.
        Assert.Equal($"{Tmp}x {Home}2 {_fs.Root}", rewriter.ToSession($"{Tmp}x {Home}2 {_fs.Root}"));
        var other = Path.Combine(_root, "sessions", "session-other", "tmp");
        Assert.Equal(other + "/a", rewriter.ToSession(other + "/a"));
    }

    [Fact]
    public void Arguments_and_environment_values_are_rewritten_but_not_variable_names()
    {
        var rewriter = new HostPathRewriter(_fs);
        Assert.Equal(["/bin/sh", "-c", $"cat {Tmp}/a"], rewriter.ToHost(["/bin/sh", "-c", "cat /tmp/a"]));
        var envs = rewriter.ToHost(new Dictionary<string, string> { ["/tmp"] = "/tmp/data", ["HOME_DIR"] = "/home/user" });
        Assert.Equal(new Dictionary<string, string> { ["/tmp"] = $"{Tmp}/data", ["HOME_DIR"] = Home }, envs);
        Assert.Null(rewriter.ToHost((IReadOnlyDictionary<string, string>?)null));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
