using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace AgentBay.Runtime;

/// <summary>
/// The Polly retry pipelines of one transport: one for idempotent requests (every transient failure), one for the rest
/// (only failures where the request never left the client). Waits run on the options' TimeProvider, so tests drive
/// them with a fake clock, and observe the caller's cancellation token.
/// </summary>
internal sealed class RetryPipelines
{
    private readonly ResiliencePipeline _idempotent;
    private readonly ResiliencePipeline _others;

    private RetryPipelines(AgentBayRetryOptions options, TimeProvider clock, ILogger logger)
    {
        Options = options;
        _idempotent = Build(options, clock, logger, idempotent: true);
        _others = Build(options, clock, logger, idempotent: false);
    }

    /// <summary>A copy of the settings the pipelines were built from (later changes to the options do not apply).</summary>
    internal AgentBayRetryOptions Options { get; }

    /// <summary>Whether the pipeline for such a request retries after <paramref name="exception"/>.</summary>
    internal bool Handles(Exception exception, bool idempotent) => TransientFailure.ShouldRetry(exception, idempotent, Options.MaxDelay);

    /// <summary>Pipelines for <paramref name="options"/>, or null when retries are off.</summary>
    internal static RetryPipelines? Create(AgentBayRetryOptions? options, TimeProvider clock, ILogger logger)
    {
        if (options is null || !options.Enabled)
        {
            return null;
        }
        options.Validate();
        if (!options.IsActive)
        {
            return null;
        }
        var snapshot = new AgentBayRetryOptions
        {
            Enabled = true,
            MaxAttempts = options.MaxAttempts,
            BaseDelay = options.BaseDelay,
            MaxDelay = options.MaxDelay,
        };
        return new RetryPipelines(snapshot, clock, logger);
    }

    /// <summary>
    /// Runs <paramref name="attempt"/> until it succeeds, fails for good, or runs out of attempts; the last failure is
    /// thrown as it was. With <paramref name="async"/> false every attempt and wait is synchronous.
    /// </summary>
    /// <remarks>With <c>telemetry</c> (the request's, while somebody listens) every retry is counted on it.</remarks>
    internal ValueTask<T> ExecuteAsync<T, TState>(string action, bool idempotent, TState state,
        Func<TState, bool, CancellationToken, ValueTask<T>> attempt, bool async, CancellationToken cancellationToken,
        RequestTelemetry? telemetry = null)
    {
        ResiliencePipeline pipeline = idempotent ? _idempotent : _others;
        if (async)
        {
            return ExecuteAsyncCore(pipeline, action, state, attempt, telemetry, cancellationToken);
        }

        ResilienceContext context = Context(action, telemetry, cancellationToken);
        try
        {
            return new ValueTask<T>(pipeline.Execute(
                static (context, s) => s.attempt(s.state, false, context.CancellationToken).EnsureCompleted(),
                context, (attempt, state)));
        }
        catch (Exception exception)
        {
            // Fail the way an async method would: a cancelled or faulted task rather than a throw from the call itself.
            return AgentBayOperation.Failed<T>(exception);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static async ValueTask<T> ExecuteAsyncCore<T, TState>(ResiliencePipeline pipeline, string action, TState state,
        Func<TState, bool, CancellationToken, ValueTask<T>> attempt, RequestTelemetry? telemetry, CancellationToken cancellationToken)
    {
        ResilienceContext context = Context(action, telemetry, cancellationToken);
        try
        {
            return await pipeline.ExecuteAsync(
                static (context, s) => s.attempt(s.state, true, context.CancellationToken),
                context, (attempt, state)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    // The pooled context of one execution; it carries the request's telemetry to OnRetry (Return clears its properties).
    private static ResilienceContext Context(string action, RequestTelemetry? telemetry, CancellationToken cancellationToken)
    {
        ResilienceContext context = ResilienceContextPool.Shared.Get(action, cancellationToken);
        if (telemetry is not null)
        {
            context.Properties.Set(TelemetryKey, telemetry);
        }
        return context;
    }

    private static readonly ResiliencePropertyKey<RequestTelemetry> TelemetryKey = new("AgentBay.RequestTelemetry");

    private static ResiliencePipeline Build(AgentBayRetryOptions options, TimeProvider clock, ILogger logger, bool idempotent)
    {
        TimeSpan maxDelay = options.MaxDelay;
        var retry = new RetryStrategyOptions
        {
            MaxRetryAttempts = options.MaxAttempts - 1,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.BaseDelay,
            MaxDelay = maxDelay,
            ShouldHandle = args => new ValueTask<bool>(
                args.Outcome.Exception is { } exception && TransientFailure.ShouldRetry(exception, idempotent, maxDelay)),
            // The service knows best how long it needs: its Retry-After replaces the computed backoff.
            DelayGenerator = static args => new ValueTask<TimeSpan?>(
                args.Outcome.Exception is AgentBayException { RetryAfter: { } wait } ? wait : null),
            OnRetry = args =>
            {
                if (args.Context.Properties.TryGetValue(TelemetryKey, out RequestTelemetry? telemetry))
                {
                    telemetry.Retried(args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception);
                }
                if (logger.IsEnabled(LogLevel.Warning))
                {
                    // Exception messages built by the transport are redacted; the exception object itself is not logged.
                    TransportLog.Retrying(logger, args.Context.OperationKey ?? "", args.AttemptNumber + 1,
                        args.RetryDelay.TotalMilliseconds, args.Outcome.Exception?.Message ?? "", null);
                }
                return default;
            },
        };
        return new ResiliencePipelineBuilder { TimeProvider = clock }.AddRetry(retry).Build();
    }
}
