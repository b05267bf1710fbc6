using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace AgentBay.Cli.Specs;

/// <summary>
/// Turns a ListMcpTools tool list (<c>[{name, description, inputSchema, server}]</c>) into spec tools. Pure: no I/O.
/// What the spec cannot say becomes a <see cref="ConversionWarning"/> and the argument is typed <c>json</c> (raw JSON);
/// nothing a service sends makes it throw, except a list that is not JSON or not an array (<see cref="CliException"/>).
/// </summary>
/// <remarks>
/// Every walk into a schema is bounded by <see cref="MaxTypeDepth"/> and never follows <c>$ref</c>, so deep or
/// recursive schemas cost no more than a shallow one.
/// </remarks>
internal static class SchemaConverter
{
    /// <summary>How deep list/map types may nest (<c>list&lt;list&lt;…&gt;&gt;</c>); deeper schemas are raw JSON.</summary>
    public const int MaxTypeDepth = 8;

    /// <summary>Largest enum kept as <c>allowed</c>; a bigger one leaves a plain string.</summary>
    public const int MaxEnumValues = 256;

    /// <summary>Nesting the JSON parser accepts in a tool list (the converter itself stops at <see cref="MaxTypeDepth"/>).</summary>
    public const int MaxJsonDepth = 1_000_000;

    private const string Raw = "typed as raw JSON";

    // Keywords whose meaning the spec's types cannot carry: the schema they sit in becomes raw JSON.
    private static readonly (string Keyword, string What)[] Inexpressible =
    [
        ("$ref", "$ref (references are not followed)"),
        ("$dynamicRef", "$dynamicRef (references are not followed)"),
        ("$recursiveRef", "$recursiveRef (references are not followed)"),
        ("allOf", "allOf"),
        ("not", "not"),
        ("if", "if/then/else"),
        ("patternProperties", "patternProperties"),
        ("dependentSchemas", "dependentSchemas"),
        ("prefixItems", "prefixItems (tuple array)"),
    ];

