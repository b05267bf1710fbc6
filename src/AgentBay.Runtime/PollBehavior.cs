using System;
using System.Collections.Generic;

namespace AgentBay.Runtime;

/// <summary>A long-running operation: after the call, poll an action until a status field reaches a value.</summary>
public sealed class PollBehavior
{
    /// <summary>The action sent on every poll, e.g. <c>GetSession</c> or <c>GetSessionDetail</c>.</summary>
    public string Action { get; init; } = "";

    /// <summary>Name of the parameter that carries the session id in the poll request.</summary>
    public string SessionIdParameter { get; init; } = "SessionId";

    /// <summary>Where the session id goes in the poll request (GetSessionDetail wants it in the query).</summary>
    public ParameterLocation SessionIdLocation { get; init; }

    /// <summary>Path of the status in the poll reply, e.g. <c>Data.Status</c>.</summary>
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
