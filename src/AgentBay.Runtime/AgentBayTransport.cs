using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentBay.Runtime;

/// <summary>The HTTP side of a client: encodes requests exactly as the official SDKs do and parses envelopes.</summary>
/// <remarks>
/// The wire format is the Alibaba Cloud RPC style without a signature: POST to the endpoint's root with the common
/// parameters in the query, the action's parameters form-encoded in the body, and the API key as the ordinary
/// parameter <c>Authorization=Bearer &lt;key&gt;</c>. The transport is thread-safe; share one per client.
/// </remarks>
public sealed class AgentBayTransport : IDisposable
{
    internal const string MissingApiKeyMessage =
        "API key is required. Provide it as a parameter or set the AGENTBAY_API_KEY environment variable";

    private const string FormContentType = "application/x-www-form-urlencoded";
    private const string UrlNonce = "&SignatureNonce=";
    // 2026-11-24T07%3A30%3A00Z: the timestamp with its two colons escaped.
    private const int EscapedTimestampLength = 24;
    // A GUID as 32 hex digits.
    private const int NonceLength = 32;
    private const int MaxBodyExcerptLength = 200;

    // What requests are sent through: the caller's HttpClient or HttpMessageInvoker, or an invoker over a handler the
    // transport owns. A plain invoker goes straight to its handler; an HttpClient adds its own cancellation source per
    // request (it links our timeout token to its pending-requests token), its default headers and its Timeout, and is
    // sent through with ResponseHeadersRead so that it does not buffer the body (ReplyBody reads it, under the
    // per-request timeout).
    private readonly HttpMessageInvoker _invoker;
    private readonly bool _ownsInvoker;
    private readonly string _apiKey;
    // "Authorization=Bearer+<key>" escaped once: the key goes into every request, never into a log or a string we keep
    // beyond the transport itself.
    private readonly byte[] _authorizationFormPair;
    private readonly string _authorizationQueryPair;
    // Everything up to the action's name ("https://host/?Action="): the same for every request.
    private readonly string _urlPrefix;
    // "&Format=json&Version=<escaped version>&Timestamp=": the same for every request.
    private readonly string _urlCommon;
    private readonly TimeoutSourcePool _timeouts = new();
    private readonly ILogger _logger;
    private volatile bool _disposed;
    // The sessions created through this transport while somebody listened to the session instruments.
    private SessionTelemetry? _sessions;

