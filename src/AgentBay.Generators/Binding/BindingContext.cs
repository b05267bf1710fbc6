using System.Collections.Generic;
using System.Globalization;
using AgentBay.Generators.Diagnostics;
using AgentBay.Generators.Spec.Syntax;
using Microsoft.CodeAnalysis;

namespace AgentBay.Generators.Binding;

/// <summary>
/// State of one bind: the diagnostics found so far and a source map from node paths (<c>records.X.fields.Y.type</c>)
/// to their positions, which lets the validator locate problems without keeping syntax nodes in the model.
/// </summary>
internal sealed class BindingContext
{
    private readonly Dictionary<string, SpecRange> _values;
    private readonly Dictionary<string, SpecRange> _keys;

    public BindingContext(string filePath)
        : this(filePath, expectedNodes: 0)
    {
    }

    /// <summary>
    /// A context sized for about <paramref name="expectedNodes"/> recorded nodes: a large spec's source maps are then
    /// allocated once instead of doubling through the large object heap (each resize of a 20 000-entry map left an
    /// 85 KB+ array behind and triggered gen2 collections).
    /// </summary>
    public BindingContext(string filePath, int expectedNodes)
    {
        FilePath = filePath;
        _values = new Dictionary<string, SpecRange>(expectedNodes);
        _keys = new Dictionary<string, SpecRange>(expectedNodes);
    }

    /// <summary>About as many nodes as the spec has keys: one per ':' in its text (YAML and JSON alike).</summary>
    public static int ExpectedNodes(string text)
    {
        var colons = 0;
        foreach (var c in text)
        {
            if (c == ':')
            {
                colons++;
            }
        }

        return colons;
    }

    public string FilePath { get; }

    public List<DiagnosticInfo> Diagnostics { get; } = new();

    public bool HasErrors => Diagnostics.Count > 0;

    public void Record(string path, SpecNode value, SpecNode? key = null)
    {
        _values[path] = value.Range;
        if (key is not null)
        {
            _keys[path] = key.Range;
        }
    }

    /// <summary>Whether the spec wrote a node at <paramref name="path"/>.</summary>
    public bool Has(string path) => _values.ContainsKey(path);

    /// <summary>Location of the value at <paramref name="path"/>, or of its nearest recorded ancestor.</summary>
    public SpecLocation LocationOf(string path) => Locate(_values, path);

    /// <summary>Location of the key that introduces <paramref name="path"/> (for duplicate names), else of its value.</summary>
    public SpecLocation KeyLocationOf(string path) => _keys.TryGetValue(path, out var range) ? ToLocation(range) : LocationOf(path);

    public SpecLocation ToLocation(SpecRange range) => new(
        FilePath,
        range.Start.Offset,
        range.End.Offset - range.Start.Offset,
        range.Start.Line,
        range.Start.Column,
        range.End.Line,
        range.End.Column);

    public void Report(DiagnosticDescriptor descriptor, SpecLocation location, params string[] arguments) =>
        Diagnostics.Add(DiagnosticInfo.Create(descriptor.Id, location, arguments));

    public void Report(DiagnosticDescriptor descriptor, SpecNode node, params string[] arguments) =>
        Report(descriptor, ToLocation(node.Range), arguments);

    public SpecMapping? AsMapping(SpecNode node, string path)
    {
        if (node is SpecMapping mapping)
        {
            return mapping;
        }

        Report(SpecDiagnostics.UnexpectedNode, node, "a mapping", path, Describe(node));
        return null;
    }

    public SpecSequence? AsSequence(SpecNode node, string path)
    {
        if (node is SpecSequence sequence)
        {
            return sequence;
        }

        Report(SpecDiagnostics.UnexpectedNode, node, "a list", path, Describe(node));
        return null;
    }

    public SpecScalar? AsScalar(SpecNode node, string path)
    {
        if (node is SpecScalar scalar && !scalar.IsNull)
        {
            return scalar;
        }

        Report(SpecDiagnostics.UnexpectedNode, node, "a value", path, Describe(node));
        return null;
    }

