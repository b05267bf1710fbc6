using System;
using System.Net;

namespace AgentBay.Emulator.Hosting;

/// <summary>
/// The emulator runs real commands for whoever holds a key; it must never be reachable from another machine, so
/// only loopback addresses are accepted.
/// </summary>
internal static class LoopbackAddress
{
    public static IPAddress Parse(string host)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.Loopback;
        }

        if (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address))
        {
            return address;
        }

        throw new ArgumentException(
            $"Refusing to bind the AgentBay emulator to '{host}': it only listens on loopback (127.0.0.1 or ::1).", nameof(host));
    }

    /// <summary>The address as it appears in a URL: IPv6 in brackets.</summary>
    public static string ForUrl(IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
}
