namespace AgentBay.Analyzers;

/// <summary>The ids of the AgentBay usage diagnostics; the code fixes and tests refer to them by name.</summary>
public static class AgentBayDiagnosticIds
{
    public const string ArgumentOutOfRange = "AGB2001";
    public const string SessionNeverReleased = "AGB2002";
    public const string SessionNotReleasedOnAllPaths = "AGB2003";
    public const string ToolHasTypedWrapper = "AGB2004";
    public const string UnknownToolName = "AGB2005";
}
