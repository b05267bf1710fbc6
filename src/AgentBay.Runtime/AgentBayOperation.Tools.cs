using System;
using System.Runtime.CompilerServices;
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
        if (AgentBayTelemetry.ToolDuration.Enabled)
        {
            return CallToolObservedAsync(transport, request, parseTextAsJson, async, cancellationToken);
        }
        ValueTask<AgentBayResponse> sending = transport.SendAsync(request, async, cancellationToken);
        // A reply that is already there (every sync call, and async calls that completed at once) is read without an
        // async state machine; everything else (and every failure) takes the awaiting path.
        return sending.IsCompletedSuccessfully
            ? new ValueTask<OperationOutcome>(ToolOutcome(transport, sending.Result, parseTextAsJson))
            : AwaitToolOutcomeAsync(transport, sending, parseTextAsJson);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<OperationOutcome> AwaitToolOutcomeAsync(AgentBayTransport transport, ValueTask<AgentBayResponse> sending,
        bool parseTextAsJson)
    {
        AgentBayResponse response;
        try
        {
            response = await sending.ConfigureAwait(false);
        }
        catch (AgentBayException exception)
        {
            return ToolOutcome(exception);
        }
        return ToolOutcome(transport, response, parseTextAsJson);
    }

    /// <summary>
    /// <see cref="CallToolAsync"/> while somebody listens to <c>agentbay.tool.duration</c>: the call is timed on the
    /// transport's clock and recorded by tool name and outcome. With <paramref name="async"/> false it completes synchronously.
    /// </summary>
    private static async ValueTask<OperationOutcome> CallToolObservedAsync(AgentBayTransport transport, AgentBayRequest request,
        bool parseTextAsJson, bool async, CancellationToken cancellationToken)
    {
        long started = transport.TimeProvider.GetTimestamp();
        string outcomeTag;
        string? errorType;
        OperationOutcome outcome;
        try
        {
            AgentBayResponse response = await transport.SendAsync(request, async, cancellationToken).ConfigureAwait(false);
            outcome = ToolOutcome(transport, response, parseTextAsJson);
            (outcomeTag, errorType) = outcome.Success
                ? (AgentBayTelemetry.Success, null)
                : outcome.Text is not null
                    ? (AgentBayTelemetry.ToolError, AgentBayTelemetry.ToolError)
                    : !response.Success && response.Code is { } code
                        ? (AgentBayTelemetry.ServiceError, code)
                        : (AgentBayTelemetry.InvalidResponse, AgentBayTelemetry.InvalidResponse);
        }
        catch (AgentBayException exception)
        {
            outcome = ToolOutcome(exception);
            (outcomeTag, errorType) = AgentBayTelemetry.Classify(exception);
        }
        catch (Exception exception)
        {
            (outcomeTag, errorType) = AgentBayTelemetry.Classify(exception);
            RecordTool(transport, request, started, outcomeTag, errorType);
            throw;
        }
        RecordTool(transport, request, started, outcomeTag, errorType);
        return outcome;
    }

    private static void RecordTool(AgentBayTransport transport, AgentBayRequest request, long started, string outcome, string? errorType)
    {
        var tags = new System.Diagnostics.TagList
        {
            { AgentBayTelemetry.ToolTag, request.ToolName ?? "unknown" },
            { AgentBayTelemetry.OutcomeTag, outcome },
        };
        if (errorType is not null)
        {
            tags.Add("error.type", errorType);
        }
        AgentBayTelemetry.ToolDuration.Record(transport.TimeProvider.GetElapsedTime(started).TotalSeconds, tags);
    }

    private static OperationOutcome ToolOutcome(AgentBayException exception) => new()
    {
        Success = false,
        RequestId = exception.RequestId ?? "",
        ErrorMessage = "API request failed: " + exception.Message,
        Code = exception.Code,
        Message = exception.Message,
        HttpStatusCode = exception.HttpStatusCode,
    };

    private static OperationOutcome ToolOutcome(AgentBayTransport transport, AgentBayResponse response, bool parseTextAsJson)
    {
        // The TypeScript SDK checks the envelope first; a failed call carries no tool result worth parsing.
        if (!response.Success && response.Code is not null)
        {
            return ToolFailure(transport, response, transport.Redact(response.ErrorText));
        }

        JsonElement data = WireReader.Property(response.Body, "Data"u8);
        if (IsBlank(data))
        {
            return ToolFailure(transport, response, "Empty response data");
        }
        JsonDocument? parsedData = null;
        if (data.ValueKind == JsonValueKind.String)
        {
            string? error = TryParseToolData(data.GetString()!, out parsedData);
            if (error is not null)
            {
                return ToolFailure(transport, response, "Failed to parse response data: " + error);
            }
            data = parsedData!.RootElement;
        }
        if (data.ValueKind != JsonValueKind.Object)
        {
            parsedData?.Dispose();
            return ToolFailure(transport, response, $"Failed to parse response data: expected a JSON object, got {data.ValueKind}");
        }

        // The LinkUrl route nests the result one level deeper: {result: {content, isError}}.
        JsonElement result = data;
        if (!data.TryGetProperty("content"u8, out _) && WireReader.Property(data, "result"u8) is { ValueKind: JsonValueKind.Object } nested)
        {
            result = nested;
        }
        string text = ReadToolText(result);
        bool isError = WireReader.ReadBoolean(WireReader.Property(result, "isError"u8)) ?? false;

        JsonElement body = response.Body;
        JsonDocument? parsedText = null;
        if (parseTextAsJson)
        {
            // Parsed on errors too: shell reports exit_code inside the error text.
            parsedText = WireReader.TryParseDocument(text);
            body = parsedText?.RootElement ?? default;
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
            Response = response,
            ParsedData = parsedData,
            ParsedText = parsedText,
        };
    }

    /// <summary>content[0].text, else its blob or data (as the TypeScript and Go SDKs fall back), else "".</summary>
    private static string ReadToolText(JsonElement result)
    {
        JsonElement content = WireReader.Property(result, "content"u8);
        JsonElement first = content.ValueKind == JsonValueKind.Array && content.GetArrayLength() > 0 ? content[0] : default;
        return WireReader.ReadString(WireReader.Property(first, "text"u8))
            ?? WireReader.ReadString(WireReader.Property(first, "blob"u8))
            ?? WireReader.ReadString(WireReader.Property(first, "data"u8))
            ?? "";
    }

    /// <summary>Parses Data sent as a JSON string; returns the parser's complaint, or null on success.</summary>
    private static string? TryParseToolData(string json, out JsonDocument? data)
    {
        data = null;
        try
        {
            data = JsonDocument.Parse(json);
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
        Response = response,
    };
}
