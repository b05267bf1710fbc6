using System;

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

    /// <summary>The API key, sent as <c>Authorization=Bearer &lt;key&gt;</c>. Never printed.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// A host as the official SDKs take it (<c>wuyingai.cn-shanghai.aliyuncs.com</c>, HTTPS implied), or a full URL
    /// such as <c>http://127.0.0.1:8080</c> for a local server. Null uses the spec's default endpoint.
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary>Timeout of one HTTP request (not of a whole long-running operation). Default 60 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMilliseconds(60000);

    /// <summary>Region sent as <c>LoginRegionId</c> by operations that bind it.</summary>
    public string? RegionId { get; set; }

    /// <summary>Clock used for polling delays and timeouts; replaceable in tests.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Options read from AGENTBAY_API_KEY, AGENTBAY_ENDPOINT, AGENTBAY_TIMEOUT_MS and AGENTBAY_REGION_ID.</summary>
    public static AgentBayOptions FromEnvironment() => throw new NotImplementedException();

    /// <summary>Describes the options with the API key redacted.</summary>
    public override string ToString() => throw new NotImplementedException();
}
