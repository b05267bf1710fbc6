using Microsoft.CodeAnalysis;

namespace AgentBay.Analyzers.Sessions;

/// <summary>What one use of a session does to the caller's ownership of it.</summary>
internal enum SessionUseKind
{
    /// <summary>Uses the session without releasing or handing it off (<c>s.Tools.ShellAsync(...)</c>, <c>s == null</c>).</summary>
    Neutral,

    /// <summary>Deletes or disposes it: <c>Dispose</c>, <c>DeleteAsync</c>, <c>client.Delete(s)</c>, <c>using</c>.</summary>
    Release,

    /// <summary>Hands it off or lets it out of sight (returned, stored, passed on, captured, aliased): not our leak to report.</summary>
    Escape,
}

internal readonly struct SessionUse
{
    private SessionUse(SessionUseKind kind, IOperation? releasingOperation)
    {
        Kind = kind;
        ReleasingOperation = releasingOperation;
    }

    public static SessionUse Neutral => new(SessionUseKind.Neutral, null);

    public static SessionUse Escape => new(SessionUseKind.Escape, null);

    public SessionUseKind Kind { get; }

    /// <summary>For a release: the operation that releases (the invocation, or the using statement/declaration whose
    /// end releases), which the path analysis locates among the statements.</summary>
    public IOperation? ReleasingOperation { get; }

    public static SessionUse Release(IOperation releasingOperation) => new(SessionUseKind.Release, releasingOperation);
}