    /// <summary>
    /// Creates a transport; a null <paramref name="httpClient"/> makes it create and own a handler (a
    /// <see cref="SocketsHttpHandler"/> that does not follow redirects).
    /// </summary>
    /// <param name="options">Key, endpoint, timeout and clock. The key, endpoint and clock are read once, here.</param>
    /// <param name="service">Default endpoint and API version from the spec.</param>
    /// <param name="httpClient">
    /// What to send through, not disposed by the transport: an <see cref="HttpClient"/> (e.g. from IHttpClientFactory),
    /// whose own <see cref="HttpClient.Timeout"/> still applies until the reply's headers arrive (give it a generous one),
    /// or an <see cref="HttpMessageInvoker"/> over a handler of your own, which skips HttpClient's per-request work.
    /// </param>
    /// <param name="logger">Receives one entry per request: action, request id, duration and outcome, never the key.</param>
    /// <exception cref="AuthenticationException">No API key in <paramref name="options"/>.</exception>
    /// <exception cref="ArgumentException">The endpoint is neither a host nor an http(s) URL.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The retry settings are out of range.</exception>
    public AgentBayTransport(AgentBayOptions options, AgentBayServiceInfo service, HttpMessageInvoker? httpClient = null, ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(service);
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            throw new AuthenticationException(MissingApiKeyMessage);
        }
        _apiKey = options.ApiKey;
        Options = options;
        Service = service;
        TimeProvider = options.TimeProvider ?? TimeProvider.System;
        BaseAddress = options.Endpoint is null
            ? EndpointAddress.Resolve(service.DefaultEndpoint, nameof(service))
            : EndpointAddress.Resolve(options.Endpoint, nameof(options));
        // Built once from the options as they are now, like the key and endpoint; null when retries are off.
        Retry = RetryPipelines.Create(options.Retry, TimeProvider, _logger);
        string authorization = "Bearer " + _apiKey;
        _authorizationFormPair = new byte[FormEncoding.PairLength(AgentBayRequest.AuthorizationParameter, authorization, spaceAsPlus: true)];
        FormEncoding.WritePair<byte>(AgentBayRequest.AuthorizationParameter, authorization, _authorizationFormPair, spaceAsPlus: true);
        var queryPair = new char[FormEncoding.PairLength(AgentBayRequest.AuthorizationParameter, authorization, spaceAsPlus: false)];
        FormEncoding.WritePair<char>(AgentBayRequest.AuthorizationParameter, authorization, queryPair, spaceAsPlus: false);
        _authorizationQueryPair = new string(queryPair);
        _urlPrefix = BaseAddress.AbsoluteUri + "?Action=";
        var version = new char[FormEncoding.EscapedLength(service.ApiVersion, spaceAsPlus: false)];
        FormEncoding.WriteEscaped<char>(service.ApiVersion, version, spaceAsPlus: false);
        _urlCommon = "&Format=json&Version=" + new string(version) + "&Timestamp=";
        if (httpClient is null)
        {
            _invoker = CreateOwnedInvoker();
            _ownsInvoker = true;
        }
        else
        {
            _invoker = httpClient;
        }
    }

    /// <summary>The options this transport was created with (the timeout is read from them on every request).</summary>
    public AgentBayOptions Options { get; }

    /// <summary>Default endpoint and API version of the service.</summary>
    public AgentBayServiceInfo Service { get; }

    /// <summary>The clock for timestamps, request timeouts and polling.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Scheme, host and port requests go to, e.g. <c>https://wuyingai.cn-shanghai.aliyuncs.com/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The retry pipelines, or null when retries are off.</summary>
    internal RetryPipelines? Retry { get; }

    /// <summary>The live sessions telemetry knows of; created with the first one.</summary>
    internal SessionTelemetry Sessions
        => _sessions ?? Interlocked.CompareExchange(ref _sessions, new SessionTelemetry(TimeProvider), null) ?? _sessions;

    /// <summary>The live sessions telemetry knows of, or null when it never saw one created.</summary>
    internal SessionTelemetry? SessionsIfAny => Volatile.Read(ref _sessions);

    /// <summary>The logger given at construction (a null logger when none was).</summary>
    internal ILogger Logger => _logger;

    /// <summary>
    /// Sends one request. HTTP 2xx returns the envelope (even with <c>Success:false</c>); 4xx/5xx throws
    /// <see cref="ApiException"/> (<see cref="AuthenticationException"/> for 401/403 and key errors); a network failure
    /// or per-request timeout throws <see cref="AgentBayException"/> with the cause as inner exception.
    /// With <paramref name="async"/> false the call is truly synchronous (HttpMessageInvoker.Send) and the task is completed.
    /// </summary>
    /// <remarks>
    /// Transient failures are retried per <see cref="AgentBayOptions.Retry"/>: any kind for a request marked
    /// <see cref="AgentBayRequest.Idempotent"/>, only "could not connect" for the others. Each attempt has its own
    /// per-request timeout; the last failure is the one thrown.
    /// </remarks>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ValueTask<AgentBayResponse> SendAsync(AgentBayRequest request, bool async, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (AgentBayTelemetry.ObservesRequests)
        {
            return SendObservedAsync(request, async, cancellationToken);
        }
        return _logger.IsEnabled(LogLevel.Information)
            ? SendLoggedAsync(request, retry: true, telemetry: null, async, cancellationToken)
            : SendRetriedAsync(request, telemetry: null, async, cancellationToken);
    }

    /// <summary>
    /// <see cref="SendAsync"/> while somebody listens to <see cref="AgentBayTelemetry"/>: one activity and one duration for
    /// the request, its retries and their waits. With <paramref name="async"/> false it completes synchronously.
    /// </summary>
    private async ValueTask<AgentBayResponse> SendObservedAsync(AgentBayRequest request, bool async, CancellationToken cancellationToken)
    {
        RequestTelemetry? telemetry = RequestTelemetry.Start(this, request);
        AgentBayResponse response;
        try
        {
            response = await (_logger.IsEnabled(LogLevel.Information)
                    ? SendLoggedAsync(request, retry: true, telemetry, async, cancellationToken)
                    : SendRetriedAsync(request, telemetry, async, cancellationToken))
                .ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            telemetry?.Stop(exception);
            throw;
        }
        telemetry?.Stop(response);
        return response;
    }

    /// <summary>Sends exactly once (logged like any request): for callers that run their own retry loop.</summary>
    internal ValueTask<AgentBayResponse> SendOnceAsync(AgentBayRequest request, bool async, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _logger.IsEnabled(LogLevel.Information)
            ? SendLoggedAsync(request, retry: false, telemetry: null, async, cancellationToken)
            : SendCoreAsync(request, async, cancellationToken);
    }

    private ValueTask<AgentBayResponse> SendRetriedAsync(AgentBayRequest request, RequestTelemetry? telemetry, bool async, CancellationToken cancellationToken)
    {
        ValueTask<AgentBayResponse> first = SendCoreAsync(request, async, cancellationToken);
        // Most requests succeed at once, so the first attempt is made directly and a success is returned as it is; the
        // retry pipeline is entered only with a failure it would retry (see RetryAfterFirstAsync).
        return Retry is null || first.IsCompletedSuccessfully ? first : RetryAfterFirstAsync(Retry, request, first, telemetry, async, cancellationToken);
    }

    /// <summary>
    /// Waits for the first attempt and, when it fails in a way the pipeline retries, hands that failure to the pipeline as
    /// the outcome of its own first attempt: attempt counting, delays (Retry-After included) and retry logging are
    /// therefore exactly the pipeline's.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<AgentBayResponse> RetryAfterFirstAsync(RetryPipelines retry, AgentBayRequest request,
        ValueTask<AgentBayResponse> firstAttempt, RequestTelemetry? telemetry, bool async, CancellationToken cancellationToken)
    {
        AgentBayException firstFailure;
        try
        {
            return await firstAttempt.ConfigureAwait(false);
        }
        catch (AgentBayException exception) when (retry.Handles(exception, request.Idempotent))
        {
            firstFailure = exception;
        }
        var attempts = new AttemptsAfterFailure(this, request, firstFailure);
        return await retry.ExecuteAsync(request.Action, request.Idempotent, attempts,
            static (attempts, async, token) => attempts.NextAsync(async, token), async, cancellationToken, telemetry).ConfigureAwait(false);
    }

    /// <summary>Replays the failure of the attempt already made, then sends for real.</summary>
    private sealed class AttemptsAfterFailure(AgentBayTransport transport, AgentBayRequest request, AgentBayException firstFailure)
    {
        private AgentBayException? _replay = firstFailure;

        public ValueTask<AgentBayResponse> NextAsync(bool async, CancellationToken cancellationToken)
        {
            AgentBayException? replay = Interlocked.Exchange(ref _replay, null);
            return replay is null
                ? transport.SendCoreAsync(request, async, cancellationToken)
                : ValueTask.FromException<AgentBayResponse>(replay);
        }
    }

    private async ValueTask<AgentBayResponse> SendLoggedAsync(AgentBayRequest request, bool retry, RequestTelemetry? telemetry, bool async,
        CancellationToken cancellationToken)
    {
        long started = TimeProvider.GetTimestamp();
        try
        {
            AgentBayResponse response = await (retry ? SendRetriedAsync(request, telemetry, async, cancellationToken) : SendCoreAsync(request, async, cancellationToken))
                .ConfigureAwait(false);
            double elapsed = TimeProvider.GetElapsedTime(started).TotalMilliseconds;
            if (response.Success)
            {
                TransportLog.Succeeded(_logger, request.Action, response.RequestId, elapsed, null);
            }
            else
            {
                TransportLog.Refused(_logger, request.Action, response.RequestId, elapsed, response.Code ?? "", null);
            }

            return response;
        }
        catch (AgentBayException exception)
        {
            // Messages built by this transport are already redacted; the exception itself is not logged (it may carry
            // server text) beyond its message.
            TransportLog.Failed(_logger, request.Action, exception.RequestId ?? "", TimeProvider.GetElapsedTime(started).TotalMilliseconds,
                exception.Code ?? "", exception.Message, null);
            throw;
        }
    }

    /// <summary>Disposes the handler if the transport created it.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        SessionsIfAny?.TransportDisposed();
        _timeouts.Dispose();
        if (_ownsInvoker)
        {
            _invoker.Dispose();
        }
    }

    /// <summary>
    /// Sends a request that is not an RPC call (a presigned upload or download URL) through the same HTTP stack: no
    /// key, no signature, no retries, the response's headers read before its body so a download streams.
    /// </summary>
    internal ValueTask<HttpResponseMessage> SendUnsignedAsync(HttpRequestMessage message, bool async, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (async)
        {
            return new ValueTask<HttpResponseMessage>(_invoker is HttpClient client
                ? client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
                : _invoker.SendAsync(message, cancellationToken));
        }
        try
        {
            return new ValueTask<HttpResponseMessage>(_invoker is HttpClient client
                ? client.Send(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
                : _invoker.Send(message, cancellationToken));
        }
        catch (Exception exception)
        {
            return AgentBayOperation.Failed<HttpResponseMessage>(exception);
        }
    }

    /// <summary>Replaces every occurrence of the API key, so service or network text can go into exception messages.</summary>
    internal string Redact(string text) => text.Replace(_apiKey, "***", StringComparison.Ordinal);

    // One attempt. The sync path runs without an async state machine and returns a completed ValueTask (failures as a
    // faulted or cancelled one, as an async method would); the async path's state machine comes from a pool (each
    // ValueTask here is awaited exactly once).
    private ValueTask<AgentBayResponse> SendCoreAsync(AgentBayRequest request, bool async, CancellationToken cancellationToken)
    {
        if (async)
        {
            return SendAwaitingAsync(request, cancellationToken);
        }
        try
        {
            return new ValueTask<AgentBayResponse>(SendSynchronously(request, cancellationToken));
        }
        catch (Exception exception)
        {
            return AgentBayOperation.Failed<AgentBayResponse>(exception);
        }
    }

    private AgentBayResponse SendSynchronously(AgentBayRequest request, CancellationToken cancellationToken)
    {
        using HttpRequestMessage message = Prepare(request, cancellationToken, out TimeSpan timeout);
        AttemptScope scope = BeginAttempt(timeout, cancellationToken);
        try
        {
            using HttpResponseMessage response = _invoker is HttpClient client
                ? client.Send(message, HttpCompletionOption.ResponseHeadersRead, scope.Token)
                : _invoker.Send(message, scope.Token);
            // The body is read under the same token, so the timeout covers it too.
            return Interpret(request, response, ReplyBody.Read(response.Content, scope.Token));
        }
        catch (Exception exception) when (MapFailure(exception, request, timeout, scope, cancellationToken) is { } failure)
        {
            throw failure;
        }
        finally
        {
            EndAttempt(scope);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<AgentBayResponse> SendAwaitingAsync(AgentBayRequest request, CancellationToken cancellationToken)
    {
        using HttpRequestMessage message = Prepare(request, cancellationToken, out TimeSpan timeout);
        AttemptScope scope = BeginAttempt(timeout, cancellationToken);
        try
        {
            using HttpResponseMessage response = await (_invoker is HttpClient client
                    ? client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, scope.Token)
                    : _invoker.SendAsync(message, scope.Token))
                .ConfigureAwait(false);
            return Interpret(request, response, await ReplyBody.ReadAsync(response.Content, scope.Token).ConfigureAwait(false));
        }
        catch (Exception exception) when (MapFailure(exception, request, timeout, scope, cancellationToken) is { } failure)
        {
            throw failure;
        }
        finally
        {
            EndAttempt(scope);
        }
    }

    private HttpRequestMessage Prepare(AgentBayRequest request, CancellationToken cancellationToken, out TimeSpan timeout)
    {
        cancellationToken.ThrowIfCancellationRequested();
        timeout = request.Timeout ?? Options.Timeout;
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(request), timeout, $"The timeout of request {request.Action} must be positive.");
        }
        return BuildMessage(request);
    }

    /// <summary>The per-request timeout of one attempt: the source the timer cancels and its link to the caller's token.</summary>
    private readonly struct AttemptScope(CancellationTokenSource? timeoutSource, bool pooled, CancellationTokenRegistration callerLink,
        CancellationToken token)
    {
        public CancellationTokenSource? TimeoutSource { get; } = timeoutSource;
        public bool Pooled { get; } = pooled;
        public CancellationTokenRegistration CallerLink { get; } = callerLink;
        public CancellationToken Token { get; } = token;
    }

    // One source per request that the timer cancels; the caller's token is linked in by a registration. On the system
    // clock the sources are pooled (a source whose timer never fired can be reset and reused), so a request allocates no
    // timer or source of its own.
    private AttemptScope BeginAttempt(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return new AttemptScope(null, false, default, cancellationToken);
        }
        bool pooled = TimeProvider == TimeProvider.System;
        CancellationTokenSource timeoutSource = pooled ? _timeouts.Rent() : new CancellationTokenSource(timeout, TimeProvider);
        if (pooled)
        {
            timeoutSource.CancelAfter(timeout);
        }
        CancellationTokenRegistration callerLink = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), timeoutSource)
            : default;
        return new AttemptScope(timeoutSource, pooled, callerLink, timeoutSource.Token);
    }

    private void EndAttempt(AttemptScope scope)
    {
        // Unlink first, so a later cancellation of the caller's token cannot reach a source another request reuses.
        scope.CallerLink.Dispose();
        if (scope.TimeoutSource is null)
        {
            return;
        }
        if (scope.Pooled)
        {
            _timeouts.Return(scope.TimeoutSource);
        }
        else
        {
            scope.TimeoutSource.Dispose();
        }
    }

    /// <summary>The exception to throw for a failed attempt, or null to let <paramref name="exception"/> through as it is.</summary>
    private Exception? MapFailure(Exception exception, AgentBayRequest request, TimeSpan timeout, AttemptScope scope, CancellationToken cancellationToken)
    {
        if (exception is IOException or ObjectDisposedException or HttpRequestException && scope.Token.IsCancellationRequested)
        {
            // A synchronous body read ends with the disposed content's exception when the token fires (ReplyBody.Read).
            exception = new OperationCanceledException(exception.Message, exception, scope.Token);
        }
        switch (exception)
        {
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                // Report the caller's own token, whichever linked token the handler happened to observe.
                return new OperationCanceledException(exception.Message, exception, cancellationToken);
            case OperationCanceledException:
                // Not the caller: either our per-request timer or the HttpClient's own Timeout fired.
                TimeSpan limit = scope.TimeoutSource?.IsCancellationRequested != true && _invoker is HttpClient client ? client.Timeout : timeout;
                string milliseconds = limit.TotalMilliseconds.ToString(CultureInfo.InvariantCulture);
                return new AgentBayException($"Request {request.Action} timed out after {milliseconds} ms",
                    new TimeoutException($"No reply within {milliseconds} ms.", exception));
            case HttpRequestException http:
                return new AgentBayException(Redact($"Request {request.Action} failed: {Describe(http)}"), http);
            case IOException io:
                return new AgentBayException(Redact($"Request {request.Action} failed: {io.Message}"), io);
            default:
                return null;
        }
    }

    private HttpRequestMessage BuildMessage(AgentBayRequest request)
    {
        bool authorizationInQuery = request.AuthorizationLocation == ParameterLocation.Query;
        var content = new ByteArrayContent(FormBody(request.FormSpan, authorizationInQuery ? null : _authorizationFormPair));
        content.Headers.TryAddWithoutValidation("Content-Type", FormContentType);
        var message = new HttpRequestMessage(HttpMethod.Post, new Uri(Url(request, authorizationInQuery), UriKind.Absolute)) { Content = content };
        message.Headers.TryAddWithoutValidation("x-acs-action", request.Action);
        message.Headers.TryAddWithoutValidation("x-acs-version", Service.ApiVersion);
        message.Headers.TryAddWithoutValidation("Accept", "application/json");
        return message;
    }

    /// <summary>
    /// The request URL: the common parameters (Action, Format, Version, Timestamp, SignatureNonce) and then the action's
    /// query parameters in ordinal order, written into one buffer.
    /// </summary>
    private string Url(AgentBayRequest request, bool authorizationInQuery)
    {
        int length = _urlPrefix.Length + FormEncoding.EscapedLength(request.Action, false) + _urlCommon.Length
            + EscapedTimestampLength + UrlNonce.Length + NonceLength
            + FormEncoding.PairsLength(request.QuerySpan, authorizationInQuery ? _authorizationQueryPair.Length : 0, spaceAsPlus: false, separatorFirst: true);

        // Written straight into the string: no buffer, no intermediate strings.
        return string.Create(length, (Transport: this, Request: request, AuthorizationInQuery: authorizationInQuery),
            static (url, state) => state.Transport.WriteUrl(url, state.Request, state.AuthorizationInQuery));
    }

    private void WriteUrl(Span<char> url, AgentBayRequest request, bool authorizationInQuery)
    {
        int at = Append(url, 0, _urlPrefix);
        at += FormEncoding.WriteEscaped(request.Action, url[at..], spaceAsPlus: false);
        at = Append(url, at, _urlCommon);
        at += WriteTimestamp(TimeProvider.GetUtcNow().UtcDateTime, url[at..]);
        at = Append(url, at, UrlNonce);
        // The service does not check signatures; the nonce only has to be unique, 32 lowercase hex characters.
        Guid.NewGuid().TryFormat(url[at..], out int nonceLength, "N");
        at += nonceLength;

        // The action's query parameters and, for SyncContext, the key, merged in ordinal order.
        at += FormEncoding.WritePairs(request.QuerySpan, AgentBayRequest.AuthorizationParameter,
            authorizationInQuery ? _authorizationQueryPair.AsSpan() : default, url[at..], spaceAsPlus: false, separatorFirst: true);
        if (at != url.Length)
        {
            // The length is computed from the same parts; a difference is a bug here, not bad input.
            throw new InvalidOperationException($"Internal error: the URL of {request.Action} took {at} characters, {url.Length} were computed.");
        }
    }

    /// <summary>Writes <c>yyyy-MM-ddTHH%3Amm%3Ass</c><c>Z</c> (UTC, seconds, colons escaped): what the SDKs' runtime sends.</summary>
    private static int WriteTimestamp(DateTime utc, Span<char> destination)
    {
        int at = Digits(destination, 0, utc.Year, 4);
        destination[at++] = '-';
        at = Digits(destination, at, utc.Month, 2);
        destination[at++] = '-';
        at = Digits(destination, at, utc.Day, 2);
        destination[at++] = 'T';
        at = Digits(destination, at, utc.Hour, 2);
        at = Append(destination, at, "%3A");
        at = Digits(destination, at, utc.Minute, 2);
        at = Append(destination, at, "%3A");
        at = Digits(destination, at, utc.Second, 2);
        destination[at++] = 'Z';
        return at;

        static int Digits(Span<char> destination, int at, int value, int count)
        {
            for (int i = count - 1; i >= 0; i--)
            {
                destination[at + i] = (char)('0' + (value % 10));
                value /= 10;
            }
            return at + count;
        }
    }

    private static int Append(Span<char> destination, int at, string text)
    {
        text.CopyTo(destination[at..]);
        return at + text.Length;
    }

    /// <summary>The form body in one array of the exact size, with the (pre-escaped) key pair merged in ordinal order.</summary>
    private static byte[] FormBody(ReadOnlySpan<KeyValuePair<string, string>> form, byte[]? authorizationPair)
    {
        var body = new byte[FormEncoding.PairsLength(form, authorizationPair?.Length ?? 0, spaceAsPlus: true, separatorFirst: false)];
        FormEncoding.WritePairs<byte>(form, AgentBayRequest.AuthorizationParameter, authorizationPair, body, spaceAsPlus: true, separatorFirst: false);
        return body;
    }

    /// <summary>Parses the reply and hands it the body's pooled array; the array is returned whatever happens.</summary>
    private AgentBayResponse Interpret(AgentBayRequest request, HttpResponseMessage reply, ReplyBody body)
    {
        int status = (int)reply.StatusCode;
        bool succeeded = status is >= 200 and <= 299;
        TimeSpan? retryAfter = succeeded ? null : RetryAfterHeaders.Read(reply, TimeProvider);
        JsonDocument? document = null;
        JsonException? parseError = null;
        try
        {
            if (body.Length > 0)
            {
                // Parsed where it is: the document points into the array, so the array lives as long as the response.
                document = JsonDocument.Parse(body.Memory);
            }
        }
        catch (JsonException exception)
        {
            parseError = exception;
        }
        if (document is null)
        {
            string message = Redact(
                $"code: {status}, the body of the reply to {request.Action} is not JSON ({body.Length} bytes): {Excerpt(body.Memory.Span)}");
            body.Return();
            // The parser's complaint stays attached: it tells a garbled reply (worth another try) from a refusal.
            throw succeeded
                ? new AgentBayException(message, null, null, status, parseError ?? new JsonException("The reply has an empty body."))
                : IsAuthenticationFailure(status, null)
                    ? new AuthenticationException(message, null, null, status)
                    : new ApiException(message, null, null, status) { RetryAfter = retryAfter };
        }

        // The response owns the document and the array from here on: whoever consumes it disposes it (or leaves both to
        // the GC).
        var response = new AgentBayResponse(status, document, body.Buffer);
        if (succeeded)
        {
            return response;
        }
        using (response)
        {
            // Worded as the Alibaba Cloud OpenAPI runtime words its ClientException/ServerException.
            string description = string.IsNullOrEmpty(response.Message) ? response.Code ?? "Unknown error" : response.Message;
            string text = Redact($"code: {status}, {description} request id: {response.RequestId}");
            if (IsAuthenticationFailure(status, response.Code))
            {
                throw new AuthenticationException(text, response.RequestId, response.Code, status);
            }
            throw new ApiException(text, response.RequestId, response.Code, status) { RetryAfter = retryAfter };
        }
    }

    /// <summary>
    /// The message and what caused it: HttpClient's own text ("An error occurred while sending the request.") does not say
    /// whether the connection was refused or reset; the inner exceptions do.
    /// </summary>
    private static string Describe(Exception exception)
    {
        var text = new StringBuilder(exception.Message);
        for (Exception? inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (!text.ToString().Contains(inner.Message, StringComparison.Ordinal))
            {
                text.Append(" (").Append(inner.Message).Append(')');
            }
        }
        return text.ToString();
    }

    private static bool IsAuthenticationFailure(int status, string? code)
        => status is 401 or 403
           || (code is not null
               && (code.Contains("ApiKey", StringComparison.OrdinalIgnoreCase)
                   || code.Contains("Unauthorized", StringComparison.OrdinalIgnoreCase)
                   || code.Contains("Authorization", StringComparison.OrdinalIgnoreCase)
                   || code.Contains("Authentication", StringComparison.OrdinalIgnoreCase)));

    // An HTML error page from a proxy is the usual non-JSON body; its start is enough to recognise it.
    private static string Excerpt(ReadOnlySpan<byte> content)
    {
        string text = Encoding.UTF8.GetString(content[..Math.Min(content.Length, MaxBodyExcerptLength * 4)]);
        var excerpt = new StringBuilder(Math.Min(text.Length, MaxBodyExcerptLength) + 1);
        foreach (char c in text)
        {
            if (excerpt.Length == MaxBodyExcerptLength)
            {
                excerpt.Append('…');
                break;
            }
            excerpt.Append(char.IsControl(c) ? ' ' : c);
        }
        return excerpt.ToString();
    }

    private static HttpMessageInvoker CreateOwnedInvoker()
    {
        var handler = new SocketsHttpHandler
        {
            // A redirect would turn the POST into a GET and could carry the key elsewhere; report it instead.
            AllowAutoRedirect = false,
            // Re-resolve DNS now and then in long-lived clients.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        // Not an HttpClient: per-request timeouts come from the options (and the TimeProvider), and the transport needs
        // none of HttpClient's per-request work (a cancellation source, default headers, buffering).
        return new HttpMessageInvoker(handler, disposeHandler: true);
    }
}
