using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Reflection;
using System.Text.Json;

namespace AgentBay.Runtime;

/// <summary>
/// The names under which AgentBay clients publish traces and metrics: one <see cref="ActivitySource"/> and one
/// <see cref="Meter"/>, both named <see cref="SourceName"/>. Wire them with OpenTelemetry's
/// <c>.AddSource(AgentBayTelemetry.SourceName)</c> and <c>.AddMeter(AgentBayTelemetry.MeterName)</c>; see
/// docs/telemetry.md for every activity, tag and instrument.
/// </summary>
/// <remarks>
/// Nothing is recorded, and nothing is allocated for telemetry, while nobody listens. The API key, request parameters
/// (form values, tool arguments) and service messages are never recorded.
/// </remarks>
public static class AgentBayTelemetry
{
    /// <summary>Name of the <see cref="ActivitySource"/>: one Client activity per RPC request, named after its action.</summary>
    public const string SourceName = "AgentBay";

    /// <summary>Name of the <see cref="Meter"/> of request, tool and session instruments.</summary>
    public const string MeterName = "AgentBay";

    /// <summary>Tag: the RPC action, e.g. <c>CreateMcpSession</c>.</summary>
    public const string ActionTag = "agentbay.action";

    /// <summary>Tag: the MCP tool a CallMcpTool request calls, e.g. <c>shell</c>.</summary>
    public const string ToolTag = "agentbay.tool";

    /// <summary>Tag: how a request or tool call ended (see the outcome constants of this class).</summary>
    public const string OutcomeTag = "agentbay.outcome";

    /// <summary>Tag: the service's <c>RequestId</c> of the reply (activities only: it is unique per request).</summary>
    public const string RequestIdTag = "agentbay.request_id";

    /// <summary>Tag: how many times the request was sent again after a transient failure.</summary>
    public const string RetriesTag = "agentbay.retries";

    /// <summary>Tag: the image a session was created from (<c>ImageId</c>), or <c>default</c> when none was given.</summary>
    public const string ImageTag = "agentbay.image";

    /// <summary>Outcome: the service answered <c>Success:true</c> (for a tool: and the tool reported no error).</summary>
    public const string Success = "success";

    /// <summary>Outcome: an HTTP 2xx reply with <c>Success:false</c> (error.type is the service's <c>Code</c>).</summary>
    public const string ServiceError = "service_error";

    /// <summary>Outcome: the service answered with HTTP 4xx/5xx (error.type is the status code).</summary>
    public const string HttpError = "http_error";

    /// <summary>Outcome: no reply within the per-request timeout.</summary>
    public const string Timeout = "timeout";

    /// <summary>Outcome: the request could not be sent or its reply not read (connection refused, reset, DNS).</summary>
    public const string NetworkError = "network_error";

    /// <summary>Outcome: the caller's cancellation token was cancelled.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Outcome: a reply the client could not read (a 2xx body that is not JSON, a tool result without data).</summary>
    public const string InvalidResponse = "invalid_response";

    /// <summary>Outcome of a tool call only: the service ran the tool and the tool reported an error (<c>isError</c>).</summary>
    public const string ToolError = "tool_error";

    /// <summary>Outcome: any other failure (error.type is the exception's type).</summary>
    public const string Error = "error";

    /// <summary>The image tag of a session created without an <c>ImageId</c> (the service picks its default image).</summary>
    public const string DefaultImage = "default";

    /// <summary>The request parameter the image of a created session is read from.</summary>
    internal const string ImageParameter = "ImageId";

