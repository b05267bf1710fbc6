using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentBay.Emulator.Tests.Infrastructure;

/// <summary>One HTTP reply of the emulator: status, raw text and the parsed JSON body.</summary>
public sealed record ApiResponse(HttpStatusCode Status, string Raw, JsonObject Body)
{
    public bool Success => Body["Success"]?.GetValue<bool>() ?? false;

    public string? Code => (string?)Body["Code"];

    public JsonNode? Data => Body["Data"];

    /// <summary>Data that the service sends as a JSON string holding JSON (ListMcpTools, GetLabel's Labels, ...).</summary>
    public static JsonNode ParseInner(JsonNode? node) => JsonNode.Parse(node!.GetValue<string>())!;

    public override string ToString() => $"{(int)Status} {Raw}";
}

/// <summary>The result of CallMcpTool: content[0].text and isError.</summary>
public sealed record ToolReply(string Text, bool IsError)
{
    public JsonObject Json => JsonNode.Parse(Text)!.AsObject();
}

/// <summary>The parsed text of a shell call.</summary>
public sealed record ShellReply(string Stdout, string Stderr, int ExitCode, bool IsError)
{
    public static ShellReply From(ToolReply reply)
    {
        try
        {
            var json = reply.Json;
            return new ShellReply((string)json["stdout"]!, (string)json["stderr"]!, (int)json["exit_code"]!, reply.IsError);
        }
        catch (JsonException)
        {
            throw new Xunit.Sdk.XunitException("Not a shell result: " + reply.Text);
        }
    }
}