    /// <summary>
    /// Records every entry of <paramref name="mapping"/> in the source map, reports keys outside
    /// <paramref name="allowed"/> and keys given twice, and returns the entries to bind (first occurrence wins).
    /// </summary>
    public Dictionary<string, SpecMappingEntry> Entries(SpecMapping mapping, string path, params string[] allowed)
    {
        var entries = new Dictionary<string, SpecMappingEntry>();
        foreach (var entry in mapping.Entries)
        {
            var key = entry.Key.Value;
            var childPath = Join(path, key);
            if (entries.ContainsKey(key))
            {
                Report(SpecDiagnostics.DuplicateName, entry.Key, "key", key, childPath, childPath);
                continue;
            }

            if (allowed.Length > 0 && System.Array.IndexOf(allowed, key) < 0)
            {
                Report(SpecDiagnostics.UnknownKey, entry.Key, key, path.Length == 0 ? "(root)" : path, string.Join(", ", allowed));
                continue;
            }

            Record(childPath, entry.Value, entry.Key);
            entries.Add(key, entry);
        }

        return entries;
    }

    /// <summary>Entries of a mapping whose keys are names chosen by the spec author (records, tools, fields...).</summary>
    public List<SpecMappingEntry> NamedEntries(SpecMapping mapping, string path, string what)
    {
        var seen = new Dictionary<string, string>();
        var result = new List<SpecMappingEntry>();
        foreach (var entry in mapping.Entries)
        {
            var childPath = Join(path, entry.Key.Value);
            if (seen.TryGetValue(entry.Key.Value, out var first))
            {
                Report(SpecDiagnostics.DuplicateName, entry.Key, what, entry.Key.Value, childPath, first);
                continue;
            }

            seen.Add(entry.Key.Value, childPath);
            Record(childPath, entry.Value, entry.Key);
            result.Add(entry);
        }

        return result;
    }

    public string? String(Dictionary<string, SpecMappingEntry> entries, string key, string path, bool required = false)
    {
        if (!entries.TryGetValue(key, out var entry))
        {
            if (required)
            {
                Report(SpecDiagnostics.MissingKey, LocationOf(path), key, path.Length == 0 ? "(root)" : path);
            }

            return null;
        }

        return AsScalar(entry.Value, Join(path, key))?.Value;
    }

    public bool? Boolean(Dictionary<string, SpecMappingEntry> entries, string key, string path)
    {
        if (!entries.TryGetValue(key, out var entry))
        {
            return null;
        }

        var scalar = AsScalar(entry.Value, Join(path, key));
        if (scalar is null)
        {
            return null;
        }

        if (scalar.TryGetBoolean(out var value))
        {
            return value;
        }

        Report(SpecDiagnostics.InvalidValue, scalar, scalar.Value, Join(path, key), "expected true or false");
        return null;
    }

    public List<string> StringList(Dictionary<string, SpecMappingEntry> entries, string key, string path)
    {
        var result = new List<string>();
        if (!entries.TryGetValue(key, out var entry))
        {
            return result;
        }

        var listPath = Join(path, key);
        var sequence = AsSequence(entry.Value, listPath);
        if (sequence is null)
        {
            return result;
        }

        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var itemPath = listPath + "[" + i.ToString(CultureInfo.InvariantCulture) + "]";
            Record(itemPath, sequence.Items[i]);
            var scalar = AsScalar(sequence.Items[i], itemPath);
            if (scalar is not null)
            {
                result.Add(scalar.Value);
            }
        }

        return result;
    }

    public static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    public static string Describe(SpecNode node) => node switch
    {
        SpecMapping => "a mapping",
        SpecSequence => "a list",
        SpecScalar { IsNull: true } => "nothing",
        SpecScalar scalar => "'" + scalar.Value + "'",
        _ => "an unknown node",
    };

    private SpecLocation Locate(Dictionary<string, SpecRange> map, string path)
    {
        var current = path;
        while (true)
        {
            if (map.TryGetValue(current, out var range))
            {
                return ToLocation(range);
            }

            var cut = current.LastIndexOf('.');
            if (cut < 0)
            {
                return SpecLocation.FileStart(FilePath);
            }

            current = current.Substring(0, cut);
        }
    }
}
