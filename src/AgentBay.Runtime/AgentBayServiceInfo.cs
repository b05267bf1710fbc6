namespace AgentBay.Runtime;

/// <summary>Facts about the service that come from the spec: default endpoint and API version.</summary>
/// <param name="DefaultEndpoint">Endpoint used when <see cref="AgentBayOptions.Endpoint"/> is null, e.g. <c>wuyingai.cn-shanghai.aliyuncs.com</c>.</param>
/// <param name="ApiVersion">Value of the <c>Version</c> query parameter and <c>x-acs-version</c> header, e.g. <c>2025-05-06</c>.</param>
public sealed record AgentBayServiceInfo(string DefaultEndpoint, string ApiVersion);