    /// <summary>The version of the runtime assembly (its informational version), reported as the source's and meter's version.</summary>
    internal static readonly string Version =
        typeof(AgentBayTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(AgentBayTelemetry).Assembly.GetName().Version?.ToString()
        ?? "0.0.0";

    internal static readonly ActivitySource Source = new(SourceName, Version);

    internal static readonly Meter Meter = new(MeterName, Version);

    internal static readonly Histogram<double> RequestDuration = Histogram(
        "agentbay.request.duration", "Duration of AgentBay RPC requests, retries and their waits included.",
        [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120]);

    internal static readonly Histogram<double> ToolDuration = Histogram(
        "agentbay.tool.duration", "Duration of MCP tool calls (CallMcpTool), from the request to the parsed result.",
        [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300]);

    internal static readonly UpDownCounter<long> SessionsActive = Meter.CreateUpDownCounter<long>(
        "agentbay.sessions.active", "{session}", "Sessions this process created and has not deleted yet.");

    internal static readonly Histogram<double> SessionDuration = Histogram(
        "agentbay.session.duration", "How long sessions lived, from their creation to their deletion.",
        [1, 10, 30, 60, 300, 600, 1800, 3600, 7200, 21600, 86400]);

    /// <summary>
    /// True when anybody listens to the source or the request histogram: only then does a request pay for telemetry.
    /// Two field reads when nobody does.
    /// </summary>
    internal static bool ObservesRequests => RequestDuration.Enabled || Source.HasListeners();

    internal static readonly ObservableCounter<double> SessionTime = Meter.CreateObservableCounter(
        "agentbay.session.time", SessionTelemetry.ObserveSessionTime, "s",
        "Session-seconds: how long the sessions this process created have lived so far (the live ones up to now), by image.");

    /// <summary>True when anybody listens to any session instrument.</summary>
    internal static bool ObservesSessions => SessionsActive.Enabled || SessionDuration.Enabled || SessionTime.Enabled;

    /// <summary>The outcome and error.type of a request that ended with <paramref name="exception"/>.</summary>
    internal static (string Outcome, string ErrorType) Classify(Exception exception)
    {
        switch (exception)
        {
            case OperationCanceledException:
                return (Cancelled, Cancelled);
            case AgentBayException failure:
                // A wrapper (a create whose listing failed too) is what it wraps.
                while (failure.InnerException is AgentBayException inner)
                {
                    failure = inner;
                }
                switch (failure.InnerException)
                {
                    case TimeoutException:
                        return (Timeout, Timeout);
                    case HttpRequestException http:
                        return (NetworkError, http.HttpRequestError == HttpRequestError.Unknown ? typeof(HttpRequestException).FullName! : SnakeCase(http.HttpRequestError));
                    case IOException io:
                        return (NetworkError, io.GetType().FullName!);
                    case JsonException:
                        return (InvalidResponse, InvalidResponse);
                }
                if (failure.HttpStatusCode is int status and (< 200 or > 299))
                {
                    return (HttpError, StatusText(status));
                }
                return failure.Code is { Length: > 0 } code ? (ServiceError, code) : (Error, failure.GetType().FullName!);
            default:
                return (Error, exception.GetType().FullName!);
        }
    }

    /// <summary>A status code as the string error.type carries; the common ones without allocating.</summary>
    internal static string StatusText(int status) => status switch
    {
        400 => "400",
        401 => "401",
        403 => "403",
        404 => "404",
        409 => "409",
        429 => "429",
        500 => "500",
        502 => "502",
        503 => "503",
        504 => "504",
        _ => status.ToString(CultureInfo.InvariantCulture),
    };

    // connection_error, name_resolution_error, ...: the values .NET's own HTTP client instrumentation uses.
    private static string SnakeCase(HttpRequestError error) => error switch
    {
        HttpRequestError.NameResolutionError => "name_resolution_error",
        HttpRequestError.ConnectionError => "connection_error",
        HttpRequestError.SecureConnectionError => "secure_connection_error",
        HttpRequestError.HttpProtocolError => "http_protocol_error",
        HttpRequestError.ExtendedConnectNotSupported => "extended_connect_not_supported",
        HttpRequestError.VersionNegotiationError => "version_negotiation_error",
        HttpRequestError.UserAuthenticationError => "user_authentication_error",
        HttpRequestError.ProxyTunnelError => "proxy_tunnel_error",
        HttpRequestError.InvalidResponse => "invalid_response",
        HttpRequestError.ResponseEnded => "response_ended",
        HttpRequestError.ConfigurationLimitExceeded => "configuration_limit_exceeded",
        _ => error.ToString(),
    };

    /// <summary>A histogram in seconds; from .NET 9 on with bucket boundaries fit for requests that take up to minutes.</summary>
    private static Histogram<double> Histogram(string name, string description, double[] boundaries)
#if NET9_0_OR_GREATER
        => Meter.CreateHistogram(name, "s", description, tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = boundaries });
#else
        => Meter.CreateHistogram<double>(name, "s", description);
#endif
}

