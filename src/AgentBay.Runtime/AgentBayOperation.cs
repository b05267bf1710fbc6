using System;
using System.Runtime.CompilerServices;
using System.Globalization;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace AgentBay.Runtime;

/// <summary>Runs generated operations: send, map failures, poll.</summary>
/// <remarks>
/// Every method takes an <c>async</c> flag so one code path serves both the async and the sync methods of generated
/// clients: with <c>async</c> false nothing awaits an incomplete task (HTTP goes through <c>HttpMessageInvoker.Send</c>, waits
/// block on the TimeProvider), so the returned ValueTask is already completed and <see cref="EnsureCompleted{T}"/>
/// unwraps it without blocking on asynchronous work.
/// </remarks>
public static partial class AgentBayOperation
{
    /// <summary>
    /// Sends <paramref name="request"/> and maps the reply per <paramref name="behavior"/>; polls when the behavior
    /// says so, using <paramref name="timeout"/>/<paramref name="pollInterval"/> or the behavior's defaults and the
    /// transport's TimeProvider. Cancellation throws OperationCanceledException.
    /// </summary>
    /// <exception cref="SessionException">The call failed and the behavior's mode is <see cref="FailureMode.Throw"/>.</exception>
    /// <exception cref="AgentBayException">The call failed and the behavior's mode is <see cref="FailureMode.Propagate"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A negative timeout or a non-positive poll interval.</exception>
    public static ValueTask<OperationOutcome> InvokeAsync(AgentBayTransport transport, AgentBayRequest request, OperationBehavior behavior,
        string? sessionId, TimeSpan? timeout, TimeSpan? pollInterval, bool async, CancellationToken cancellationToken)
        => InvokeAsync(transport, request, behavior, sessionId, timeout, pollInterval, pollParameters: null, async, cancellationToken);

    /// <summary>
    /// Sends an operation's request and, when its behaviour polls, polls with <paramref name="pollParameters"/> as the
    /// values of <see cref="PollBehavior.Parameters"/> (e.g. the context id and path a sync was asked for).
    /// </summary>
    public static ValueTask<OperationOutcome> InvokeAsync(AgentBayTransport transport, AgentBayRequest request, OperationBehavior behavior,
        string? sessionId, TimeSpan? timeout, TimeSpan? pollInterval, string?[]? pollParameters, bool async, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(behavior);
        PollPlan? plan = behavior.Poll is null ? null : PollPlan.Create(behavior.Poll, timeout, pollInterval, pollParameters);
        ValueTask<OperationOutcome> pending = InvokeCoreAsync(transport, request, behavior, sessionId ?? "", plan, async, cancellationToken);
        // Session telemetry: a create counts while somebody listens; a delete only when a create was counted.
        return (behavior.CreatedSessionIdPath is not null && AgentBayTelemetry.ObservesSessions)
               || (behavior.EndsSession && transport.SessionsIfAny is not null)
            ? TrackSessionAsync(transport, request, behavior, sessionId ?? "", pending)
            : pending;
    }

    /// <summary>Notes the session a create made, or the end of the one a delete removed, once the operation succeeded.</summary>
    private static async ValueTask<OperationOutcome> TrackSessionAsync(AgentBayTransport transport, AgentBayRequest request,
        OperationBehavior behavior, string sessionId, ValueTask<OperationOutcome> pending)
    {
        OperationOutcome outcome = await pending.ConfigureAwait(false);
        if (!outcome.Success)
        {
            return outcome;
        }
        if (behavior.CreatedSessionIdPath is { } path)
        {
            if (WireReader.ReadString(WireReader.Select(outcome.Body, path)) is { Length: > 0 } created)
            {
                transport.Sessions.Started(created, request);
            }
        }
        else if (behavior.EndsSession && sessionId.Length > 0)
        {
            transport.SessionsIfAny?.Ended(sessionId);
        }
        return outcome;
    }

