using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace AgentBay.Emulator.Http;

/// <summary>
/// The parameters of one call, query and form merged: the SDKs put some parameters in the query (SessionId of
/// GetSessionDetail, Authorization of SyncContext, everything of GetAndLoadInternalContext) and the rest in the body.
/// A key present in both takes the body's value.
/// </summary>
internal sealed class ActionRequest
{
    private readonly Dictionary<string, string> _values;

    private ActionRequest(Dictionary<string, string> values, string owner, CancellationToken aborted)
    {
        _values = values;
        Owner = owner;
        Aborted = aborted;
    }

    /// <summary>Identity of the API key that authorised the call (never the key itself).</summary>
    public string Owner { get; }

    /// <summary>Signalled when the client goes away or the emulator stops.</summary>
    public CancellationToken Aborted { get; }

    public static async Task<Dictionary<string, string>> ReadParametersAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Query)
        {
            values[key] = value.ToString();
        }

        // HasFormContentType covers chunked bodies without Content-Length too: ReadFormAsync streams the body.
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
            foreach (var (key, value) in form)
            {
                values[key] = value.ToString();
            }
        }

        return values;
    }

    public static ActionRequest Create(Dictionary<string, string> values, string owner, CancellationToken aborted) =>
        new(values, owner, aborted);

    public string? Optional(string name) =>
        _values.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    public string Required(string name) => Optional(name) ?? throw ApiError.MissingParameter(name);

    /// <summary>Booleans arrive as <c>True</c> (Python) or <c>true</c> (Go/TS): compare without case.</summary>
    public bool Boolean(string name, bool defaultValue = false) => Optional(name) switch
    {
        null => defaultValue,
        var text when bool.TryParse(text.Trim(), out var value) => value,
        _ => throw ApiError.InvalidParameter(name, "expected true or false."),
    };

    public int? Integer(string name) => Optional(name) switch
    {
        null => null,
        var text when int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) => value,
        _ => throw ApiError.InvalidParameter(name, "expected an integer."),
    };

    /// <summary>A parameter the SDK JSON-encodes into one string (Labels, Args, ...); parsed, never compared as text.</summary>
    public JsonNode? Json(string name)
    {
        if (Optional(name) is not { } text)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw ApiError.InvalidParameter(name, "not valid JSON (" + e.Message + ").");
        }
    }

    /// <summary>Labels as a string map; <c>{}</c> or absent gives an empty map. Scalar values are taken as their text.</summary>
    public IReadOnlyDictionary<string, string> Labels(string name = "Labels")
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (Json(name))
        {
            case null:
                return result;
            case JsonObject map:
                foreach (var (key, value) in map)
                {
                    result[key] = value switch
                    {
                        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                        JsonValue v => v.ToJsonString(),
                        _ => throw ApiError.InvalidParameter(name, $"the value of '{key}' must be a string."),
                    };
                }

                return result;
            default:
                throw ApiError.InvalidParameter(name, "expected a JSON object of labels.");
        }
    }
}
