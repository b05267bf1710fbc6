using System;
using System.Globalization;

namespace AgentBay.Runtime;

/// <summary>Settings of an AgentBay client: API key, endpoint, timeouts and region.</summary>
public sealed class AgentBayOptions
{
    /// <summary>Environment variable holding the API key.</summary>
    public const string ApiKeyVariable = "AGENTBAY_API_KEY";
    /// <summary>Environment variable holding the endpoint (a host, or a full URL).</summary>
    public const string EndpointVariable = "AGENTBAY_ENDPOINT";
    /// <summary>Environment variable holding the request timeout in milliseconds.</summary>
    public const string TimeoutVariable = "AGENTBAY_TIMEOUT_MS";
    /// <summary>Environment variable holding the region sent as LoginRegionId.</summary>
    public const string RegionIdVariable = "AGENTBAY_REGION_ID";

    /// <summary>The request timeout the official SDKs default to (60 000 ms).</summary>
    internal static readonly TimeSpan DefaultTimeout = TimeSpan.FromMilliseconds(60000);

    /// <summary>The API key, sent as <c>Authorization=Bearer &lt;key&gt;</c>. Never printed.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// A host as the official SDKs take it (<c>wuyingai.cn-shanghai.aliyuncs.com</c>, HTTPS implied), or a full URL
    /// such as <c>http://127.0.0.1:8080</c> for a local server. Null uses the spec's default endpoint.
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary>Timeout of one HTTP request (not of a whole long-running operation). Default 60 s.</summary>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    /// <summary>Region sent as <c>LoginRegionId</c> by operations that bind it.</summary>
    public string? RegionId { get; set; }

    /// <summary>Clock used for polling delays, retry backoff and timeouts; replaceable in tests.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Retries of transiently failed requests (on by default: 3 attempts). Set <see cref="AgentBayRetryOptions.Enabled"/>
    /// to false, or <see cref="AgentBayRetryOptions.MaxAttempts"/> to 1, to send every request exactly once.
    /// </summary>
    public AgentBayRetryOptions Retry { get; set; } = new();

    /// <summary>Options read from AGENTBAY_API_KEY, AGENTBAY_ENDPOINT, AGENTBAY_TIMEOUT_MS and AGENTBAY_REGION_ID.</summary>
    /// <remarks>
    /// Unset or blank variables keep the defaults. A timeout that is not a positive integer keeps the 60 s default,
    /// as the official SDKs do (they only log a warning).
    /// </remarks>
    public static AgentBayOptions FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    /// <summary>Reads the options through <paramref name="getVariable"/>, so tests need not touch the process environment.</summary>
    internal static AgentBayOptions FromEnvironment(Func<string, string?> getVariable)
    {
        var options = new AgentBayOptions
        {
            ApiKey = NullIfBlank(getVariable(ApiKeyVariable)),
            Endpoint = NullIfBlank(getVariable(EndpointVariable)),
            RegionId = NullIfBlank(getVariable(RegionIdVariable)),
        };
        string? timeout = NullIfBlank(getVariable(TimeoutVariable));
        if (timeout is not null
            && int.TryParse(timeout.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int milliseconds)
            && milliseconds > 0)
        {
            options.Timeout = TimeSpan.FromMilliseconds(milliseconds);
        }
        return options;
    }

    /// <summary>Describes the options with the API key redacted.</summary>
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture,
            $"AgentBayOptions {{ ApiKey = {(string.IsNullOrEmpty(ApiKey) ? "(not set)" : "***")}, Endpoint = {Endpoint ?? "(default)"}, Timeout = {Timeout.TotalMilliseconds} ms, RegionId = {RegionId ?? "(not set)"}, Retry = {Retry} }}");

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
