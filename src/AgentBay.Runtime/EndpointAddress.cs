using System;

namespace AgentBay.Runtime;

/// <summary>Turns a configured endpoint into the base address requests are posted to.</summary>
internal static class EndpointAddress
{
    private static readonly char[] CharactersNotInHost = ['/', '\\', '?', '#', '@', ' ', '\t'];

    /// <summary>
    /// A bare <c>host[:port]</c>, as the official SDKs take it, means HTTPS on that host; a value with a scheme
    /// (<c>http://127.0.0.1:8080</c>, for a local emulator) is used as given. The result always ends with '/'.
    /// </summary>
    /// <exception cref="ArgumentException">The value is neither a host nor an http(s) URL without query or fragment.</exception>
    internal static Uri Resolve(string? endpoint, string parameterName)
    {
        string value = endpoint?.Trim() ?? "";
        Uri? address;
        if (value.Contains("://", StringComparison.Ordinal))
        {
            if (Uri.TryCreate(value, UriKind.Absolute, out address)
                && (address.Scheme == Uri.UriSchemeHttps || address.Scheme == Uri.UriSchemeHttp)
                && address.Host.Length > 0
                && address.UserInfo.Length == 0
                && address.Query.Length == 0
                && address.Fragment.Length == 0)
            {
                return address.AbsolutePath.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");
            }
        }
        else if (value.Length > 0
                 && value.IndexOfAny(CharactersNotInHost) < 0
                 && Uri.TryCreate("https://" + value + "/", UriKind.Absolute, out address)
                 && address.Host.Length > 0
                 && address.AbsolutePath == "/")
        {
            return address;
        }
        throw new ArgumentException(
            $"Invalid AgentBay endpoint '{value}': use a host such as 'wuyingai.cn-shanghai.aliyuncs.com' (HTTPS is implied) "
            + "or an http(s) URL such as 'http://127.0.0.1:8080'.",
            parameterName);
    }
}
