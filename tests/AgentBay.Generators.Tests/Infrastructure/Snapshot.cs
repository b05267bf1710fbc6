using System;
using System.IO;
using System.Text;
using Xunit;

namespace AgentBay.Generators.Tests.Infrastructure;

/// <summary>
/// Verified-file snapshots without Verify (not served by our registry): the expected text lives in
/// <c>Snapshots/&lt;name&gt;.verified.txt</c>; a mismatch writes <c>.received.txt</c> beside it and fails with a diff.
/// Set AGENTBAY_ACCEPT_SNAPSHOTS=1 to accept the received text.
/// </summary>
internal static class Snapshot
{
    public static string Directory => Path.Combine(GeneratorHarness.RepoRoot, "tests", "AgentBay.Generators.Tests", "Snapshots");

    /// <summary>Verifies every file of a generator run, and that no verified file is left without a generated one.</summary>
    public static void VerifyAll(string folder, System.Collections.Generic.IEnumerable<(string Name, string Text)> files)
    {
        var failures = new System.Collections.Generic.List<string>();
        var names = new System.Collections.Generic.HashSet<string>();
        foreach (var (name, text) in files)
        {
            names.Add(name);
            try
            {
                Verify(folder + "/" + name, text);
            }
            catch (Xunit.Sdk.XunitException exception)
            {
                failures.Add(exception.Message);
            }
        }

        var directory = Path.Combine(Directory, folder);
        if (System.IO.Directory.Exists(directory))
        {
            foreach (var verified in System.IO.Directory.GetFiles(directory, "*.verified.txt"))
            {
                var name = Path.GetFileName(verified)[..^".verified.txt".Length];
                if (!names.Contains(name))
                {
                    failures.Add($"Verified snapshot {verified} has no generated file any more; delete it if that is intended.");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    public static void Verify(string name, string actual)
    {
        actual = actual.Replace("\r\n", "\n");
        var verified = Path.Combine(Directory, name + ".verified.txt");
        var received = Path.Combine(Directory, name + ".received.txt");
        var expected = File.Exists(verified) ? File.ReadAllText(verified).Replace("\r\n", "\n") : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(verified)!);
        if (Environment.GetEnvironmentVariable("AGENTBAY_ACCEPT_SNAPSHOTS") == "1")
        {
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, actual);
        Assert.Fail(expected is null
            ? $"No verified snapshot '{name}'. Review {received} and rename it to .verified.txt (or run with AGENTBAY_ACCEPT_SNAPSHOTS=1)."
            : $"Snapshot '{name}' differs; received text written to {received}.\n{Diff(expected, actual)}");
    }

    /// <summary>The first differing lines with a little context; enough to see what changed.</summary>
    public static string Diff(string expected, string actual)
    {
        var left = expected.Split('\n');
        var right = actual.Split('\n');
        var first = 0;
        while (first < left.Length && first < right.Length && left[first] == right[first])
        {
            first++;
        }

        var builder = new StringBuilder();
        builder.AppendLine($"first difference at line {first + 1}:");
        for (var i = Math.Max(0, first - 2); i < Math.Min(left.Length, first + 5); i++)
        {
            builder.AppendLine("- " + left[i]);
        }

        for (var i = Math.Max(0, first - 2); i < Math.Min(right.Length, first + 5); i++)
        {
            builder.AppendLine("+ " + right[i]);
        }

        return builder.ToString();
    }
}
