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

    // Kept sorted (ordinal by name) on insert, which is the order they go on the wire: the transport writes them as they
    // are, without copying or sorting. A request has a handful of parameters, so a list beats a tree here; the query
    // list is created only for the few actions that have query parameters.
    private ParameterList _form;
    private ParameterList _query;

    /// <summary>Creates a request for <paramref name="action"/>, e.g. <c>CreateMcpSession</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="action"/> is null or blank.</exception>
    public AgentBayRequest(string action)
        : this(action, formCapacity: 0)
    {
    }

    /// <summary>Creates a request for <paramref name="action"/> with room for <paramref name="formCapacity"/> form parameters.</summary>
    /// <remarks>Generated code passes the number of parameters it adds, so the list is allocated once at its final size.</remarks>
    /// <exception cref="ArgumentException"><paramref name="action"/> is null or blank.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="formCapacity"/> is negative.</exception>
    public AgentBayRequest(string action, int formCapacity)
    {
        if (string.IsNullOrWhiteSpace(action))
        {
            throw new ArgumentException("The action name must not be empty.", nameof(action));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(formCapacity);
        Action = action;
        _form = new ParameterList(formCapacity);
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

    /// <summary>
    /// The MCP tool a CallMcpTool request calls (generated tool calls set it): telemetry tags the request's activity and
    /// the <c>agentbay.tool.duration</c> histogram with it. Not sent; the tool's name goes on the wire as a parameter.
    /// </summary>
    public string? ToolName { get; set; }

    /// <summary>Adds a parameter; a null value is omitted, an empty string is sent as empty.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or is <c>Authorization</c>.</exception>
    public void Add(string name, string? value, ParameterLocation location = ParameterLocation.Form)
    {
        ValidateName(name);
        if (value is not null)
        {
            Parameters(location).Set(name, value);
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
        Parameters(location).Set(name, WireJson.Serialize(write));
    }

    /// <summary>
    /// Adds a JSON value written by <paramref name="write"/> from <paramref name="state"/> as one compact JSON string
    /// parameter. With a static callback nothing is captured, so nothing is allocated for the callback.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="write"/> is null.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="write"/> did not write exactly one complete JSON value.</exception>
    public void AddJson<TState>(string name, TState state, Action<Utf8JsonWriter, TState> write, ParameterLocation location = ParameterLocation.Form)
    {
        ValidateName(name);
        if (write is null)
        {
            throw new ArgumentNullException(nameof(write));
        }
        Parameters(location).Set(name, WireJson.Serialize(state, write));
    }

    /// <summary>Reads a parameter added earlier.</summary>
    /// <returns>True when <paramref name="name"/> was added at <paramref name="location"/>.</returns>
    public bool TryGet(string name, out string value, ParameterLocation location = ParameterLocation.Form)
    {
        ref ParameterList parameters = ref Parameters(location);
        if (parameters.IndexOf(name) is var index and >= 0)
        {
            value = parameters[index].Value;
            return true;
        }
        value = null!;
        return false;
    }

    /// <summary>Form parameters in the order they go on the wire (ordinal by name).</summary>
    /// <remarks>A snapshot: adding parameters later does not change a list obtained earlier.</remarks>
    public IReadOnlyList<KeyValuePair<string, string>> FormParameters => _form.ToArray();

    /// <summary>Action-specific query parameters (ordinal by name).</summary>
    /// <remarks>A snapshot: adding parameters later does not change a list obtained earlier.</remarks>
    public IReadOnlyList<KeyValuePair<string, string>> QueryParameters => _query.ToArray();

    /// <summary>The form parameters, sorted, without a copy (for the transport).</summary>
    internal ReadOnlySpan<KeyValuePair<string, string>> FormSpan => _form.AsSpan();

    /// <summary>The query parameters, sorted, without a copy (for the transport).</summary>
    internal ReadOnlySpan<KeyValuePair<string, string>> QuerySpan => _query.AsSpan();

    /// <summary>Parameter names and values, with Authorization never included.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(Action);
        AppendSection(text, "query", _query);
        AppendSection(text, "form", _form);
        return text.ToString();
    }

    // By reference: the lists are mutable structs stored in this object's fields.
    private ref ParameterList Parameters(ParameterLocation location)
    {
        switch (location)
        {
            case ParameterLocation.Form:
                return ref _form;
            case ParameterLocation.Query:
                return ref _query;
            default:
                throw new ArgumentOutOfRangeException(nameof(location), location, "Unknown parameter location.");
        }
    }

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

    private static void AppendSection(StringBuilder text, string label, in ParameterList parameters)
    {
        if (parameters.Count == 0)
        {
            return;
        }
        text.Append(' ').Append(label).Append(" {");
        bool first = true;
        foreach (KeyValuePair<string, string> parameter in parameters.AsSpan())
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

    /// <summary>Name/value pairs kept in ordinal name order; setting an existing name replaces its value.</summary>
    /// <remarks>A struct held in the request's fields (one object less per request); always used by reference.</remarks>
    private struct ParameterList
    {
        private KeyValuePair<string, string>[]? _items;

        public ParameterList(int capacity) => _items = capacity == 0 ? null : new KeyValuePair<string, string>[capacity];

        public int Count { get; private set; }

        public readonly KeyValuePair<string, string> this[int index] => _items![index];

        public readonly int IndexOf(string name)
        {
            int index = Search(name);
            return index >= 0 ? index : -1;
        }

        public void Set(string name, string value)
        {
            int index = Search(name);
            if (index >= 0)
            {
                _items![index] = new KeyValuePair<string, string>(name, value);
                return;
            }
            index = ~index;
            if (_items is null || Count == _items.Length)
            {
                // Generated code sizes the list up front; other callers start small and double.
                Array.Resize(ref _items, Math.Max(4, Count * 2));
            }
            Array.Copy(_items, index, _items, index + 1, Count - index);
            _items[index] = new KeyValuePair<string, string>(name, value);
            Count++;
        }

        public readonly ReadOnlySpan<KeyValuePair<string, string>> AsSpan() => _items.AsSpan(0, Count);

        public readonly KeyValuePair<string, string>[] ToArray() => AsSpan().ToArray();

        // Binary search by ordinal name: the index when found, else the bitwise complement of the insertion point.
        private readonly int Search(string name)
        {
            int low = 0;
            int high = Count - 1;
            while (low <= high)
            {
                int middle = low + ((high - low) >> 1);
                int order = string.CompareOrdinal(_items![middle].Key, name);
                if (order == 0)
                {
                    return middle;
                }
                if (order < 0)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle - 1;
                }
            }
            return ~low;
        }
    }
}