/// <summary>
/// The telemetry of one logical request (its attempts and the waits between them): its activity, start time and retry
/// count. Created only while somebody listens, so a request that nobody observes allocates nothing for it.
/// </summary>
internal sealed class RequestTelemetry
{
    private readonly TimeProvider _clock;
    private readonly string _action;
    private readonly long _started;
    private readonly Activity? _activity;
    private int _retries;

    private RequestTelemetry(TimeProvider clock, string action, Activity? activity)
    {
        _clock = clock;
        _action = action;
        _activity = activity;
        _started = clock.GetTimestamp();
    }

    /// <summary>Starts the telemetry of <paramref name="request"/>, or returns null when nobody listens.</summary>
    internal static RequestTelemetry? Start(AgentBayTransport transport, AgentBayRequest request)
    {
        Activity? activity = AgentBayTelemetry.Source.HasListeners()
            ? AgentBayTelemetry.Source.StartActivity(request.Action, ActivityKind.Client)
            : null;
        if (activity is null && !AgentBayTelemetry.RequestDuration.Enabled)
        {
            return null;
        }
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(AgentBayTelemetry.ActionTag, request.Action);
            if (request.ToolName is { } tool)
            {
                activity.SetTag(AgentBayTelemetry.ToolTag, tool);
            }
            activity.SetTag("server.address", transport.BaseAddress.Host);
            activity.SetTag("server.port", transport.BaseAddress.Port);
        }
        return new RequestTelemetry(transport.TimeProvider, request.Action, activity);
    }

    /// <summary>Counts a retry (from the retry pipeline's OnRetry) and adds an <c>agentbay.retry</c> event.</summary>
    internal void Retried(int attempt, TimeSpan delay, Exception? failure)
    {
        _retries++;
        if (_activity is { IsAllDataRequested: true } activity)
        {
            var tags = new ActivityTagsCollection
            {
                { "agentbay.attempt", attempt },
                { "agentbay.retry.delay", delay.TotalSeconds },
            };
            if (failure is not null)
            {
                tags.Add("error.type", AgentBayTelemetry.Classify(failure).ErrorType);
            }
            activity.AddEvent(new ActivityEvent("agentbay.retry", tags: tags));
        }
    }

    /// <summary>Ends with a reply (2xx, <c>Success</c> true or false).</summary>
    internal void Stop(AgentBayResponse response)
    {
        if (response.Success)
        {
            End(AgentBayTelemetry.Success, null, response.HttpStatusCode, response.RequestId);
        }
        else
        {
            End(AgentBayTelemetry.ServiceError, response.Code is { Length: > 0 } code ? code : AgentBayTelemetry.ServiceError,
                response.HttpStatusCode, response.RequestId);
        }
    }

    /// <summary>Ends with a failure.</summary>
    internal void Stop(Exception exception)
    {
        (string outcome, string errorType) = AgentBayTelemetry.Classify(exception);
        End(outcome, errorType, (exception as AgentBayException)?.HttpStatusCode, (exception as AgentBayException)?.RequestId);
    }

    private void End(string outcome, string? errorType, int? status, string? requestId)
    {
        if (AgentBayTelemetry.RequestDuration.Enabled)
        {
            var tags = new TagList
            {
                { AgentBayTelemetry.ActionTag, _action },
                { AgentBayTelemetry.OutcomeTag, outcome },
            };
            if (errorType is not null)
            {
                tags.Add("error.type", errorType);
            }
            AgentBayTelemetry.RequestDuration.Record(_clock.GetElapsedTime(_started).TotalSeconds, tags);
        }

        if (_activity is not { } activity)
        {
            return;
        }
        if (activity.IsAllDataRequested)
        {
            activity.SetTag(AgentBayTelemetry.OutcomeTag, outcome);
            activity.SetTag(AgentBayTelemetry.RetriesTag, _retries);
            if (!string.IsNullOrEmpty(requestId))
            {
                activity.SetTag(AgentBayTelemetry.RequestIdTag, requestId);
            }
            if (status is int code)
            {
                activity.SetTag("http.response.status_code", code);
            }
            if (errorType is not null)
            {
                activity.SetTag("error.type", errorType);
                // The error's kind only: messages may carry service text that echoes what was sent.
                activity.SetStatus(ActivityStatusCode.Error, errorType);
            }
        }
        activity.Dispose();
    }
}

