using System;
using System.Collections.Generic;

namespace AgentBay.Cli.Specs;

/// <summary>What kind of YAML scalar a spec value is written as.</summary>
internal enum SpecValueKind
{
    /// <summary>A string (quoted when plain would read as something else).</summary>
    String,

    /// <summary>An integer or a floating-point number, in invariant form.</summary>
    Number,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,
}

/// <summary>A literal of a spec (a default, a range bound): its text and how YAML must read it.</summary>
internal sealed record SpecValue(string Text, SpecValueKind Kind)
{
    public static SpecValue String(string text) => new(text, SpecValueKind.String);

    public static SpecValue Number(string text) => new(text, SpecValueKind.Number);

    public static SpecValue Boolean(bool value) => new(value ? "true" : "false", SpecValueKind.Boolean);

    /// <summary>Same value: numbers compare by value (<c>1</c> equals <c>1.0</c>), the rest by text.</summary>
    public bool SameAs(SpecValue? other)
    {
        if (other is null || other.Kind != Kind)
        {
            return false;
        }

        if (Kind == SpecValueKind.Number
            && double.TryParse(Text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var a)
            && double.TryParse(other.Text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var b))
        {
            return a.Equals(b);
        }

        return string.Equals(Text, other.Text, StringComparison.Ordinal);
    }

    public override string ToString() => Kind == SpecValueKind.String ? "'" + Text + "'" : Text;
}

/// <summary>An inclusive <c>range: [min, max]</c>.</summary>
internal sealed record SpecRange(SpecValue Min, SpecValue Max)
{
    public bool SameAs(SpecRange? other) => other is not null && Min.SameAs(other.Min) && Max.SameAs(other.Max);

    public override string ToString() => "[" + Min.Text + ", " + Max.Text + "]";
}

/// <summary>One argument of a tool, as a spec's <c>args</c> entry describes it.</summary>
/// <param name="WireName">The key in the tool's JSON arguments (the spec key).</param>
/// <param name="CSharpName">The C# parameter name (the spec's <c>name:</c>, or the key in camelCase).</param>
/// <param name="Type">The spec type, with a trailing <c>?</c> when optional (<c>string?</c>, <c>list&lt;int&gt;</c>).</param>
/// <param name="Default">The <c>default</c>, or null.</param>
/// <param name="Range">The <c>range</c>, or null.</param>
/// <param name="Allowed">The <c>allowed</c> values, or null.</param>
/// <param name="Doc">The <c>doc</c>, or null.</param>
/// <param name="Lossy">True when the schema could not be expressed and the argument was typed as raw JSON.</param>
internal sealed record SpecArgument(
    string WireName,
    string CSharpName,
    string Type,
    SpecValue? Default = null,
    SpecRange? Range = null,
    IReadOnlyList<string>? Allowed = null,
    string? Doc = null,
    bool Lossy = false)
{
    /// <summary>The type without its trailing <c>?</c>.</summary>
    public string BaseType => Type.EndsWith('?') ? Type[..^1] : Type;

    /// <summary>The caller must pass it: the type is not nullable and there is no default.</summary>
    public bool Required => !Type.EndsWith('?') && Default is null;
}

/// <summary>One typed tool of a spec's <c>tools</c> section.</summary>
/// <param name="Name">The MCP tool name (the spec key).</param>
/// <param name="Server">The MCP server, or null when the service named none.</param>
/// <param name="Method">The C# method name.</param>
/// <param name="Doc">The <c>doc</c>, or null.</param>
/// <param name="Arguments">The arguments in signature order (required ones first).</param>
/// <param name="Result">The spec's <c>result</c> as written: <c>text</c>, or a record name for a typed result.</param>
internal sealed record SpecTool(string Name, string? Server, string Method, string? Doc, IReadOnlyList<SpecArgument> Arguments, string Result = "text");

/// <summary>Something a tool's schema says that the spec cannot (or that made no sense), with where it was said.</summary>
/// <param name="Tool">The tool's name (or a placeholder when it had none).</param>
/// <param name="Pointer">JSON pointer into the tool's inputSchema, e.g. <c>/properties/opts/anyOf</c>; empty for the tool itself.</param>
/// <param name="Message">What was found and what was done about it.</param>
internal sealed record ConversionWarning(string Tool, string Pointer, string Message)
{
    public override string ToString() => Pointer.Length == 0
        ? $"tool '{Tool}': {Message}"
        : $"tool '{Tool}' at {Pointer}: {Message}";
}

/// <summary>The tools converted from a tool list, sorted by name, and what could not be converted faithfully.</summary>
internal sealed record ConversionResult(IReadOnlyList<SpecTool> Tools, IReadOnlyList<ConversionWarning> Warnings);
