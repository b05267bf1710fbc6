using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AgentBay.Runtime;

/// <summary>One RPC request: an action and its parameters, before wire encoding.</summary>
/// <remarks>
/// Values are kept as the strings that go on the wire, so what <see cref="FormParameters"/> shows is exactly what is
/// sent. Adding a name twice at the same location replaces the earlier value. <c>Authorization</c> is not a request
/// parameter: the transport adds it from the options, so a request can be logged without leaking the key.
/// </remarks>
public sealed class AgentBayRequest
{
    /// <summary>Name of the parameter that carries the API key; reserved for the transport.</summary>
    internal const string AuthorizationParameter = "Authorization";

    // Values longer than this are shortened in ToString: tool Args can hold whole files.
    private const int MaxLoggedValueLength = 256;

    private readonly SortedDictionary<string, string> _form = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, string> _query = new(StringComparer.Ordinal);

    /// <summary>Creates a request for <paramref name="action"/>, e.g. <c>CreateMcpSession</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="action"/> is null or blank.</exception>
    public AgentBayRequest(string action)
    {
        if (string.IsNullOrWhiteSpace(action))
        {
            throw new ArgumentException("The action name must not be empty.", nameof(action));
        }
        Action = action;
    }

    /// <summary>The RPC action, sent as the <c>Action</c> query parameter and the <c>x-acs-action</c> header.</summary>
    public string Action { get; }

    /// <summary>Send <c>Authorization</c> in the query instead of the body (SyncContext).</summary>
    public ParameterLocation AuthorizationLocation { get; set; }

    /// <summary>Per-request HTTP timeout overriding <see cref="AgentBayOptions.Timeout"/>.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>
    /// True when sending the request twice has the effect of sending it once (reads, replacing labels), so the transport
    /// may retry it after a failure that left its fate unknown. Set from the spec's <c>idempotent: true</c>.
    /// </summary>
    public bool Idempotent { get; set; }

    /// <summary>Adds a parameter; a null value is omitted, an empty string is sent as empty.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or is <c>Authorization</c>.</exception>
    public void Add(string name, string? value, ParameterLocation location = ParameterLocation.Form)
    {
        ValidateName(name);
        if (value is not null)
        {
            Parameters(location)[name] = value;
        }
    }

    /// <summary>Adds a boolean as <c>true</c>/<c>false</c>; null is omitted.</summary>
    public void Add(string name, bool? value, ParameterLocation location = ParameterLocation.Form)
        => Add(name, value is null ? null : value.Value ? "true" : "false", location);

    /// <summary>Adds an integer in invariant decimal form; null is omitted.</summary>
    public void Add(string name, long? value, ParameterLocation location = ParameterLocation.Form)
        => Add(name, value?.ToString(CultureInfo.InvariantCulture), location);

    /// <summary>Adds a double in invariant round-trip form; null is omitted.</summary>
    public void Add(string name, double? value, ParameterLocation location = ParameterLocation.Form)
        => Add(name, value?.ToString("R", CultureInfo.InvariantCulture), location);

    /// <summary>Adds a JSON value written by <paramref name="write"/> as one compact JSON string parameter.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="write"/> is null.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="write"/> did not write exactly one complete JSON value.</exception>
    public void AddJson(string name, Action<Utf8JsonWriter> write, ParameterLocation location = ParameterLocation.Form)
    {
        ValidateName(name);
        if (write is null)
        {
            throw new ArgumentNullException(nameof(write));
        }
        Parameters(location)[name] = WireJson.Serialize(write);
    }

    /// <summary>Reads a parameter added earlier.</summary>
    /// <returns>True when <paramref name="name"/> was added at <paramref name="location"/>.</returns>
    public bool TryGet(string name, out string value, ParameterLocation location = ParameterLocation.Form)
        => Parameters(location).TryGetValue(name, out value!);

    /// <summary>Form parameters in the order they go on the wire (ordinal by name).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> FormParameters => Snapshot(_form);

    /// <summary>Action-specific query parameters (ordinal by name).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> QueryParameters => Snapshot(_query);

    /// <summary>Parameter names and values, with Authorization never included.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(Action);
        AppendSection(text, "query", _query);
        AppendSection(text, "form", _form);
        return text.ToString();
    }

    private SortedDictionary<string, string> Parameters(ParameterLocation location) => location switch
    {
        ParameterLocation.Form => _form,
        ParameterLocation.Query => _query,
        _ => throw new ArgumentOutOfRangeException(nameof(location), location, "Unknown parameter location."),
    };

    private static void ValidateName(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException("The parameter name must not be empty.", nameof(name));
        }
        if (string.Equals(name, AuthorizationParameter, StringComparison.OrdinalIgnoreCase))
        {
            // The key must never sit in a request object that may be logged; the transport adds it at send time.
            throw new ArgumentException(
                "Authorization is added by the transport from AgentBayOptions.ApiKey; set AuthorizationLocation to move it to the query.",
                nameof(name));
        }
    }

    private static KeyValuePair<string, string>[] Snapshot(SortedDictionary<string, string> parameters)
    {
        var items = new KeyValuePair<string, string>[parameters.Count];
        int index = 0;
        foreach (KeyValuePair<string, string> parameter in parameters)
        {
            items[index++] = parameter;
        }
        return items;
    }

    private static void AppendSection(StringBuilder text, string label, SortedDictionary<string, string> parameters)
    {
        if (parameters.Count == 0)
        {
            return;
        }
        text.Append(' ').Append(label).Append(" {");
        bool first = true;
        foreach (KeyValuePair<string, string> parameter in parameters)
        {
            text.Append(first ? " " : ", ").Append(parameter.Key).Append('=');
            if (parameter.Value.Length > MaxLoggedValueLength)
            {
                text.Append(parameter.Value, 0, MaxLoggedValueLength)
                    .Append("…(").Append(parameter.Value.Length.ToString(CultureInfo.InvariantCulture)).Append(" chars)");
            }
            else
            {
                text.Append(parameter.Value);
            }
            first = false;
        }
        text.Append(" }");
    }
}
