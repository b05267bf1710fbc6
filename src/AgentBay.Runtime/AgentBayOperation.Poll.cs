using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace AgentBay.Runtime;

public static partial class AgentBayOperation
{
    /// <summary>
    /// Waits for <paramref name="behavior"/>'s poll about <paramref name="sessionId"/> without sending a request first:
    /// what a spec's <c>after</c> runs once an operation succeeded (the SDKs' wait for a new session's context
    /// downloads). A wait that fails or times out is logged as a warning and returned, never thrown; cancellation throws.
    /// </summary>
    /// <param name="transport">The transport to poll through.</param>
    /// <param name="behavior">Its <see cref="OperationBehavior.Poll"/> says what to poll and until when.</param>
    /// <param name="sessionId">The session the poll asks about.</param>
    /// <param name="async">False on the synchronous path.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public static async ValueTask<OperationOutcome> WaitAfterAsync(AgentBayTransport transport, OperationBehavior behavior, string sessionId,
        bool async, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(behavior);
        PollBehavior poll = behavior.Poll ?? throw new ArgumentException("The behavior has no poll to wait for.", nameof(behavior));
        PollPlan plan = PollPlan.Create(poll, null, null);
        using var started = new OperationOutcome { Success = true };
        OperationOutcome outcome = await PollAsync(transport, plan, started, sessionId, async, cancellationToken).ConfigureAwait(false);
        if (!outcome.Success)
        {
            transport.Logger.LogWarning("Waiting for {Action} of session {SessionId} did not succeed: {Error}", poll.Action, sessionId, outcome.ErrorMessage);
        }
        return outcome;
    }

    /// <summary>
    /// Polls until a status in <see cref="PollBehavior.Until"/>, a failure, or the timeout. Like the official SDKs it
    /// polls at once (the service reports PAUSING/DELETING synchronously), then after every interval while the elapsed
    /// time is below the timeout.
    /// </summary>
    private static async ValueTask<OperationOutcome> PollAsync(AgentBayTransport transport, PollPlan plan, OperationOutcome primary,
        string sessionId, bool async, CancellationToken cancellationToken)
    {
        PollBehavior poll = plan.Behavior;
        TimeProvider clock = transport.TimeProvider;
        long started = clock.GetTimestamp();
        while (clock.GetElapsedTime(started) is var elapsed && elapsed < plan.Timeout)
        {
            OperationOutcome? finished = await PollOnceAsync(transport, plan, primary, sessionId, plan.Timeout - elapsed, async, cancellationToken)
                .ConfigureAwait(false);
            if (finished is not null)
            {
                return finished;
            }
            if (clock.GetElapsedTime(started) >= plan.Timeout)
            {
                break; // no wait once the time is up
            }
            await WaitAsync(clock, plan.Interval, async, cancellationToken).ConfigureAwait(false);
        }

        return new OperationOutcome
        {
            Success = false,
            RequestId = primary.RequestId,
            ErrorMessage = poll.TimeoutMessage
                .Replace("{timeout}", FormatSeconds(plan.Timeout), StringComparison.Ordinal)
                .Replace("{sessionId}", sessionId, StringComparison.Ordinal),
            Status = poll.TimeoutStatus,
            Body = primary.Body,
            Data = primary.Data,
            Response = primary.Response,
        };
    }

    /// <summary>One poll, cut off when the operation's <paramref name="remaining"/> time runs out; null means "keep polling".</summary>
    private static async ValueTask<OperationOutcome?> PollOnceAsync(AgentBayTransport transport, PollPlan plan,
        OperationOutcome primary, string sessionId, TimeSpan remaining, bool async, CancellationToken cancellationToken)
    {
        PollBehavior poll = plan.Behavior;
        var request = new AgentBayRequest(poll.Action) { Idempotent = poll.Idempotent };
        if (poll.SessionIdParameter is { } sessionIdParameter)
        {
            request.Add(sessionIdParameter, sessionId, poll.SessionIdLocation);
        }
        for (int i = 0; i < poll.Parameters.Count; i++)
        {
            if (plan.ParameterValues[i] is { } value)
            {
                request.Add(poll.Parameters[i], value);
            }
        }

        AgentBayResponse reply;
        // A poll's own per-request timeout (and its retries) may outlast the operation's timeout: the latter wins.
        using var deadline = new CancellationTokenSource(remaining, transport.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            reply = await transport.SendAsync(request, async, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The loop sees the time is up and reports the operation's timeout.
            return null;
        }
        catch (OperationCanceledException exception) when (cancellationToken.IsCancellationRequested && exception.CancellationToken != cancellationToken)
        {
            // The transport saw the linked token; the caller must see its own.
            throw new OperationCanceledException(exception.Message, exception, cancellationToken);
        }
        catch (AgentBayException exception)
        {
            return PollError(poll, primary, NotFound.Matches(exception), exception.Message,
                exception.Code, exception.Message, exception.HttpStatusCode);
        }

        // Every outcome below points into the primary reply; this one is read here and let go.
        using (reply)
        {
            if (!reply.Success)
            {
                return PollError(poll, primary, reply.IsNotFound, transport.Redact(reply.ErrorText),
                    reply.Code, RedactedMessage(transport, reply), ReportedStatus(reply));
            }
            if (poll.StatusPath.Contains('*', StringComparison.Ordinal))
            {
                return PollStatuses(poll, primary, reply.Body);
            }
            string? status = WireReader.ReadString(WireReader.Select(reply.Body, poll.StatusPath));
            return PollStatus(poll, primary, status, reply.Body);
        }
    }

    /// <summary>Many statuses (one per task): done when each is final, failed when a final one is in the failed list.</summary>
    private static OperationOutcome? PollStatuses(PollBehavior poll, OperationOutcome primary, System.Text.Json.JsonElement body)
    {
        var elements = new List<System.Text.Json.JsonElement>();
        WireReader.SelectAll(body, poll.StatusPath, elements);
        string? failed = null;
        foreach (System.Text.Json.JsonElement element in elements)
        {
            string? status = WireReader.ReadString(element);
            if (status is null)
            {
                continue;
            }
            if (Contains(poll.Failed, status))
            {
                failed ??= status;
                continue;
            }
            if (!Contains(poll.Until, status))
            {
                // Not final yet: wait for it, or fail at once on a status the spec does not expect.
                return Contains(poll.While, status) || !poll.OtherStatusFails ? null : Unexpected(primary, status);
            }
        }
        return failed is null ? Finished(primary, poll.Until.Count > 0 ? poll.Until[0] : null) : FailedStatus(poll, primary, failed, body);
    }

    private static OperationOutcome? PollStatus(PollBehavior poll, OperationOutcome primary, string? status, System.Text.Json.JsonElement body)
    {
        if (status is not null && Contains(poll.Until, status))
        {
            return Finished(primary, status);
        }
        if (status is not null && Contains(poll.Failed, status))
        {
            return FailedStatus(poll, primary, status, body);
        }
        if ((status is not null && Contains(poll.While, status)) || !poll.OtherStatusFails)
        {
            return null;
        }
        return Unexpected(primary, status);
    }

    private static OperationOutcome Unexpected(OperationOutcome primary, string? status) => new()
    {
        Success = false,
        RequestId = primary.RequestId,
        ErrorMessage = $"unexpected status '{status}'",
        Status = status,
        Body = primary.Body,
        Data = primary.Data,
        Response = primary.Response,
    };

    /// <summary>A final status that means failure, with the reasons the reply gives (e.g. each failed task's message).</summary>
    private static OperationOutcome FailedStatus(PollBehavior poll, OperationOutcome primary, string status, System.Text.Json.JsonElement body)
    {
        var reasons = new List<string>();
        if (poll.ReasonsPath is { } reasonsPath)
        {
            var elements = new List<System.Text.Json.JsonElement>();
            WireReader.SelectAll(body, reasonsPath, elements);
            foreach (System.Text.Json.JsonElement element in elements)
            {
                if (WireReader.ReadString(element) is { Length: > 0 } reason && !reasons.Contains(reason))
                {
                    reasons.Add(reason);
                }
            }
        }
        return new OperationOutcome
        {
            Success = false,
            RequestId = primary.RequestId,
            ErrorMessage = reasons.Count == 0 ? $"status '{status}'" : $"status '{status}': {string.Join("; ", reasons)}",
            Status = status,
            Body = primary.Body,
            Data = primary.Data,
            Response = primary.Response,
        };
    }

    private static OperationOutcome? PollError(PollBehavior poll, OperationOutcome primary, bool notFound, string error,
        string? code, string? message, int? httpStatusCode)
    {
        if (notFound && poll.NotFoundSucceeds)
        {
            // The resource is gone, which is what a delete waits for; there is no status to report.
            return Finished(primary, status: null);
        }
        if (!notFound && poll.ContinueOnError)
        {
            return null;
        }
        return new OperationOutcome
        {
            Success = false,
            RequestId = primary.RequestId,
            ErrorMessage = error,
            Code = code,
            Message = message,
            HttpStatusCode = httpStatusCode,
            Body = primary.Body,
            Data = primary.Data,
            Response = primary.Response,
        };
    }

    private static OperationOutcome Finished(OperationOutcome primary, string? status) => new()
    {
        Success = true,
        RequestId = primary.RequestId,
        Code = primary.Code,
        Message = primary.Message,
        HttpStatusCode = primary.HttpStatusCode,
        Status = status,
        Body = primary.Body,
        Data = primary.Data,
        Response = primary.Response,
    };

    private static bool Contains(IReadOnlyList<string> statuses, string status)
    {
        foreach (string candidate in statuses)
        {
            if (string.Equals(candidate, status, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
