namespace AgentBay.Emulator;

/// <summary>A failure the emulator's fault mode can inject into a reply (see <see cref="FaultOptions"/>).</summary>
public enum FaultKind
{
    /// <summary>HTTP 500, Code <c>InternalError</c>.</summary>
    InternalError,

    /// <summary>HTTP 503, Code <c>ServiceUnavailable</c>.</summary>
    ServiceUnavailable,

    /// <summary>HTTP 429, Code <c>Throttling.User</c>, with <c>Retry-After</c> (seconds) and <c>x-acs-retry-after</c> (ms).</summary>
    Throttled,

    /// <summary>The connection is aborted without a reply.</summary>
    ConnectionReset,

    /// <summary>The reply is held back for <see cref="FaultOptions.Delay"/> (the rule's own delay when it has one), then sent.</summary>
    Delay,

    /// <summary>HTTP 200 with a JSON body cut off in the middle.</summary>
    MalformedJson,

    /// <summary>HTTP 200 with <c>Success:false</c>, Code <c>InjectedFault</c>.</summary>
    Refused,
}

/// <summary>When a fault strikes relative to the action it replaces.</summary>
public enum FaultPhase
{
    /// <summary>Before the action runs: nothing happened (for <see cref="FaultKind.Delay"/>: the action runs after the wait).</summary>
    BeforeAction,

    /// <summary>
    /// After the action ran: its effect stays but the reply is lost or replaced (a session created, its id never
    /// delivered). For <see cref="FaultKind.Delay"/>: the real reply is sent late.
    /// </summary>
    AfterAction,
}
