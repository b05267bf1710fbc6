namespace AgentBay.Runtime;

/// <summary>
/// Implemented by generated clients so that hosting code (<see cref="AgentBayServiceCollectionExtensions"/>) can build
/// one over a transport without reflection.
/// </summary>
/// <typeparam name="TSelf">The generated client type.</typeparam>
public interface IAgentBayClient<TSelf>
    where TSelf : class, IAgentBayClient<TSelf>
{
    /// <summary>Default endpoint and API version from the client's spec.</summary>
    static abstract AgentBayServiceInfo ServiceInfo { get; }

    /// <summary>Creates a client over <paramref name="transport"/>.</summary>
    /// <param name="transport">The transport that sends the client's requests.</param>
    static abstract TSelf Create(AgentBayTransport transport);
}
