using System;
using System.Threading.Tasks;
using AgentBay.Emulator;
using AgentBay.TestSupport;
using Xunit;

namespace AgentBay.IntegrationTests.Infrastructure;

/// <summary>Which form of a generated method a theory exercises.</summary>
public enum Mode
{
    /// <summary>The <c>...Async</c> method.</summary>
    Async,

    /// <summary>The blocking method (HttpClient.Send underneath).</summary>
    Sync,
}

/// <summary>Theory data over the sandbox modes and the two forms of a method.</summary>
public static class Forms
{
    /// <summary>Every sandbox mode with the async and the sync form (use with <c>[SandboxTheory]</c>).</summary>
    public static TheoryData<SandboxMode, Mode> EveryModeAndForm => Sandboxes.ModesWith(Mode.Async, Mode.Sync);

    /// <summary>Every sandbox mode.</summary>
    public static TheoryData<SandboxMode> EveryMode => Sandboxes.Modes();
}

public static class ModeExtensions
{
    /// <summary>Calls the async form or the sync form of the same operation, as <paramref name="mode"/> says.</summary>
    public static Task<T> Call<T>(this Mode mode, Func<Task<T>> asyncForm, Func<T> syncForm)
        => mode == Mode.Async ? asyncForm() : Task.FromResult(syncForm());
}