    /// <summary>Parses and converts the tool list text (ListMcpTools' <c>Data</c>).</summary>
    /// <exception cref="CliException">The text is not JSON or not an array.</exception>
    public static ConversionResult ConvertToolList(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxJsonDepth });
        }
        catch (JsonException e)
        {
            throw new CliException("the tool list is not valid JSON: " + OneLine(e.Message), e);
        }

        using (document)
        {
            return ConvertToolList(document.RootElement);
        }
    }

    /// <summary>Converts a parsed tool list; tools come out sorted by name (ordinal).</summary>
    /// <exception cref="CliException"><paramref name="list"/> is not an array.</exception>
    public static ConversionResult ConvertToolList(JsonElement list)
    {
        if (list.ValueKind != JsonValueKind.Array)
        {
            throw new CliException($"the tool list is a JSON {Kind(list)}, not an array of tools");
        }

        var warnings = new List<ConversionWarning>();
        var tools = new List<SpecTool>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var entry in list.EnumerateArray())
        {
            var label = "#" + index.ToString(CultureInfo.InvariantCulture);
            index++;
            if (entry.ValueKind != JsonValueKind.Object)
            {
                warnings.Add(new(label, "", $"entry {label} of the tool list is a JSON {Kind(entry)}, not a tool object; left out"));
                continue;
            }

            if (!entry.TryGetProperty("name", out var nameElement) || nameElement.ValueKind != JsonValueKind.String
                || string.IsNullOrWhiteSpace(nameElement.GetString()))
            {
                warnings.Add(new(label, "", $"entry {label} of the tool list has no name; left out"));
                continue;
            }

            var name = nameElement.GetString()!;
            if (!names.Add(name))
            {
                warnings.Add(new(name, "", "listed more than once; the first listing is used"));
                continue;
            }

            if (ConvertTool(name, entry, warnings) is { } tool)
            {
                tools.Add(tool);
            }
        }

        tools.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return new ConversionResult(UniqueMethods(tools, warnings), warnings);
    }

    private static SpecTool? ConvertTool(string name, JsonElement entry, List<ConversionWarning> warnings)
    {
        string? server = null;
        if (entry.TryGetProperty("server", out var serverElement) && serverElement.ValueKind == JsonValueKind.String
            && serverElement.GetString() is { Length: > 0 } s)
        {
            server = s;
        }
        else
        {
            warnings.Add(new(name, "", "the service names no server for it; written as server: \"\" (fill it in)"));
        }

        string? doc = entry.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String && d.GetString() is { Length: > 0 } text
            ? text
            : null;
        var method = Names.Method(name);

        if (!entry.TryGetProperty("inputSchema", out var schema) || schema.ValueKind == JsonValueKind.Null)
        {
            warnings.Add(new(name, "", "no inputSchema; written without arguments"));
            return new SpecTool(name, server ?? "", method, doc, []);
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            warnings.Add(new(name, "", $"inputSchema is a JSON {Kind(schema)}, not an object; tool left out"));
            return null;
        }

        if (schema.TryGetProperty("type", out var type) && !(type.ValueKind == JsonValueKind.String && type.GetString() == "object"))
        {
            warnings.Add(new(name, "/type", $"inputSchema is not of type object ({type.GetRawText()}); tool left out"));
            return null;
        }

        foreach (var keyword in new[] { "anyOf", "oneOf" }.Concat(Inexpressible.Select(k => k.Keyword)))
        {
            if (schema.TryGetProperty(keyword, out _))
            {
                warnings.Add(new(name, "/" + Escape(keyword), "not expressible at the top of inputSchema; only its properties are typed"));
            }
        }

        var required = RequiredNames(name, schema, warnings);
        var arguments = new List<SpecArgument>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (schema.TryGetProperty("properties", out var properties))
        {
            if (properties.ValueKind != JsonValueKind.Object)
            {
                warnings.Add(new(name, "/properties", $"properties is a JSON {Kind(properties)}, not an object; written without arguments"));
            }
            else
            {
                foreach (var property in properties.EnumerateObject())
                {
                    var pointer = "/properties/" + Escape(property.Name);
                    if (!seen.Add(property.Name))
                    {
                        warnings.Add(new(name, pointer, "argument listed more than once; the first one is used"));
                        continue;
                    }

                    arguments.Add(ConvertArgument(name, property.Name, property.Value, required.Contains(property.Name), pointer, warnings));
                }
            }
        }

        foreach (var missing in required.Where(r => !seen.Contains(r)))
        {
            warnings.Add(new(name, "/required", $"required argument '{missing}' has no schema under properties; {Raw}"));
            seen.Add(missing);
            arguments.Add(new SpecArgument(missing, Names.Parameter(missing), "json", Lossy: true));
        }

        return new SpecTool(name, server ?? "", method, doc, UniqueParameters(name, Ordered(arguments), warnings));
    }

    private static HashSet<string> RequiredNames(string tool, JsonElement schema, List<ConversionWarning> warnings)
    {
        var required = new HashSet<string>(StringComparer.Ordinal);
        if (!schema.TryGetProperty("required", out var list))
        {
            return required;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            warnings.Add(new(tool, "/required", $"required is a JSON {Kind(list)}, not an array; every argument is optional"));
            return required;
        }

        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                required.Add(item.GetString()!);
            }
            else
            {
                warnings.Add(new(tool, "/required/" + i.ToString(CultureInfo.InvariantCulture), $"not an argument name ({Kind(item)}); ignored"));
            }

            i++;
        }

        return required;
    }

    // Required arguments first (C# needs them before the optional ones), otherwise in the service's order.
    private static List<SpecArgument> Ordered(List<SpecArgument> arguments) =>
        [.. arguments.Where(a => a.Required), .. arguments.Where(a => !a.Required)];

    private static List<SpecArgument> UniqueParameters(string tool, List<SpecArgument> arguments, List<ConversionWarning> warnings)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<SpecArgument>(arguments.Count);
        foreach (var argument in arguments)
        {
            var candidate = argument.CSharpName;
            for (var n = 2; !used.Add(candidate); n++)
            {
                candidate = argument.CSharpName + n.ToString(CultureInfo.InvariantCulture);
            }

            if (candidate != argument.CSharpName)
            {
                warnings.Add(new(tool, "/properties/" + Escape(argument.WireName),
                    $"C# name '{argument.CSharpName}' is taken by another argument; named '{candidate}'"));
            }

            result.Add(argument with { CSharpName = candidate });
        }

        return result;
    }

    private static List<SpecTool> UniqueMethods(List<SpecTool> tools, List<ConversionWarning> warnings)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<SpecTool>(tools.Count);
        foreach (var tool in tools)
        {
            var candidate = tool.Method;
            for (var n = 2; !used.Add(candidate); n++)
            {
                candidate = tool.Method + n.ToString(CultureInfo.InvariantCulture);
            }

            if (candidate != tool.Method)
            {
                warnings.Add(new(tool.Name, "", $"method name '{tool.Method}' is taken by another tool; named '{candidate}'"));
            }

            result.Add(tool with { Method = candidate });
        }

        return result;
    }

    private static SpecArgument ConvertArgument(string tool, string wireName, JsonElement schema, bool required, string pointer, List<ConversionWarning> warnings)
    {
        var context = new Context(tool, warnings);
        var shape = ConvertType(context, schema, pointer, 0);
        var csharpName = Names.Parameter(wireName);
        var doc = Description(schema) ?? (shape.Effective is { } inner ? Description(inner) : null);
        if (shape.Lossy || shape.Effective is not { ValueKind: JsonValueKind.Object } node)
        {
            var optionalRaw = shape.Nullable || !required;
            return new SpecArgument(wireName, csharpName, shape.Type + (optionalRaw ? "?" : ""), Doc: doc, Lossy: shape.Lossy);
        }

        var type = shape.Type;
        var nullable = shape.Nullable;
        IReadOnlyList<string>? allowed = null;
        SpecRange? range = null;

        if (type == "string")
        {
            (allowed, nullable) = Allowed(context, node, pointer, nullable);
        }
        else if (node.TryGetProperty("enum", out _) || node.TryGetProperty("const", out _))
        {
            context.Warn(pointer + "/" + (node.TryGetProperty("enum", out _) ? "enum" : "const"),
                $"allowed values of a {type} argument are not expressible (only strings have allowed values); dropped");
        }

        if (type is "int" or "long" or "double")
        {
            range = Range(context, node, pointer, ref type);
        }

        var defaultValue = Default(context, node, pointer, type, range, allowed);
        nullable |= !required && defaultValue is null;
        return new SpecArgument(wireName, csharpName, type + (nullable ? "?" : ""), defaultValue, range, allowed, doc);
    }

    /// <summary>The spec type of one schema; <see cref="Shape.Effective"/> is the schema whose constraints apply.</summary>
    private static Shape ConvertType(Context context, JsonElement schema, string pointer, int depth)
    {
        if (depth > MaxTypeDepth)
        {
            return context.Lossy(pointer, $"nested deeper than {MaxTypeDepth} levels; {Raw}");
        }

        switch (schema.ValueKind)
        {
            case JsonValueKind.True:
                return Shape.Json;
            case JsonValueKind.False:
                return context.Lossy(pointer, $"schema false accepts no value; {Raw}");
            case JsonValueKind.Object:
                break;
            default:
                return context.Lossy(pointer, $"schema is a JSON {Kind(schema)}, not an object; {Raw}");
        }

        foreach (var (keyword, what) in Inexpressible)
        {
            if (schema.TryGetProperty(keyword, out _))
            {
                return context.Lossy(pointer + "/" + Escape(keyword), $"{what} not expressible; {Raw}");
            }
        }

        foreach (var keyword in new[] { "anyOf", "oneOf" })
        {
            if (schema.TryGetProperty(keyword, out var options))
            {
                // anyOf [X, {type: null}] is how many generators write an optional X: that one is expressible.
                if (NullableAlternative(options) is { } alternative)
                {
                    var inner = ConvertType(context, alternative.Schema, pointer + "/" + keyword + "/" + alternative.Index.ToString(CultureInfo.InvariantCulture), depth + 1);
                    return inner with { Nullable = true };
                }

                return context.Lossy(pointer + "/" + keyword, $"not expressible; {Raw}");
            }
        }

        var nullable = false;
        string? type;
        if (!schema.TryGetProperty("type", out var typeElement))
        {
            type = InferType(schema);
        }
        else if (typeElement.ValueKind == JsonValueKind.String)
        {
            type = typeElement.GetString();
        }
        else if (typeElement.ValueKind == JsonValueKind.Array)
        {
            var types = typeElement.EnumerateArray().Select(t => t.ValueKind == JsonValueKind.String ? t.GetString() : null).ToList();
            nullable = types.Remove("null");
            if (types.Count != 1 || types[0] is null)
            {
                return context.Lossy(pointer + "/type", $"several types {typeElement.GetRawText()} not expressible; {Raw}", nullable);
            }

            type = types[0];
        }
        else
        {
            return context.Lossy(pointer + "/type", $"type is a JSON {Kind(typeElement)}, not a type name; {Raw}");
        }

        switch (type)
        {
            case null:
                return Shape.Json with { Effective = schema };
            case "string":
                return new Shape("string", false, nullable, schema);
            case "boolean":
                return new Shape("bool", false, nullable, schema);
            case "number":
                return new Shape("double", false, nullable, schema);
            case "integer":
                var wide = schema.TryGetProperty("format", out var format) && format.ValueKind == JsonValueKind.String && format.GetString() == "int64";
                return new Shape(wide ? "long" : "int", false, nullable, schema);
            case "array":
                return ArrayType(context, schema, pointer, depth, nullable);
            case "object":
                return ObjectType(context, schema, pointer, depth, nullable);
            case "null":
                return context.Lossy(pointer + "/type", $"type null (no other type) not expressible; {Raw}", true);
            default:
                return context.Lossy(pointer + "/type", $"unknown type '{type}'; {Raw}", nullable);
        }
    }

    private static Shape ArrayType(Context context, JsonElement schema, string pointer, int depth, bool nullable)
    {
        if (!schema.TryGetProperty("items", out var items) || items.ValueKind == JsonValueKind.True
            || (items.ValueKind == JsonValueKind.Object && !items.EnumerateObject().Any()))
        {
            return new Shape("list<json>", false, nullable, schema);
        }

        if (items.ValueKind == JsonValueKind.Array)
        {
            return context.Lossy(pointer + "/items", $"tuple array (items is an array) not expressible; {Raw}", nullable);
        }

        var item = ConvertType(context, items, pointer + "/items", depth + 1);
        if (item.Lossy)
        {
            return Shape.Json with { Lossy = true, Nullable = nullable };
        }

        if (item.Nullable)
        {
            context.Warn(pointer + "/items", "null items not expressible (list items are not nullable); nulls cannot be sent");
        }

        if (item.Effective is { ValueKind: JsonValueKind.Object } itemSchema && (itemSchema.TryGetProperty("enum", out _) || itemSchema.TryGetProperty("const", out _)))
        {
            context.Warn(pointer + "/items", "allowed values of list items not expressible; dropped");
        }

        return new Shape("list<" + item.Type + ">", false, nullable, schema);
    }

    private static Shape ObjectType(Context context, JsonElement schema, string pointer, int depth, bool nullable)
    {
        if (schema.TryGetProperty("properties", out var properties)
            && !(properties.ValueKind == JsonValueKind.Object && !properties.EnumerateObject().Any()))
        {
            return context.Lossy(pointer + "/properties", $"nested object with properties not expressible; {Raw}", nullable);
        }

        if (schema.TryGetProperty("additionalProperties", out var values) && values.ValueKind == JsonValueKind.Object)
        {
            if (!values.EnumerateObject().Any())
            {
                return new Shape("map<string,json>", false, nullable, schema);
            }

            var value = ConvertType(context, values, pointer + "/additionalProperties", depth + 1);
            if (value.Lossy)
            {
                return Shape.Json with { Lossy = true, Nullable = nullable };
            }

            if (value.Nullable)
            {
                context.Warn(pointer + "/additionalProperties", "null values not expressible (map values are not nullable); nulls cannot be sent");
            }

            return new Shape("map<string," + value.Type + ">", false, nullable, schema);
        }

        // Any object (or, with additionalProperties false, only the empty one): raw JSON says exactly that.
        return new Shape("json", false, nullable, schema);
    }

    private static string? InferType(JsonElement schema)
    {
        if (schema.TryGetProperty("properties", out _) || schema.TryGetProperty("additionalProperties", out _))
        {
            return "object";
        }

        if (schema.TryGetProperty("items", out _))
        {
            return "array";
        }

        var values = schema.TryGetProperty("enum", out var e) && e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().ToList()
            : schema.TryGetProperty("const", out var c) ? [c] : null;
        if (values is null || values.Count == 0)
        {
            return null;
        }

        var kinds = values.Where(v => v.ValueKind != JsonValueKind.Null).Select(v => v.ValueKind).Distinct().ToList();
        return kinds.Count == 1 && kinds[0] == JsonValueKind.String ? "string" : null;
    }

    private static (int Index, JsonElement Schema)? NullableAlternative(JsonElement options)
    {
        if (options.ValueKind != JsonValueKind.Array || options.GetArrayLength() != 2)
        {
            return null;
        }

        static bool IsNull(JsonElement s) => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("type", out var t)
            && t.ValueKind == JsonValueKind.String && t.GetString() == "null";

        var first = options[0];
        var second = options[1];
        return IsNull(first) && !IsNull(second) ? (1, second) : IsNull(second) && !IsNull(first) ? (0, first) : null;
    }

    private static (IReadOnlyList<string>? Allowed, bool Nullable) Allowed(Context context, JsonElement node, string pointer, bool nullable)
    {
        string keyword;
        List<JsonElement> values;
        if (node.TryGetProperty("enum", out var e))
        {
            keyword = "enum";
            if (e.ValueKind != JsonValueKind.Array)
            {
                context.Warn(pointer + "/enum", $"enum is a JSON {Kind(e)}, not an array; ignored");
                return (null, nullable);
            }

            var count = e.GetArrayLength();
            if (count > MaxEnumValues)
            {
                context.Warn(pointer + "/enum", $"enum has {count} values (more than {MaxEnumValues}); typed as a plain string");
                return (null, nullable);
            }

            values = [.. e.EnumerateArray()];
        }
        else if (node.TryGetProperty("const", out var c))
        {
            keyword = "const";
            values = [c];
        }
        else
        {
            return (null, nullable);
        }

        if (values.Any(v => v.ValueKind == JsonValueKind.Null))
        {
            nullable = true;
            values.RemoveAll(v => v.ValueKind == JsonValueKind.Null);
        }

        if (values.Count == 0)
        {
            context.Warn(pointer + "/" + keyword, $"{keyword} lists no string value; ignored");
            return (null, nullable);
        }

        if (values.Any(v => v.ValueKind != JsonValueKind.String))
        {
            context.Warn(pointer + "/" + keyword, $"{keyword} of a string argument has values that are not strings; allowed values dropped");
            return (null, nullable);
        }

        var distinct = values.Select(v => v.GetString()!).Distinct(StringComparer.Ordinal).ToList();
        return (distinct, nullable);
    }

    private static SpecRange? Range(Context context, JsonElement node, string pointer, ref string type)
    {
        var (min, minKeyword) = Bound(context, node, pointer, "minimum", "exclusiveMinimum", type, lower: true);
        var (max, maxKeyword) = Bound(context, node, pointer, "maximum", "exclusiveMaximum", type, lower: false);
        if (min is null && max is null)
        {
            return null;
        }

        if (type == "int" && ((min ?? 0) < int.MinValue || (max ?? 0) > int.MaxValue))
        {
            type = "long"; // bounds beyond 32 bits say the service takes bigger numbers
        }

        if (type == "long" && ((min ?? 0) < long.MinValue || (max ?? 0) > long.MaxValue))
        {
            context.Warn(pointer + "/" + (min < long.MinValue ? minKeyword : maxKeyword), "bound outside the 64-bit range; range dropped");
            return null;
        }

        if (min > max)
        {
            context.Warn(pointer, $"minimum {Format(min.Value, type)} is greater than maximum {Format(max!.Value, type)}; range dropped");
            return null;
        }

        var (lowest, highest) = type switch
        {
            "int" => ((decimal)int.MinValue, (decimal)int.MaxValue),
            "long" => (long.MinValue, long.MaxValue),
            _ => (decimal.MinValue, decimal.MaxValue),
        };
        var kind = type;
        string Text(decimal? bound, decimal limit, double doubleLimit) =>
            bound is { } b ? Format(b, kind) : kind == "double" ? doubleLimit.ToString("R", CultureInfo.InvariantCulture) : Format(limit, kind);
        return new SpecRange(
            SpecValue.Number(Text(min, lowest, double.MinValue)),
            SpecValue.Number(Text(max, highest, double.MaxValue)));
    }

    private static (decimal? Value, string Keyword) Bound(Context context, JsonElement node, string pointer, string inclusive, string exclusive, string type, bool lower)
    {
        decimal? value = null;
        var keyword = inclusive;
        var isExclusive = false;
        if (node.TryGetProperty(inclusive, out var b))
        {
            value = Number(context, b, pointer + "/" + inclusive);
            // Draft 4: exclusiveMinimum/exclusiveMaximum are booleans that qualify minimum/maximum.
            isExclusive = node.TryGetProperty(exclusive, out var flag) && flag.ValueKind == JsonValueKind.True;
        }

        if (node.TryGetProperty(exclusive, out var x) && x.ValueKind == JsonValueKind.Number)
        {
            var exclusiveValue = Number(context, x, pointer + "/" + exclusive);
            if (exclusiveValue is not null && (value is null || (lower ? exclusiveValue >= value : exclusiveValue <= value)))
            {
                value = exclusiveValue;
                keyword = exclusive;
                isExclusive = true;
            }
        }

        if (value is not { } v)
        {
            return (null, keyword);
        }

        if (type == "double")
        {
            if (isExclusive)
            {
                context.Warn(pointer + "/" + keyword, "exclusive bound not expressible for a number; kept as an inclusive bound");
            }

            return (v, keyword);
        }

        // Integers: round inwards, and an exclusive bound moves one step in.
        var whole = lower ? Math.Ceiling(v) : Math.Floor(v);
        if (isExclusive && whole == v)
        {
            whole += lower ? 1 : -1;
        }

        return (whole, keyword);
    }

    private static decimal? Number(Context context, JsonElement element, string pointer)
    {
        if (element.ValueKind == JsonValueKind.Number && element.TryGetDecimal(out var value))
        {
            return value;
        }

        context.Warn(pointer, $"not a usable number ({Truncate(element.GetRawText())}); ignored");
        return null;
    }

    private static SpecValue? Default(Context context, JsonElement node, string pointer, string type, SpecRange? range, IReadOnlyList<string>? allowed)
    {
        if (!node.TryGetProperty("default", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var where = pointer + "/default";
        SpecValue? result = (type, value.ValueKind) switch
        {
            ("string", JsonValueKind.String) => SpecValue.String(value.GetString()!),
            ("bool", JsonValueKind.True or JsonValueKind.False) => SpecValue.Boolean(value.ValueKind == JsonValueKind.True),
            ("int", JsonValueKind.Number) when value.TryGetInt32(out var i) => SpecValue.Number(i.ToString(CultureInfo.InvariantCulture)),
            ("long", JsonValueKind.Number) when value.TryGetInt64(out var l) => SpecValue.Number(l.ToString(CultureInfo.InvariantCulture)),
            ("double", JsonValueKind.Number) when value.TryGetDouble(out var d) && double.IsFinite(d) => SpecValue.Number(d.ToString("R", CultureInfo.InvariantCulture)),
            _ => null,
        };
        if (result is null)
        {
            context.Warn(where, $"default {Truncate(value.GetRawText())} does not fit type {type}; dropped");
            return null;
        }

        if (allowed is not null && !allowed.Contains(result.Text, StringComparer.Ordinal))
        {
            context.Warn(where, $"default {Truncate(value.GetRawText())} is not one of the allowed values; dropped");
            return null;
        }

        if (range is not null && result.Kind == SpecValueKind.Number)
        {
            var d = double.Parse(result.Text, CultureInfo.InvariantCulture);
            if (d < double.Parse(range.Min.Text, CultureInfo.InvariantCulture) || d > double.Parse(range.Max.Text, CultureInfo.InvariantCulture))
            {
                context.Warn(where, $"default {result.Text} is outside the range {range}; dropped");
                return null;
            }
        }

        return result;
    }

    private static string? Description(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String
            && d.GetString() is { Length: > 0 } text ? text : null;

    private static string Format(decimal value, string type) => type == "double"
        ? ((double)value).ToString("R", CultureInfo.InvariantCulture)
        : decimal.Truncate(value).ToString(CultureInfo.InvariantCulture);

    /// <summary>Escapes a JSON pointer token (RFC 6901): <c>~</c> → <c>~0</c>, <c>/</c> → <c>~1</c>.</summary>
    public static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    /// <summary>A type and whether it is exact.</summary>
    /// <param name="Type">The spec type, never with a trailing <c>?</c>.</param>
    /// <param name="Lossy">The schema said more than the type does (a warning was given).</param>
    /// <param name="Nullable">The schema admits null.</param>
    /// <param name="Effective">The schema the type came from, whose constraints (enum, bounds, default) apply.</param>
    private sealed record Shape(string Type, bool Lossy, bool Nullable, JsonElement? Effective)
    {
        public static readonly Shape Json = new("json", false, false, null);
    }

    private sealed class Context(string tool, List<ConversionWarning> warnings)
    {
        public void Warn(string pointer, string message) => warnings.Add(new(tool, pointer, message));

        public Shape Lossy(string pointer, string message, bool nullable = false)
        {
            Warn(pointer, message);
            return Shape.Json with { Lossy = true, Nullable = nullable };
        }
    }
}
