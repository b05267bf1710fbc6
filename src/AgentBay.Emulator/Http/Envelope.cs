using System;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AgentBay.Emulator.Http;
using Microsoft.AspNetCore.Http;

namespace AgentBay.Emulator.Http;

/// <summary>What an action answers on success: the <c>Data</c> member and optional top-level members (paging).</summary>
internal sealed record ActionReply(JsonNode? Data, JsonObject? TopLevel = null)
{
    public static readonly ActionReply Empty = new((JsonNode?)null);
}

/// <summary>Writes the JSON envelope of §1.4: <c>{RequestId, Success, Code, Message, HttpStatusCode, Data}</c>.</summary>
internal static class Envelope
{
    /// <summary>A request id in the service's shape: an upper-case GUID.</summary>
    public static string NewRequestId() => Guid.NewGuid().ToString("D").ToUpperInvariant();

    public static Task WriteSuccessAsync(HttpContext context, string requestId, ActionReply reply)
    {
        var body = new JsonObject
        {
            ["RequestId"] = requestId,
            ["Success"] = true,
            ["Code"] = "ok",
            ["Message"] = string.Empty,
            ["HttpStatusCode"] = 200,
        };
        if (reply.Data is not null)
        {
            body["Data"] = reply.Data;
        }

        if (reply.TopLevel is not null)
        {
            foreach (var (name, value) in reply.TopLevel)
            {
                body[name] = value?.DeepClone();
            }
        }

        return WriteAsync(context, 200, body);
    }

    public static Task WriteErrorAsync(HttpContext context, string requestId, ApiError error)
    {
        var body = new JsonObject
        {
            ["RequestId"] = requestId,
            ["Code"] = error.Code,
            ["Message"] = error.Message,
            ["HttpStatusCode"] = error.HttpStatus,
            ["Success"] = false,
        };
        return WriteAsync(context, error.HttpStatus, body);
    }

    private static Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json;charset=utf-8";
        return context.Response.WriteAsync(body.ToJsonString(JsonText.Options));
    }
}
