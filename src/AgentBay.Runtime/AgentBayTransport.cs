using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
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
    private const int MaxBodyExcerptLength = 200;

    private readonly HttpClient _httpClient;
    private readonly bool _ownsHttpClient;
    private readonly string _apiKey;
    private readonly ILogger _logger;
    private volatile bool _disposed;

    /// <summary>Creates a transport; a null <paramref name="httpClient"/> creates and owns one.</summary>
    /// <param name="options">Key, endpoint, timeout and clock. The key, endpoint and clock are read once, here.</param>
    /// <param name="service">Default endpoint and API version from the spec.</param>
    /// <param name="httpClient">
    /// A client to send through (not disposed by the transport). Its own <see cref="HttpClient.Timeout"/> still applies
    /// on top of the per-request timeout, so give it a generous one.
    /// </param>
    /// <param name="logger">Receives one entry per request: action, request id, duration and outcome, never the key.</param>
    /// <exception cref="AuthenticationException">No API key in <paramref name="options"/>.</exception>
    /// <exception cref="ArgumentException">The endpoint is neither a host nor an http(s) URL.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The retry settings are out of range.</exception>
    public AgentBayTransport(AgentBayOptions options, AgentBayServiceInfo service, HttpClient? httpClient = null, ILogger? logger = null)
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
        if (httpClient is null)
        {
            _httpClient = CreateOwnedHttpClient();
            _ownsHttpClient = true;
        }
        else
        {
            _httpClient = httpClient;
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

    /// <summary>The logger given at construction (a null logger when none was).</summary>
    internal ILogger Logger => _logger;

    /// <summary>
    /// Sends one request. HTTP 2xx returns the envelope (even with <c>Success:false</c>); 4xx/5xx throws
    /// <see cref="ApiException"/> (<see cref="AuthenticationException"/> for 401/403 and key errors); a network failure
    /// or per-request timeout throws <see cref="AgentBayException"/> with the cause as inner exception.
    /// With <paramref name="async"/> false the call is truly synchronous (HttpClient.Send) and the task is completed.
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
        return _logger.IsEnabled(LogLevel.Information)
            ? SendLoggedAsync(request, retry: true, async, cancellationToken)
            : SendRetriedAsync(request, async, cancellationToken);
    }

    /// <summary>Sends exactly once (logged like any request): for callers that run their own retry loop.</summary>
    internal ValueTask<AgentBayResponse> SendOnceAsync(AgentBayRequest request, bool async, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _logger.IsEnabled(LogLevel.Information)
            ? SendLoggedAsync(request, retry: false, async, cancellationToken)
            : SendCoreAsync(request, async, cancellationToken);
    }

    private ValueTask<AgentBayResponse> SendRetriedAsync(AgentBayRequest request, bool async, CancellationToken cancellationToken)
        => Retry is null
            ? SendCoreAsync(request, async, cancellationToken)
            : Retry.ExecuteAsync(request.Action, request.Idempotent, (Transport: this, Request: request),
                static (s, async, token) => s.Transport.SendCoreAsync(s.Request, async, token), async, cancellationToken);

    private async ValueTask<AgentBayResponse> SendLoggedAsync(AgentBayRequest request, bool retry, bool async, CancellationToken cancellationToken)
    {
        long started = TimeProvider.GetTimestamp();
        try
        {
            AgentBayResponse response = await (retry ? SendRetriedAsync(request, async, cancellationToken) : SendCoreAsync(request, async, cancellationToken))
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

    /// <summary>Disposes the HTTP client if the transport created it.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (_ownsHttpClient)
        {
            _httpClient.Dispose();
        }
    }

    /// <summary>Replaces every occurrence of the API key, so service or network text can go into exception messages.</summary>
    internal string Redact(string text) => text.Replace(_apiKey, "***", StringComparison.Ordinal);

    // With async false nothing below awaits an incomplete task, so the ValueTask comes back completed.
    private async ValueTask<AgentBayResponse> SendCoreAsync(AgentBayRequest request, bool async, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        TimeSpan timeout = request.Timeout ?? Options.Timeout;
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(request), timeout, $"The timeout of request {request.Action} must be positive.");
        }

        using HttpRequestMessage message = BuildMessage(request);
        using CancellationTokenSource? timeoutSource = timeout == Timeout.InfiniteTimeSpan
            ? null
            : new CancellationTokenSource(timeout, TimeProvider);
        using CancellationTokenSource? linkedSource = timeoutSource is null
            ? null
            : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        CancellationToken token = linkedSource?.Token ?? cancellationToken;

        int status;
        byte[] content;
        TimeSpan? retryAfter;
        try
        {
            // ResponseContentRead makes HttpClient buffer the body under the token, so the timeout covers the body too.
            using HttpResponseMessage response = async
                ? await _httpClient.SendAsync(message, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false)
                : _httpClient.Send(message, HttpCompletionOption.ResponseContentRead, token);
            status = (int)response.StatusCode;
            retryAfter = status is >= 200 and <= 299 ? null : RetryAfterHeaders.Read(response, TimeProvider);
            content = async
                ? await response.Content.ReadAsByteArrayAsync(token).ConfigureAwait(false)
                : ReadContent(response.Content, token);
        }
        catch (OperationCanceledException exception) when (cancellationToken.IsCancellationRequested)
        {
            // Report the caller's own token, whichever linked token the handler happened to observe.
            throw new OperationCanceledException(exception.Message, exception, cancellationToken);
        }
        catch (OperationCanceledException exception)
        {
            // Not the caller: either our per-request timer or the HttpClient's own Timeout fired.
            TimeSpan limit = timeoutSource?.IsCancellationRequested == true ? timeout : _httpClient.Timeout;
            throw new AgentBayException(
                $"Request {request.Action} timed out after {limit.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms",
                new TimeoutException($"No reply within {limit.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms.", exception));
        }
        catch (HttpRequestException exception)
        {
            throw new AgentBayException(Redact($"Request {request.Action} failed: {Describe(exception)}"), exception);
        }
        catch (IOException exception)
        {
            throw new AgentBayException(Redact($"Request {request.Action} failed: {exception.Message}"), exception);
        }
        return Interpret(request, status, content, retryAfter);
    }

    private HttpRequestMessage BuildMessage(AgentBayRequest request)
    {
        string authorization = "Bearer " + _apiKey;
        var query = new List<KeyValuePair<string, string>>(request.QueryParameters);
        var form = new List<KeyValuePair<string, string>>(request.FormParameters);
        (request.AuthorizationLocation == ParameterLocation.Query ? query : form)
            .Add(new KeyValuePair<string, string>(AgentBayRequest.AuthorizationParameter, authorization));
        query.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        form.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));

        var url = new StringBuilder(BaseAddress.AbsoluteUri);
        url.Append("?Action=").Append(Uri.EscapeDataString(request.Action))
            .Append("&Format=json&Version=").Append(Uri.EscapeDataString(Service.ApiVersion))
            .Append("&Timestamp=").Append(Uri.EscapeDataString(
                TimeProvider.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)))
            // The service does not check signatures; the nonce only has to be unique, 32 lowercase hex characters.
            .Append("&SignatureNonce=").Append(Guid.NewGuid().ToString("N"));
        foreach (KeyValuePair<string, string> parameter in query)
        {
            url.Append('&').Append(Uri.EscapeDataString(parameter.Key)).Append('=').Append(Uri.EscapeDataString(parameter.Value));
        }

        var content = new ByteArrayContent(Encoding.ASCII.GetBytes(FormEncoding.Encode(form)));
        content.Headers.ContentType = new MediaTypeHeaderValue(FormContentType);
        var message = new HttpRequestMessage(HttpMethod.Post, new Uri(url.ToString(), UriKind.Absolute)) { Content = content };
        message.Headers.TryAddWithoutValidation("x-acs-action", request.Action);
        message.Headers.TryAddWithoutValidation("x-acs-version", Service.ApiVersion);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return message;
    }

    private AgentBayResponse Interpret(AgentBayRequest request, int status, byte[] content, TimeSpan? retryAfter)
    {
        bool succeeded = status is >= 200 and <= 299;
        if (!TryParseJson(content, out JsonElement body, out JsonException? parseError))
        {
            string message = Redact(
                $"code: {status}, the body of the reply to {request.Action} is not JSON ({content.Length} bytes): {Excerpt(content)}");
            // The parser's complaint stays attached: it tells a garbled reply (worth another try) from a refusal.
            throw succeeded
                ? new AgentBayException(message, null, null, status, parseError)
                : IsAuthenticationFailure(status, null)
                    ? new AuthenticationException(message, null, null, status)
                    : new ApiException(message, null, null, status) { RetryAfter = retryAfter };
        }

        var response = new AgentBayResponse(status, body);
        if (succeeded)
        {
            return response;
        }
        // Worded as the Alibaba Cloud OpenAPI runtime words its ClientException/ServerException.
        string description = string.IsNullOrEmpty(response.Message) ? response.Code ?? "Unknown error" : response.Message;
        string text = Redact($"code: {status}, {description} request id: {response.RequestId}");
        if (IsAuthenticationFailure(status, response.Code))
        {
            throw new AuthenticationException(text, response.RequestId, response.Code, status);
        }
        throw new ApiException(text, response.RequestId, response.Code, status) { RetryAfter = retryAfter };
    }

    private static bool TryParseJson(byte[] content, out JsonElement body, out JsonException? error)
    {
        body = default;
        error = null;
        if (content.Length == 0)
        {
            error = new JsonException("The reply has an empty body.");
            return false;
        }
        try
        {
            using JsonDocument document = JsonDocument.Parse(content);
            body = document.RootElement.Clone();
            return true;
        }
        catch (JsonException exception)
        {
            error = exception;
            return false;
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
    private static string Excerpt(byte[] content)
    {
        string text = Encoding.UTF8.GetString(content, 0, Math.Min(content.Length, MaxBodyExcerptLength * 4));
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

    private static byte[] ReadContent(HttpContent content, CancellationToken cancellationToken)
    {
        using Stream stream = content.ReadAsStream(cancellationToken);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static HttpClient CreateOwnedHttpClient()
    {
        var handler = new SocketsHttpHandler
        {
            // A redirect would turn the POST into a GET and could carry the key elsewhere; report it instead.
            AllowAutoRedirect = false,
            // Re-resolve DNS now and then in long-lived clients.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        // Per-request timeouts come from the options (and the TimeProvider), not from HttpClient.Timeout.
        return new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
