using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace AgentBay.Emulator.Sandbox;

/// <summary>
/// The none mode's stand-in for a mount namespace. Commands there see the real file system, so the session's absolute
/// paths in what a command receives (its arguments, standard input and environment values) are rewritten to the
/// session's host folders, and those folders in what it prints are rewritten back. A path is rewritten only where it
/// starts: <c>/tmp</c> or <c>/home/user</c> not preceded by a character that would make it part of a longer path or
/// word (<c>/var/tmp</c>, <c>$HOME/tmp</c>, <c>~/tmp</c>, <c>http://host/tmp</c> stay) and followed by <c>/</c>,
/// the end or a character that cannot continue a file name (so <c>/tmpfile</c> stays).
/// </summary>
/// <remarks>
/// This is lexical: a path a command builds at run time (<c>cd /; cat tmp/x</c>, <c>"/t""mp"</c>) or reads from a file
/// is not rewritten, and reaches the host's own folder. docs/emulator-sandbox.md lists what each mode guarantees.
/// </remarks>
internal sealed partial class HostPathRewriter
{
    private readonly string _hostTmp;
    private readonly string _hostHome;
    private readonly string _sessionRoot;

    public HostPathRewriter(SessionFileSystem fs)
    {
        _hostTmp = fs.HostTmp;
        _hostHome = fs.HostHome;
        _sessionRoot = fs.Root;
    }

    /// <summary>Rewrites the session paths in <paramref name="text"/> to their host folders.</summary>
    public string ToHost(string text) =>
        text.Contains("/tmp", StringComparison.Ordinal) || text.Contains("/home/user", StringComparison.Ordinal)
            ? SessionPath().Replace(text, match => (match.ValueSpan.Length == SessionFileSystem.VirtualTmp.Length ? _hostTmp : _hostHome))
            : text;

    /// <summary>Rewrites every argument of <paramref name="argv"/>.</summary>
    public IReadOnlyList<string> ToHost(IReadOnlyList<string> argv)
    {
        var rewritten = new string[argv.Count];
        for (var i = 0; i < argv.Count; i++)
        {
            rewritten[i] = ToHost(argv[i]);
        }

        return rewritten;
    }

    /// <summary>Rewrites the values (never the names) of <paramref name="envs"/>.</summary>
    public IReadOnlyDictionary<string, string>? ToHost(IReadOnlyDictionary<string, string>? envs)
    {
        if (envs is null)
        {
            return null;
        }

        var rewritten = new Dictionary<string, string>(envs.Count, StringComparer.Ordinal);
        foreach (var (name, value) in envs)
        {
            rewritten[name] = ToHost(value);
        }

        return rewritten;
    }

    /// <summary>Rewrites the session's host folders in <paramref name="text"/> back to <c>/tmp</c> and <c>/home/user</c>.</summary>
    public string ToSession(string text)
    {
        var at = text.IndexOf(_sessionRoot, StringComparison.Ordinal);
        if (at < 0)
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        var copied = 0;
        while (at >= 0)
        {
            var (host, session) = text.AsSpan(at).StartsWith(_hostTmp, StringComparison.Ordinal) ? (_hostTmp, SessionFileSystem.VirtualTmp)
                : text.AsSpan(at).StartsWith(_hostHome, StringComparison.Ordinal) ? (_hostHome, SessionFileSystem.VirtualHome)
                : (null, null);
            var end = at + (host?.Length ?? 0);
            if (host is not null && (end == text.Length || !ContinuesName(text[end])))
            {
                result.Append(text, copied, at - copied).Append(session);
                copied = end;
                at = text.IndexOf(_sessionRoot, end, StringComparison.Ordinal);
            }
            else
            {
                at = text.IndexOf(_sessionRoot, at + 1, StringComparison.Ordinal);
            }
        }

        return result.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>A character that makes the name before it longer (so what precedes it is not the whole name).</summary>
    private static bool ContinuesName(char c) => char.IsLetterOrDigit(c) || c is '_' or '.' or '-';

    /// <summary>
    /// <c>/tmp</c> or <c>/home/user</c> where a path starts: not after a name, path, <c>~</c>, <c>$</c> or <c>}</c>
    /// character, and not followed by one that continues the name.
    /// </summary>
    [GeneratedRegex(@"(?<![\p{L}\p{N}_.~/$}\-])(?:/home/user|/tmp)(?![\p{L}\p{N}_.\-])", RegexOptions.CultureInvariant)]
    private static partial Regex SessionPath();
}
