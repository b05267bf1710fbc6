using System.Threading.Tasks;
using AgentBay.Runtime;

namespace AgentBay.IntegrationTests.Infrastructure;

/// <summary>Single protocol actions through the runtime transport, to see what the typed methods poll past.</summary>
public static class Wire
{
    /// <summary>Sends <paramref name="action"/> for <paramref name="sessionId"/> (form parameter) and returns the reply.</summary>
    public static async Task<AgentBayResponse> SendAsync(AgentBayTransport transport, string action, string sessionId,
        ParameterLocation location = ParameterLocation.Form)
    {
        var request = new AgentBayRequest(action);
        request.Add("SessionId", sessionId, location);
        return await transport.SendAsync(request, async: true, default);
    }

    /// <summary>Data.Status from GetSession.</summary>
    public static async Task<string?> StatusAsync(AgentBayTransport transport, string sessionId)
    {
        var reply = await SendAsync(transport, "GetSession", sessionId);
        return WireReader.ReadString(WireReader.Select(reply.Body, "Data.Status"));
    }
}
