using System;
using System.IO;
using System.Linq;
using Xunit;

namespace AgentBay.IntegrationTests.Infrastructure;

/// <summary>Where programs are, looked up on PATH as the emulator looks them up for its sessions.</summary>
public static class Programs
{
    public static bool OnPath(string program)
        => (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, program)));

    public static string? SkipReason(string[] programs)
        => programs.FirstOrDefault(p => !OnPath(p)) is { } missing
            ? $"'{missing}' is not installed on this machine (not on PATH), so the emulator's sessions cannot run it."
            : null;
}

/// <summary>A fact skipped, with the reason, when one of the programs is not on PATH.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FactRequiringAttribute : FactAttribute
{
    public FactRequiringAttribute(params string[] programs) => Skip = Programs.SkipReason(programs);
}

/// <summary>A theory skipped, with the reason, when one of the programs is not on PATH.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class TheoryRequiringAttribute : TheoryAttribute
{
    public TheoryRequiringAttribute(params string[] programs) => Skip = Programs.SkipReason(programs);
}
