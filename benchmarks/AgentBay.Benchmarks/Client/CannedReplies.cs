using System.Text;

namespace AgentBay.Benchmarks.Client;

/// <summary>The envelopes the stubs answer with: byte for byte what the emulator (and the service) send.</summary>
internal static class CannedReplies
{
    public const string ApiKey = "akm-bench-0123456789abcdef0123456789abcdef";
    public const string SessionId = "session-bench-0001";
    public const string ApiVersion = "2025-05-06";

    public static readonly byte[] Labels = Encoding.UTF8.GetBytes(
        "{\"RequestId\":\"5B0C6D3E-8A51-4F44-9D7B-2E1F0A9C3B71\",\"Success\":true,\"Code\":\"ok\",\"Message\":\"\",\"HttpStatusCode\":200,"
        + "\"Data\":{\"Labels\":\"{\\\"project\\\":\\\"bench\\\",\\\"owner\\\":\\\"agentbay-generated\\\",\\\"stage\\\":\\\"demo\\\"}\"},"
        + "\"NextToken\":\"\",\"MaxResults\":10,\"TotalCount\":3}");

    public static readonly byte[] Shell = Encoding.UTF8.GetBytes(
        "{\"RequestId\":\"0E6B1C2D-7F43-4A9E-B1D5-9C8E7F6A5B43\",\"Success\":true,\"Code\":\"ok\",\"Message\":\"\",\"HttpStatusCode\":200,"
        + "\"Data\":{\"content\":[{\"type\":\"text\",\"text\":\"{\\\"stdout\\\":\\\"hi\\\\n\\\",\\\"stderr\\\":\\\"\\\",\\\"exit_code\\\":0,"
        + "\\\"traceId\\\":\\\"4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a99\\\"}\"}],\"isError\":false}}");

    public static byte[] For(string? action) => action == "CallMcpTool" ? Shell : Labels;
}