    /// <summary>
    /// Reads a result from an operation's outcome with <paramref name="read"/> and then disposes the outcome: at once,
    /// without an async state machine, when the outcome is already there (every sync call, and async calls that
    /// completed at once), else when it arrives. Failures come back in the task, as from an async method.
    /// </summary>
    /// <remarks>The generated core methods use it with a static <paramref name="read"/>, so nothing is captured.</remarks>
    public static ValueTask<TResult> ReadOutcome<TState, TResult>(ValueTask<OperationOutcome> pending, TState state,
        Func<TState, OperationOutcome, TResult> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (!pending.IsCompletedSuccessfully)
        {
            return ReadOutcomeAsync(pending, state, read);
        }
        try
        {
            using OperationOutcome outcome = pending.Result;
            return new ValueTask<TResult>(read(state, outcome));
        }
        catch (Exception exception)
        {
            return Failed<TResult>(exception);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<TResult> ReadOutcomeAsync<TState, TResult>(ValueTask<OperationOutcome> pending, TState state,
        Func<TState, OperationOutcome, TResult> read)
    {
        using OperationOutcome outcome = await pending.ConfigureAwait(false);
        return read(state, outcome);
    }

    /// <summary>
    /// The task an async method would return for <paramref name="exception"/>: cancelled for a cancellation of a token,
    /// faulted otherwise. Generated methods that read a finished outcome without an async state machine use it, so their
    /// callers see failures exactly as they would from an async method.
    /// </summary>
    public static ValueTask<T> Failed<T>(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception is OperationCanceledException { CancellationToken.IsCancellationRequested: true } cancelled
            ? ValueTask.FromCanceled<T>(cancelled.CancellationToken)
            : ValueTask.FromException<T>(exception);
    }

    /// <summary>Completes a ValueTask that is known to have run synchronously (the sync path of generated methods).</summary>
    /// <exception cref="InvalidOperationException">The task has not completed, i.e. the sync path went asynchronous.</exception>
    public static T EnsureCompleted<T>(this ValueTask<T> task)
    {
        if (!task.IsCompleted)
        {
            // Blocking here would be sync-over-async, with its thread-pool starvation and deadlock risks.
            throw new InvalidOperationException(
                "The operation did not complete synchronously; a synchronous AgentBay call must not reach asynchronous code.");
        }
        return task.GetAwaiter().GetResult();
    }

    private static ValueTask<OperationOutcome> InvokeCoreAsync(AgentBayTransport transport, AgentBayRequest request,
        OperationBehavior behavior, string sessionId, PollPlan? plan, bool async, CancellationToken cancellationToken)
    {
        if (behavior.Idempotent)
        {
            request.Idempotent = true;
        }
        ValueTask<AgentBayResponse> sending = behavior.ClientToken is { } clientToken
            ? CreateReconciliation.SendAsync(transport, request, clientToken, async, cancellationToken)
            : transport.SendAsync(request, async, cancellationToken);
        if (plan is null && sending.IsCompletedSuccessfully)
        {
            // The reply is already there (every sync call, and async calls that completed at once): read it without an
            // async state machine. Failures and polling take the awaiting path.
            try
            {
                return new ValueTask<OperationOutcome>(OutcomeOf(transport, behavior, sessionId, sending.Result));
            }
            catch (Exception exception)
            {
                return Failed<OperationOutcome>(exception);
            }
        }
        return AwaitOutcomeAsync(transport, sending, behavior, sessionId, plan, async, cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<OperationOutcome> AwaitOutcomeAsync(AgentBayTransport transport, ValueTask<AgentBayResponse> sending,
        OperationBehavior behavior, string sessionId, PollPlan? plan, bool async, CancellationToken cancellationToken)
    {
        AgentBayResponse response;
        try
        {
            response = await sending.ConfigureAwait(false);
        }
        catch (AgentBayException exception) when (behavior.Failure != FailureMode.Propagate || IsHandledNotFound(behavior, exception))
        {
            return FailFromException(behavior, sessionId, exception);
        }

        OperationOutcome outcome = OutcomeOf(transport, behavior, sessionId, response);
        // Only a call that succeeded goes on to poll; a refused one or one missing its required value is final.
        return plan is null || !outcome.Success
            ? outcome
            : await PollAsync(transport, plan, outcome, sessionId, async, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The outcome of a reply: the envelope's failure, a missing required value, or success with the data path selected.</summary>
    private static OperationOutcome OutcomeOf(AgentBayTransport transport, OperationBehavior behavior, string sessionId, AgentBayResponse response)
    {
        if (behavior.CheckSuccess && !response.Success)
        {
            try
            {
                return FailFromEnvelope(transport, behavior, sessionId, response);
            }
            catch
            {
                // The exception carries strings only; the reply is no longer needed.
                response.Dispose();
                throw;
            }
        }

        JsonElement data = behavior.DataPath is null ? default : WireReader.Select(response.Body, behavior.DataPath);
        if (behavior.RequirePath is not null && IsBlank(WireReader.Select(response.Body, behavior.RequirePath)))
        {
            return new OperationOutcome
            {
                Success = false,
                RequestId = response.RequestId,
                ErrorMessage = Fill(behavior.RequireMessage ?? $"{behavior.RequirePath} not found in response", sessionId, ""),
                Code = response.Code,
                Message = RedactedMessage(transport, response),
                HttpStatusCode = ReportedStatus(response),
                Body = response.Body,
                Data = data,
                Response = response,
            };
        }

        return new OperationOutcome
        {
            Success = true,
            RequestId = response.RequestId,
            Code = response.Code,
            Message = RedactedMessage(transport, response),
            HttpStatusCode = ReportedStatus(response),
            Status = behavior.Status,
            Body = response.Body,
            Data = data,
            Response = response,
        };
    }

    private static bool IsHandledNotFound(OperationBehavior behavior, AgentBayException exception)
        => behavior.NotFoundMessage is not null && NotFound.Matches(exception);

    private static OperationOutcome FailFromException(OperationBehavior behavior, string sessionId, AgentBayException exception)
    {
        string requestId = exception.RequestId ?? "";
        if (IsHandledNotFound(behavior, exception))
        {
            return new OperationOutcome
            {
                Success = false,
                RequestId = requestId,
                ErrorMessage = Fill(behavior.NotFoundMessage!, sessionId, exception.Message),
                Code = exception.Code,
                Message = exception.Message,
                HttpStatusCode = exception.HttpStatusCode,
            };
        }

        // Transport messages are already redacted, so they can be passed on as they are.
        string message = Fill(behavior.FailureMessage, sessionId, exception.Message);
        if (behavior.Failure == FailureMode.Throw)
        {
            throw new SessionException(message, exception.RequestId, exception.Code, exception.HttpStatusCode, exception);
        }
        return new OperationOutcome
        {
            Success = false,
            RequestId = requestId,
            ErrorMessage = message,
            Code = exception.Code,
            Message = exception.Message,
            HttpStatusCode = exception.HttpStatusCode,
        };
    }

    private static OperationOutcome FailFromEnvelope(AgentBayTransport transport, OperationBehavior behavior, string sessionId,
        AgentBayResponse response)
    {
        string error = transport.Redact(response.ErrorText);
        if (behavior.NotFoundMessage is not null && response.IsNotFound)
        {
            return FailedOutcome(transport, response, Fill(behavior.NotFoundMessage, sessionId, error));
        }

        string message = Fill(behavior.FailureMessage, sessionId, error);
        switch (behavior.Failure)
        {
            case FailureMode.Throw:
                throw new SessionException(message, response.RequestId, response.Code, response.HttpStatusCode);
            case FailureMode.Propagate:
                throw new ApiException(message, response.RequestId, response.Code, response.HttpStatusCode);
            default:
                return FailedOutcome(transport, response, message);
        }
    }

    private static OperationOutcome FailedOutcome(AgentBayTransport transport, AgentBayResponse response, string errorMessage) => new()
    {
        Success = false,
        RequestId = response.RequestId,
        ErrorMessage = errorMessage,
        Code = response.Code,
        Message = RedactedMessage(transport, response),
        HttpStatusCode = ReportedStatus(response),
        Body = response.Body,
        Response = response,
    };

    // Outcomes end up in results users log; a service message that echoes the key must not carry it there.
    private static string? RedactedMessage(AgentBayTransport transport, AgentBayResponse response)
        => response.Message is null ? null : transport.Redact(response.Message);

    // The SDK results report the envelope's own HttpStatusCode field (e.g. 400 inside a 200 reply).
    private static int ReportedStatus(AgentBayResponse response) => response.ReportedHttpStatusCode ?? response.HttpStatusCode;

    private static bool IsBlank(JsonElement element)
        => element.ValueKind switch
        {
            JsonValueKind.Undefined or JsonValueKind.Null => true,
            JsonValueKind.String => string.IsNullOrWhiteSpace(element.GetString()),
            _ => false,
        };

    /// <summary>Fills a message template; no template means the error text itself.</summary>
    private static string Fill(string? template, string sessionId, string error)
        => template is null
            ? error
            : template.Replace("{sessionId}", sessionId, StringComparison.Ordinal).Replace("{error}", error, StringComparison.Ordinal);

    /// <summary>Seconds as the SDK messages show them: <c>600</c>, <c>2.5</c>.</summary>
    private static string FormatSeconds(TimeSpan duration) => duration.TotalSeconds.ToString(CultureInfo.InvariantCulture);

    /// <summary>Waits <paramref name="delay"/> on <paramref name="clock"/>: Task.Delay when async, a blocking wait when not.</summary>
    internal static async ValueTask WaitAsync(TimeProvider clock, TimeSpan delay, bool async, CancellationToken cancellationToken)
    {
        if (async)
        {
            await Task.Delay(delay, clock, cancellationToken).ConfigureAwait(false);
            return;
        }
        cancellationToken.ThrowIfCancellationRequested();
        if (clock == TimeProvider.System)
        {
            if (cancellationToken.WaitHandle.WaitOne(delay))
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            return;
        }
        // A Thread.Sleep that follows the injected clock, so tests can drive it with a fake one.
        var elapsed = new ManualResetEventSlim(false);
        using (clock.CreateTimer(static state => ((ManualResetEventSlim)state!).Set(), elapsed, delay, Timeout.InfiniteTimeSpan))
        {
            elapsed.Wait(cancellationToken);
        }
        // The event is not disposed: a timer callback racing with the end of the wait may still set it.
    }
}
