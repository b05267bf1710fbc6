namespace AgentBay.Emulator.Sessions;

/// <summary>Wire values of a session's status (the SDK's SessionStatus enum plus FINISH of GetSessionDetail).</summary>
internal static class SessionStatus
{
    public const string Running = "RUNNING";
    public const string Pausing = "PAUSING";
    public const string Paused = "PAUSED";
    public const string Resuming = "RESUMING";
    public const string Deleting = "DELETING";
    public const string Deleted = "DELETED";

    /// <summary>What GetSessionDetail reports for a session that is gone.</summary>
    public const string Finish = "FINISH";

    /// <summary>Values ListSession accepts as its Status filter.</summary>
    public static readonly string[] Filterable = [Running, Pausing, Paused, Resuming, Deleting, Deleted];
}
