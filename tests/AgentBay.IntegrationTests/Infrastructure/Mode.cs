using System;
using System.Threading.Tasks;

namespace AgentBay.IntegrationTests.Infrastructure;

/// <summary>Which form of a generated method a theory exercises.</summary>
public enum Mode
{
    /// <summary>The <c>...Async</c> method.</summary>
    Async,

    /// <summary>The blocking method (HttpClient.Send underneath).</summary>
    Sync,
}

public static class ModeExtensions
{
    /// <summary>Calls the async form or the sync form of the same operation, as <paramref name="mode"/> says.</summary>
    public static Task<T> Call<T>(this Mode mode, Func<Task<T>> asyncForm, Func<T> syncForm)
        => mode == Mode.Async ? asyncForm() : Task.FromResult(syncForm());
}
