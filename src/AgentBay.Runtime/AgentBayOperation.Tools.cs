using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace AgentBay.Runtime;

public static partial class AgentBayOperation
{
    /// <summary>
    /// Calls an MCP tool through CallMcpTool (the request is already built, Args included) and maps the reply:
    /// Data (object or JSON string) <c>{content:[{type,text}], isError}</c>; Text = content[0].text;
    /// Success = !isError; when <paramref name="parseTextAsJson"/> the text is parsed into Body (a text that is not
    /// JSON leaves Body undefined). HTTP errors and envelope failures become Success=false with ErrorMessage
    /// (<c>[Code] Message</c>), never exceptions, except OperationCanceledException.
    /// </summary>
    /// <remarks>
    /// Without <paramref name="parseTextAsJson"/>, Body is the response body. Data is the tool result object (parsed
    /// when the service sent it as a string).
    /// </remarks>
    public static ValueTask<OperationOutcome> CallToolAsync(AgentBayTransport transport, AgentBayRequest request, bool parseTextAsJson,
        bool async, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(request);
        return CallToolCoreAsync(transport, request, parseTextAsJson, async, cancellationToken);
    }

    private static async ValueTask<OperationOutcome> CallToolCoreAsync(AgentBayTransport transport, AgentBayRequest request,
        bool parseTextAsJson, bool async, CancellationToken cancellationToken)
    {
        AgentBayResponse response;
        try
        {
            response = await transport.SendAsync(request, async, cancellationToken).ConfigureAwait(false);
        }
        catch (AgentBayException exception)
        {
            return new OperationOutcome
            {
                Success = false,
                RequestId = exception.RequestId ?? "",
                ErrorMessage = "API request failed: " + exception.Message,
                Code = exception.Code,
                Message = exception.Message,
                HttpStatusCode = exception.HttpStatusCode,
            };
        }

        // The TypeScript SDK checks the envelope first; a failed call carries no tool result worth parsing.
        if (!response.Success && response.Code is not null)
        {
            return ToolFailure(transport, response, transport.Redact(response.ErrorText));
        }

        JsonElement data = WireReader.Select(response.Body, "Data");
        if (IsBlank(data))
        {
            return ToolFailure(transport, response, "Empty response data");
        }
        if (data.ValueKind == JsonValueKind.String)
        {
            string? error = TryParseToolData(data.GetString()!, out data);
            if (error is not null)
            {
                return ToolFailure(transport, response, "Failed to parse response data: " + error);
            }
        }
        if (data.ValueKind != JsonValueKind.Object)
        {
            return ToolFailure(transport, response, $"Failed to parse response data: expected a JSON object, got {data.ValueKind}");
        }

        // The LinkUrl route nests the result one level deeper: {result: {content, isError}}.
        JsonElement result = data;
        if (!data.TryGetProperty("content", out _) && WireReader.Select(data, "result").ValueKind == JsonValueKind.Object)
        {
            result = WireReader.Select(data, "result");
        }
        string text = ReadToolText(result);
        bool isError = WireReader.ReadBoolean(WireReader.Select(result, "isError")) ?? false;

        JsonElement body = response.Body;
        if (parseTextAsJson)
        {
            // Parsed on errors too: shell reports exit_code inside the error text.
            body = WireReader.TryParse(text, out JsonElement parsed) ? parsed : default;
        }

        return new OperationOutcome
        {
            Success = !isError,
            RequestId = response.RequestId,
            ErrorMessage = isError ? text : null,
            Code = response.Code,
            Message = RedactedMessage(transport, response),
            HttpStatusCode = ReportedStatus(response),
            Body = body,
            Data = data,
            Text = text,
        };
    }

    private static readonly string[] ToolTextFields = ["text", "blob", "data"];

    /// <summary>content[0].text, else its blob or data (as the TypeScript and Go SDKs fall back), else "".</summary>
    private static string ReadToolText(JsonElement result)
    {
        JsonElement first = WireReader.Select(result, "content.0");
        foreach (string field in ToolTextFields)
        {
            string? value = WireReader.ReadString(WireReader.Select(first, field));
            if (value is not null)
            {
                return value;
            }
        }
        return "";
    }

    /// <summary>Parses Data sent as a JSON string; returns the parser's complaint, or null on success.</summary>
    private static string? TryParseToolData(string json, out JsonElement data)
    {
        data = default;
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            data = document.RootElement.Clone();
            return null;
        }
        catch (JsonException exception)
        {
            return exception.Message;
        }
    }

    private static OperationOutcome ToolFailure(AgentBayTransport transport, AgentBayResponse response, string errorMessage) => new()
    {
        Success = false,
        RequestId = response.RequestId,
        ErrorMessage = errorMessage,
        Code = response.Code,
        Message = RedactedMessage(transport, response),
        HttpStatusCode = ReportedStatus(response),
        Body = response.Body,
    };
}
