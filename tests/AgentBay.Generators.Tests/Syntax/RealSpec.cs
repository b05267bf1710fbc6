using System;
using System.IO;

namespace AgentBay.Generators.Tests.Syntax;

/// <summary>Finds specs/session.agentbay.yaml, copied next to the tests or in the repository above them.</summary>
internal static class RealSpec
{
    public const string FileName = "session.agentbay.yaml";

    public static string? TryLoad()
    {
        string? path = Find();
        return path == null ? null : File.ReadAllText(path);
    }

    public static string? Find()
    {
        string copied = Path.Combine(AppContext.BaseDirectory, "specs", FileName);
        if (File.Exists(copied))
        {
            return copied;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "specs", FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
