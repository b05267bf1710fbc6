using System;
using System.IO;

namespace AgentBay.Analyzers.Tests.Infrastructure;

/// <summary>The repository's standard spec, copied next to the tests: the analyzers are tested against the code the
/// real generator emits from it.</summary>
internal static class StandardSpec
{
    public const string FileName = "session.agentbay.yaml";

    public static string Text { get; } = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "specs", FileName));
}
