using System;
using System.Collections.Generic;

namespace AgentBay.Runtime;

/// <summary>A long-running operation: after the call, poll an action until a status field reaches a value.</summary>
public sealed class PollBehavior
{
    /// <summary>The action sent on every poll, e.g. <c>GetSession</c> or <c>GetSessionDetail</c>.</summary>
    public string Action { get; init; } = "";

    /// <summary>Name of the parameter that carries the session id in the poll request; null sends no session id.</summary>
    public string? SessionIdParameter { get; init; } = "SessionId";

    /// <summary>
    /// Names of further parameters of every poll request, whose values the operation's caller gave (e.g. the
    /// <c>ContextId</c> and <c>Path</c> a sync was asked for); passed per call, in this order, to
    /// <see cref="AgentBayOperation.InvokeAsync(AgentBayTransport, AgentBayRequest, OperationBehavior, string?, TimeSpan?, TimeSpan?, string?[], bool, System.Threading.CancellationToken)"/>.
    /// A null value is not sent.
    /// </summary>
    public IReadOnlyList<string> Parameters { get; init; } = Array.Empty<string>();

    /// <summary>Statuses that end polling with a failure (e.g. a task that <c>Failed</c>).</summary>
    public IReadOnlyList<string> Failed { get; init; } = Array.Empty<string>();

    /// <summary>
    /// Path of the texts that explain a failed status (e.g. each task's <c>errorMessage</c>); the non-empty ones are
    /// appended to the failure message. Null: none.
    /// </summary>
    public string? ReasonsPath { get; init; }

    /// <summary>Where the session id goes in the poll request (GetSessionDetail wants it in the query).</summary>
    public ParameterLocation SessionIdLocation { get; init; }

    /// <summary>
    /// Path of the status in the poll reply, e.g. <c>Data.Status</c>. With a <c>*</c> segment it selects many statuses
    /// (one per task): polling ends when every one is in <see cref="Until"/> or <see cref="Failed"/>, and succeeds when
    /// none is in <see cref="Failed"/>; no status at all is success (nothing left to wait for).
    /// </summary>
    public string StatusPath { get; init; } = "";

    /// <summary>Statuses that end the poll with success.</summary>
    public IReadOnlyList<string> Until { get; init; } = Array.Empty<string>();

    /// <summary>Statuses that keep polling.</summary>
    public IReadOnlyList<string> While { get; init; } = Array.Empty<string>();

    /// <summary>True: a status in neither list fails at once. False: it keeps polling.</summary>
    public bool OtherStatusFails { get; init; }

    /// <summary>True: "not found" ends the poll with success (delete). False: it fails the operation.</summary>
    public bool NotFoundSucceeds { get; init; }

    /// <summary>True: a failed poll request is ignored and polling continues until the timeout.</summary>
    public bool ContinueOnError { get; init; }

    /// <summary>How long to poll when the caller passes no timeout.</summary>
    public TimeSpan DefaultTimeout { get; init; }

    /// <summary>Wait between polls when the caller passes no interval.</summary>
    public TimeSpan DefaultInterval { get; init; }

    /// <summary>Timeout message template; <c>{timeout}</c> (seconds) and <c>{sessionId}</c> are replaced.</summary>
    public string TimeoutMessage { get; init; } = "Timed out after {timeout} seconds";

    /// <summary>Status reported when the poll times out (e.g. PAUSING).</summary>
    public string? TimeoutStatus { get; init; }

    /// <summary>A poll request may be retried after a transient failure (spec: <c>poll.idempotent: true</c>).</summary>
    public bool Idempotent { get; init; }
}