/// <summary>
/// The sessions a transport created while somebody listened to the session instruments: id → image and start time, so
/// their deletion can be counted against the right image and its lifetime measured, and so the session-time counter
/// can add the age of the ones still live.
/// </summary>
internal sealed class SessionTelemetry
{
    // Every tracker that holds live sessions (one per transport), for the session-time counter's callback.
    private static readonly ConcurrentDictionary<SessionTelemetry, byte> Trackers = new();

    // Seconds lived by sessions no longer tracked (deleted, or their transport disposed), by image. Guarded by Gate.
    private static readonly Dictionary<string, double> EndedSeconds = new(StringComparer.Ordinal);

    // Taken by whatever moves a session from live to ended, and by the counter's callback, so that a callback never
    // misses a session in the middle of that move: the counter must never go down.
    private static readonly object Gate = new();

    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, (string Image, long Started)> _live = new(StringComparer.Ordinal);

    internal SessionTelemetry(TimeProvider clock)
    {
        _clock = clock;
    }

    /// <summary>Notes a session created by <paramref name="request"/>.</summary>
    internal void Started(string sessionId, AgentBayRequest request)
    {
        string image = request.TryGet(AgentBayTelemetry.ImageParameter, out string value) && value.Length > 0 ? value : AgentBayTelemetry.DefaultImage;
        Trackers.TryAdd(this, 0);
        if (_live.TryAdd(sessionId, (image, _clock.GetTimestamp())))
        {
            AgentBayTelemetry.SessionsActive.Add(1, new TagList { { AgentBayTelemetry.ImageTag, image } });
        }
    }

    /// <summary>Notes the deletion of <paramref name="sessionId"/>; a session this transport did not see created is ignored.</summary>
    internal void Ended(string sessionId)
    {
        (string Image, long Started) session;
        double lived;
        lock (Gate)
        {
            if (!_live.TryRemove(sessionId, out session))
            {
                return;
            }
            lived = _clock.GetElapsedTime(session.Started).TotalSeconds;
            AddEnded(session.Image, lived);
        }
        var tags = new TagList { { AgentBayTelemetry.ImageTag, session.Image } };
        AgentBayTelemetry.SessionsActive.Add(-1, tags);
        AgentBayTelemetry.SessionDuration.Record(lived, tags);
    }

    /// <summary>
    /// The transport is disposed: its live sessions can no longer be deleted through it, so their time so far is kept
    /// and they stop counting (they may live on at the service; this process no longer knows).
    /// </summary>
    internal void TransportDisposed()
    {
        lock (Gate)
        {
            foreach (KeyValuePair<string, (string Image, long Started)> session in _live)
            {
                AddEnded(session.Value.Image, _clock.GetElapsedTime(session.Value.Started).TotalSeconds);
            }
            _live.Clear();
            Trackers.TryRemove(this, out _);
        }
    }

    /// <summary>The session-time counter's callback: seconds lived by every session counted so far, the live ones up to now, by image.</summary>
    internal static IEnumerable<Measurement<double>> ObserveSessionTime()
    {
        Dictionary<string, double> totals;
        lock (Gate)
        {
            totals = new Dictionary<string, double>(EndedSeconds, StringComparer.Ordinal);
            foreach (SessionTelemetry tracker in Trackers.Keys)
            {
                foreach ((string image, long started) in tracker._live.Values)
                {
                    totals[image] = totals.GetValueOrDefault(image) + tracker._clock.GetElapsedTime(started).TotalSeconds;
                }
            }
        }
        var measurements = new List<Measurement<double>>(totals.Count);
        foreach (KeyValuePair<string, double> total in totals)
        {
            measurements.Add(new Measurement<double>(total.Value, new KeyValuePair<string, object?>(AgentBayTelemetry.ImageTag, total.Key)));
        }
        return measurements;
    }

    private static void AddEnded(string image, double seconds)
        => EndedSeconds[image] = EndedSeconds.GetValueOrDefault(image) + seconds;
}
