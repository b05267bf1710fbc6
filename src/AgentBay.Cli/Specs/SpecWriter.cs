using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace AgentBay.Cli.Specs;

/// <summary>Where a pulled spec came from, for its header comment (no date: the same tools give the same file).</summary>
internal sealed record SpecSource(string Image, string Endpoint);

/// <summary>
/// Writes tools as a tool-only spec file (docs/spec-format.md, "Adding tools from a second spec file"). Pure and
/// deterministic: tools sorted by name, keys in a fixed order, arguments in signature order, <c>\n</c> line ends.
/// </summary>
internal static class SpecWriter
{
    // Plain scalars YAML would read as something other than a string (core schema), or that the spec reader treats specially.
    private static readonly HashSet<string> Literals = new(StringComparer.OrdinalIgnoreCase)
    {
        "true", "false", "null", "~", "yes", "no", "on", "off", "y", "n",
    };

    public static string Write(IReadOnlyList<SpecTool> tools, SpecSource source, string @namespace = "AgentBay")
    {
        var text = new StringBuilder();
        text.Append("# Tools of image ").Append(Comment(source.Image)).Append(" as ").Append(Comment(source.Endpoint))
            .Append(" lists them (ListMcpTools),\n");
        text.Append("# written by `agentbay spec pull`. Regenerate it instead of editing; `agentbay spec diff` compares it with the image.\n");
        text.Append("# A tool-only spec: compile it next to a spec with a session section and the same namespace.\n");
        text.Append("agentbay: 1\n");
        text.Append("namespace: ").Append(Scalar(@namespace)).Append('\n');
        if (tools.Count == 0)
        {
            text.Append("tools: {}\n");
            return text.ToString();
        }

        text.Append("\ntools:\n");
        var first = true;
        foreach (var tool in tools.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            if (!first)
            {
                text.Append('\n');
            }

            first = false;
            text.Append("  ").Append(Scalar(tool.Name)).Append(":\n");
            text.Append("    server: ").Append(Scalar(tool.Server ?? "")).Append('\n');
            text.Append("    method: ").Append(Scalar(tool.Method)).Append('\n');
            if (tool.Doc is { Length: > 0 } doc)
            {
                text.Append("    doc: ").Append(Scalar(doc)).Append('\n');
            }

            if (tool.Arguments.Count > 0)
            {
                text.Append("    args:\n");
                foreach (var argument in tool.Arguments)
                {
                    text.Append("      ").Append(Scalar(argument.WireName)).Append(": ").Append(Argument(argument)).Append('\n');
                }
            }

            text.Append("    result: ").Append(Scalar(tool.Result)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary><c>{ type: int, name: timeoutMs, default: 50000, range: [1, 50000], allowed: [...], doc: ... }</c>.</summary>
    private static string Argument(SpecArgument argument)
    {
        var parts = new List<string> { "type: " + Scalar(argument.Type) };
        if (argument.CSharpName != argument.WireName)
        {
            parts.Add("name: " + Scalar(argument.CSharpName));
        }

        if (argument.Default is { } value)
        {
            parts.Add("default: " + Value(value));
        }

        if (argument.Range is { } range)
        {
            parts.Add("range: [" + Value(range.Min) + ", " + Value(range.Max) + "]");
        }

        if (argument.Allowed is { } allowed)
        {
            parts.Add("allowed: [" + string.Join(", ", allowed.Select(Scalar)) + "]");
        }

        if (argument.Doc is { Length: > 0 } doc)
        {
            parts.Add("doc: " + Scalar(doc));
        }

        return "{ " + string.Join(", ", parts) + " }";
    }

    private static string Value(SpecValue value) => value.Kind == SpecValueKind.String ? Scalar(value.Text) : value.Text;

    /// <summary>
    /// A string as a YAML scalar that reads back as that string in block and flow context: plain when it is a simple
    /// word (<c>linux_latest</c>, <c>string</c>), double-quoted otherwise.
    /// </summary>
    public static string Scalar(string text)
    {
        if (IsPlainSafe(text))
        {
            return text;
        }

        var quoted = new StringBuilder(text.Length + 2).Append('"');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '"': quoted.Append("\\\""); break;
                case '\\': quoted.Append("\\\\"); break;
                case '\n': quoted.Append("\\n"); break;
                case '\r': quoted.Append("\\r"); break;
                case '\t': quoted.Append("\\t"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        quoted.Append(c).Append(text[++i]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        quoted.Append("\\uFFFD"); // a lone surrogate has no UTF-8 form
                    }
                    else if (char.IsControl(c) || c is '\u2028' or '\u2029' or '\uFEFF')
                    {
                        quoted.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        quoted.Append(c);
                    }

                    break;
            }
        }

        return quoted.Append('"').ToString();
    }

    private static bool IsPlainSafe(string text)
    {
        if (text.Length == 0 || Literals.Contains(text) || !(char.IsAsciiLetter(text[0]) || text[0] == '_'))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
            {
                return false;
            }
        }

        // "e1", ".inf"-like words read as numbers only when they start with a digit, sign or dot, which is excluded above.
        return true;
    }

    // Comments end at the line end: keep them on one line and printable.
    private static string Comment(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('\'');
        foreach (var c in text)
        {
            builder.Append(char.IsControl(c) || c is '\u2028' or '\u2029' ? ' ' : c);
        }

        return builder.Append('\'').ToString();
    }
}
