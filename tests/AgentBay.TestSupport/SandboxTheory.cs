using System.Collections.Generic;
using System.Linq;
using AgentBay.Emulator;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace AgentBay.TestSupport;

/// <summary>
/// A theory whose rows may name a <see cref="SandboxMode"/>: a row whose mode does not work on this machine is
/// reported as skipped with the reason the probe gave (what is missing, how to install it), never dropped silently.
/// </summary>
[XunitTestCaseDiscoverer("AgentBay.TestSupport.SandboxTheoryDiscoverer", "AgentBay.TestSupport")]
[System.AttributeUsage(System.AttributeTargets.Method)]
public sealed class SandboxTheoryAttribute : TheoryAttribute
{
    /// <summary>A sandbox theory; with <paramref name="programs"/>, skipped (with the reason) where one is not on PATH.</summary>
    /// <param name="programs">Programs the sessions must be able to run (python3, node, ...).</param>
    public SandboxTheoryAttribute(params string[] programs) =>
        Skip = programs.FirstOrDefault(program => !OnPath(program)) is { } missing
            ? $"'{missing}' is not installed on this machine (not on PATH), so the emulator's sessions cannot run it"
            : null;

    private static bool OnPath(string program) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', System.StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => System.IO.File.Exists(System.IO.Path.Combine(dir, program)));
}

/// <summary>Discovers <see cref="SandboxTheoryAttribute"/> theories: rows of unavailable modes become skipped cases.</summary>
public sealed class SandboxTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    /// <inheritdoc/>
    protected override IEnumerable<IXunitTestCase> CreateTestCasesForDataRow(
        ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute, object[] dataRow) =>
        dataRow.OfType<SandboxMode>().Select(Sandboxes.SkipReason).FirstOrDefault(reason => reason is not null) is { } skip
            ? CreateTestCasesForSkippedDataRow(discoveryOptions, testMethod, theoryAttribute, dataRow, skip)
            : base.CreateTestCasesForDataRow(discoveryOptions, testMethod, theoryAttribute, dataRow);
}

/// <summary>The sandbox modes, as theory data.</summary>
public static class Sandboxes
{
    /// <summary>Every mode, best first; use with <see cref="SandboxTheoryAttribute"/> so the unavailable ones are skipped.</summary>
    public static readonly SandboxMode[] All = [SandboxMode.Bubblewrap, SandboxMode.Namespaces, SandboxMode.None];

    /// <summary>Why <paramref name="mode"/> cannot be tested here, or null when it can.</summary>
    public static string? SkipReason(SandboxMode mode) =>
        AgentBayEmulator.ProbeSandbox(mode) is { IsAvailable: false } probe
            ? $"sandbox '{SandboxModes.Name(mode)}' does not work on this machine: {probe.Detail}"
            : null;

    /// <summary>The option that asks an emulator for exactly <paramref name="mode"/>.</summary>
    public static SandboxPreference Require(SandboxMode mode) => mode switch
    {
        SandboxMode.Bubblewrap => SandboxPreference.Bubblewrap,
        SandboxMode.Namespaces => SandboxPreference.Namespaces,
        _ => SandboxPreference.None,
    };

    /// <summary>True for the modes that give the session its own view of the machine (bwrap, namespaces).</summary>
    public static bool Isolates(SandboxMode mode) => mode != SandboxMode.None;

    /// <summary>One row per mode.</summary>
    public static TheoryData<SandboxMode> Modes()
    {
        var data = new TheoryData<SandboxMode>();
        foreach (var mode in All)
        {
            data.Add(mode);
        }

        return data;
    }

    /// <summary>Every mode with every value of <paramref name="others"/> (e.g. sync and async).</summary>
    public static TheoryData<SandboxMode, T> ModesWith<T>(params T[] others)
    {
        var data = new TheoryData<SandboxMode, T>();
        foreach (var mode in All)
        {
            foreach (var other in others)
            {
                data.Add(mode, other);
            }
        }

        return data;
    }
}
