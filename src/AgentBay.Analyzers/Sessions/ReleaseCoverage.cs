namespace AgentBay.Analyzers.Sessions;

/// <summary>The verdict of the path analysis for a session that is released somewhere.</summary>
internal enum ReleaseCoverage
{
    /// <summary>Every normal way out of the scope (falling off its end, return, break, continue) releases it.</summary>
    AllPaths,

    /// <summary>Some normal way out does not release it (AGB2003).</summary>
    SomePaths,

    /// <summary>The code does something the analysis does not follow (goto, releases in loops, conditional
    /// expressions around the release): stay quiet.</summary>
    Unknown,
}
