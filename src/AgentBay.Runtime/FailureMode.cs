namespace AgentBay.Runtime;

/// <summary>What an operation does on failure.</summary>
public enum FailureMode
{
    /// <summary>Return a result with Success=false and ErrorMessage (the seed's default).</summary>
    Result,
    /// <summary>Throw <see cref="SessionException"/> (set_labels, get_labels, info, get_link).</summary>
    Throw,
    /// <summary>Let transport exceptions escape unchanged (list_mcp_tools).</summary>
    Propagate,
}
