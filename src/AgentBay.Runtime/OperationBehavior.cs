namespace AgentBay.Runtime;

/// <summary>How an operation maps a response to an outcome; one static instance per generated operation.</summary>
public sealed class OperationBehavior
{
    /// <summary>What happens when the call fails: a failed result, a <see cref="SessionException"/>, or the raw exception.</summary>
    public FailureMode Failure { get; init; }

    /// <summary>Message template on failure; <c>{sessionId}</c> and <c>{error}</c> are replaced.</summary>
    public string? FailureMessage { get; init; }

    /// <summary>Result message when the service says "not found" (the outcome is a failed result, never thrown).</summary>
    public string? NotFoundMessage { get; init; }

    /// <summary>Path of <see cref="OperationOutcome.Data"/> in the body, e.g. <c>Data.Url</c>; JSON strings on the way are parsed.</summary>
    public string? DataPath { get; init; }

    /// <summary>A path that must hold a non-empty value, else the outcome fails with <see cref="RequireMessage"/>.</summary>
    public string? RequirePath { get; init; }

    /// <summary>Message of the failed outcome when <see cref="RequirePath"/> is empty; <c>{sessionId}</c> is replaced.</summary>
    public string? RequireMessage { get; init; }

    /// <summary>Whether a 200 reply with Success:false fails the operation (some seed operations ignore it).</summary>
    public bool CheckSuccess { get; init; } = true;

    /// <summary>Status reported by a successful call without polling (e.g. PAUSING for a fire-and-return pause).</summary>
    public string? Status { get; init; }

    /// <summary>Polling done after a successful call, or null for a single call.</summary>
    public PollBehavior? Poll { get; init; }

    /// <summary>
    /// The call may be retried after a transient failure (spec: <c>idempotent: true</c>); see
    /// <see cref="AgentBayRetryOptions"/>.
    /// </summary>
    public bool Idempotent { get; init; }

    /// <summary>
    /// For a call that creates something and must never create it twice (CreateMcpSession): the label that marks what
    /// one call created, so an ambiguous failure can be resolved by listing instead of blindly sending again.
    /// </summary>
    public ClientTokenBehavior? ClientToken { get; init; }

    /// <summary>
    /// For the operation that creates a session (the client's create): the path of the new session's id in the reply.
    /// While somebody listens to <c>agentbay.sessions.active</c> or <c>agentbay.session.duration</c>, a success counts
    /// the session as live, by its image, until an operation with <see cref="EndsSession"/> deletes it.
    /// </summary>
    public string? CreatedSessionIdPath { get; init; }

    /// <summary>The operation deletes its session (the session's dispose operation): success ends it for telemetry.</summary>
    public bool EndsSession { get; init; }
}
