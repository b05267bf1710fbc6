using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace AgentBay.Generators.Tests.Fuzz;

/// <summary>One mutated spec: what was done to it (for the failure message) and its text.</summary>
internal sealed record MutatedSpec(int Index, string Path, string Kind, string Text);

/// <summary>
/// Seeded mutations of the standard spec (YAML and its JSON twin). Case <c>i</c> of seed <c>s</c> draws from its own
/// <see cref="Random"/>(s, i), so any single case can be rebuilt from the printed seed and index alone.
/// Text-level mutations (lines deleted, duplicated, swapped, re-indented; truncation; random bytes; huge scalars; deep
/// nesting; 1 MB files) and structure-aware ones (a type renamed to a missing one, a value's type swapped, a number's sign
/// flipped, a range turned around, a tool duplicated, a required key deleted) are drawn with fixed weights; one to three
/// are applied in a row.
/// </summary>
internal sealed class SpecMutator
{
    private const int Megabyte = 1 << 20;

    private static readonly string[] Types =
    {
        "string", "string?", "int", "int?", "long?", "double?", "bool", "bool?", "json?", "list<string>", "list<string>?",
        "map<string,string>?", "list<FileEdit>", "SessionStatus?", "OperationResult<bool>", "session", "T?", "list<list<int>>",
        "map<int,string>", "Missing?", "list<", "map<string>", "?", "", "string??", "list<SessionStatus>",
    };

    private static readonly string[] RequiredKeys =
    {
        "agentbay", "namespace", "service", "endpoint", "apiVersion", "class", "action", "method", "type", "server", "values",
        "fields", "returns", "id", "dispose", "toolCall", "name", "args", "result", "record", "status", "until", "tools", "property",
    };

    private static readonly string Specials = ":-{}[]\"'#&*!|>%@`,?\\\t\r\n\0\u00a0\u2028\ufeff\ud800\udc00";

    private readonly string _yaml;
    private readonly string _json;
    private readonly string _yamlPath;
    private readonly string _jsonPath;

    public SpecMutator(string yaml, string json, string yamlPath, string jsonPath)
    {
        _yaml = yaml;
        _json = json;
        _yamlPath = yamlPath;
        _jsonPath = jsonPath;
    }

    public MutatedSpec Create(int seed, int index)
    {
        var random = new Random(unchecked((seed * 486187739) ^ (index * 16777619) ^ index));

        // One case in five starts from the JSON twin.
        var json = random.Next(5) == 0;
        var text = json ? _json : _yaml;
        var kinds = new List<string>();
        var count = random.Next(10) < 6 ? 1 : random.Next(2, 4);
        for (var i = 0; i < count; i++)
        {
            var (kind, mutated) = MutateOnce(text, json, random);
            kinds.Add(kind);
            text = mutated;
        }

        return new MutatedSpec(index, json ? _jsonPath : _yamlPath, (json ? "json:" : "yaml:") + string.Join("+", kinds), text);
    }

    private static (string Kind, string Text) MutateOnce(string text, bool json, Random random)
    {
        // Weights: common cheap mutations first, the large ones rarely (each costs a megabyte or more).
        // The megabyte-sized mutations are rare (about one case in 170): each costs far more than a small one.
        var roll = random.Next(1000);
        if (roll >= 915 && roll < 945 && random.Next(10) != 0)
        {
            roll = random.Next(915);
        }

        return roll switch
        {
            < 90 => ("delete-line", EditLines(text, random, (lines, i) => lines.RemoveAt(i))),
            < 170 => ("duplicate-line", EditLines(text, random, (lines, i) => lines.Insert(i, lines[i]))),
            < 240 => ("swap-lines", EditLines(text, random, (lines, i) =>
            {
                var j = random.Next(lines.Count);
                (lines[i], lines[j]) = (lines[j], lines[i]);
            })),
            < 320 => ("indent", EditLines(text, random, (lines, i) => lines[i] = Reindent(lines[i], random))),
            < 370 => ("truncate", text.Substring(0, random.Next(text.Length + 1))),
            < 450 => ("random-bytes", InsertRandom(text, random)),
            < 500 => ("special-char", Insert(text, random.Next(text.Length + 1), Specials[random.Next(Specials.Length)].ToString())),
            < 530 => ("delete-span", DeleteSpan(text, random)),
            < 580 => ("missing-type", ReplaceValue(text, json, random, "type", _ => "Missing" + random.Next(1000))),
            < 650 => ("swap-type", ReplaceValue(text, json, random, "type", _ => Types[random.Next(Types.Length)])),
            < 690 => ("missing-record", ReplaceValue(text, json, random, "record", _ => "NoSuchRecord")),
            < 740 => ("flip-sign", FlipSign(text, random)),
            < 780 => ("range-inverted", InvertRange(text, json, random)),
            < 820 => ("duplicate-tool", json ? DuplicateJsonTool(text, random) : DuplicateYamlTool(text, random)),
            < 880 => ("delete-required-key", DeleteKey(text, json, random)),
            < 900 => ("rename-name", ReplaceValue(text, json, random, "method", _ => random.Next(3) switch { 0 => "class", 1 => "1Bad", _ => "Delete" })),
            < 915 => ("huge-scalar", HugeScalar(text, json, random)),
            < 930 => ("deep-nesting", DeepNesting(text, json, random)),
            < 945 => ("megabyte-file", MegabyteFile(text, json, random)),
            < 960 => ("deep-type", ReplaceValue(text, json, random, "type", _ => Nest("list<", ">", "string", 10_000))),
            < 975 => ("long-line", Insert(text, random.Next(text.Length + 1), new string((char)('a' + random.Next(26)), 64 * 1024))),
            < 990 => ("empty", random.Next(3) switch { 0 => "", 1 => "   \n\t\n", _ => json ? "{}" : "---\n" }),
            _ => ("crlf", text.Replace("\n", random.Next(2) == 0 ? "\r\n" : "\r")),
        };
    }

    private static string EditLines(string text, Random random, Action<List<string>, int> edit)
    {
        var lines = text.Split('\n').ToList();
        edit(lines, random.Next(lines.Count));
        return string.Join("\n", lines);
    }

    private static string Reindent(string line, Random random)
    {
        var trimmed = line.TrimStart(' ');
        var indent = line.Length - trimmed.Length;
        return random.Next(5) switch
        {
            0 => new string(' ', Math.Max(0, indent - 1 - random.Next(4))) + trimmed,
            1 => new string(' ', indent + 1 + random.Next(4)) + trimmed,
            2 => "\t" + line,
            3 => trimmed,
            _ => new string(' ', indent + 200) + trimmed,
        };
    }

    private static string Insert(string text, int at, string what) => text.Substring(0, at) + what + text.Substring(at);

    private static string InsertRandom(string text, Random random)
    {
        var builder = new StringBuilder();
        var length = 1 + random.Next(16);
        for (var i = 0; i < length; i++)
        {
            // Bytes as a loose decoder would pass them on: any char below 0x100, some above, some lone surrogates.
            builder.Append(random.Next(8) switch
            {
                0 => (char)random.Next(0xD800, 0xE000),
                1 => (char)random.Next(0x100, 0xFFFF),
                _ => (char)random.Next(0, 0x100),
            });
        }

        return Insert(text, random.Next(text.Length + 1), builder.ToString());
    }

    private static string DeleteSpan(string text, Random random)
    {
        var start = random.Next(text.Length + 1);
        var length = Math.Min(text.Length - start, random.Next(200));
        return text.Remove(start, length);
    }

    /// <summary>Replaces the value of one occurrence of <paramref name="key"/> (YAML flow or block, or JSON).</summary>
    private static string ReplaceValue(string text, bool json, Random random, string key, Func<string, string> value, bool quote = true)
    {
        var pattern = json
            ? new Regex("\"" + key + "\"\\s*:\\s*\"(?<v>[^\"]*)\"")
            : new Regex("(?<![\\w-])" + key + ":\\s*(?<v>\"[^\"]*\"|[^,}\\s][^,}\\n]*)");
        var matches = pattern.Matches(text);
        if (matches.Count == 0)
        {
            return text;
        }

        var group = matches[random.Next(matches.Count)].Groups["v"];
        var raw = value(group.Value);
        var replacement = quote ? "\"" + raw.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"" : raw;
        return text.Substring(0, group.Index) + replacement + text.Substring(group.Index + group.Length);
    }

    private static string FlipSign(string text, Random random)
    {
        var matches = Regex.Matches(text, "(?<=[\\s\\[,:])-?\\d+(?=[\\s,\\]}])");
        if (matches.Count == 0)
        {
            return text;
        }

        var match = matches[random.Next(matches.Count)];
        var flipped = match.Value.StartsWith('-') ? match.Value.Substring(1) : "-" + match.Value;
        return text.Substring(0, match.Index) + flipped + text.Substring(match.Index + match.Length);
    }

    private static string InvertRange(string text, bool json, Random random)
    {
        var matches = Regex.Matches(text, json ? "\"range\"\\s*:\\s*\\[\\s*(-?\\d+)\\s*,\\s*(-?\\d+)\\s*\\]" : "range:\\s*\\[(-?\\d+),\\s*(-?\\d+)\\]");
        if (matches.Count == 0)
        {
            return text;
        }

        var match = matches[random.Next(matches.Count)];
        var max = long.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        var min = long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var replacement = (json ? "\"range\": [" : "range: [") + (max + 1 + random.Next(10)) + ", " + min + "]";
        return text.Substring(0, match.Index) + replacement + text.Substring(match.Index + match.Length);
    }

    /// <summary>Copies a tool's block under the same name (a duplicate key) or a new name (same method, same wire name).</summary>
    private static string DuplicateYamlTool(string text, Random random)
    {
        var lines = text.Split('\n').ToList();
        var toolsAt = lines.FindIndex(l => l == "tools:");
        if (toolsAt < 0)
        {
            return text;
        }

        var starts = Enumerable.Range(toolsAt + 1, lines.Count - toolsAt - 1)
            .Where(i => lines[i].StartsWith("  ", StringComparison.Ordinal) && !lines[i].StartsWith("   ", StringComparison.Ordinal) && lines[i].TrimEnd().EndsWith(':'))
            .ToList();
        if (starts.Count == 0)
        {
            return text;
        }

        var start = starts[random.Next(starts.Count)];
        var end = start + 1;
        while (end < lines.Count && (lines[end].StartsWith("   ", StringComparison.Ordinal) || lines[end].Length == 0) && lines[end] != "tools:")
        {
            end++;
        }

        var block = lines.GetRange(start, end - start).ToList();
        if (random.Next(2) == 0)
        {
            block[0] = block[0].TrimEnd().TrimEnd(':') + "_copy:";
        }

        lines.InsertRange(random.Next(2) == 0 ? end : start, block);
        return string.Join("\n", lines);
    }

    private static string DuplicateJsonTool(string text, Random random)
    {
        var at = text.IndexOf("\n  \"tools\": {", StringComparison.Ordinal);
        if (at < 0)
        {
            return text;
        }

        // Tools are the last section: a tool member is "    \"name\": { ... }" at indentation four.
        var starts = Regex.Matches(text.Substring(at), "\n    \"(?<n>[^\"]+)\": \\{").Select(m => m.Index + at).ToList();
        if (starts.Count < 2)
        {
            return text;
        }

        var i = random.Next(starts.Count - 1);
        var block = text.Substring(starts[i], starts[i + 1] - starts[i]);
        if (random.Next(2) == 0)
        {
            block = Regex.Replace(block, "^\n    \"([^\"]+)\"", "\n    \"$1_copy\"");
        }

        return text.Insert(starts[i + 1], block);
    }

    private static string DeleteKey(string text, bool json, Random random)
    {
        var key = RequiredKeys[random.Next(RequiredKeys.Length)];
        if (json)
        {
            var matches = Regex.Matches(text, "\n\\s*\"" + key + "\"\\s*:\\s*(\"[^\"]*\"|-?\\d+|true|false)\\s*,?");
            if (matches.Count == 0)
            {
                return text;
            }

            var match = matches[random.Next(matches.Count)];
            return text.Remove(match.Index, match.Length);
        }

        // A block line "key: ..." or a flow member "key: value," inside { }.
        var lineMatches = Regex.Matches(text, "(?m)^[ ]*" + key + ":[^\\n]*\\n");
        var flowMatches = Regex.Matches(text, "(?<=[{,] )" + key + ": (\"[^\"]*\"|[^,}\\n]*), ");
        var all = lineMatches.Concat(flowMatches).ToList();
        if (all.Count == 0)
        {
            return text;
        }

        var chosen = all[random.Next(all.Count)];
        return text.Remove(chosen.Index, chosen.Length);
    }

    private static string HugeScalar(string text, bool json, Random random)
    {
        var builder = new StringBuilder(Megabyte + 16);
        var alphabet = "abcdefghij klmnopqrstuvwxyz0123456789é中";
        while (builder.Length < Megabyte)
        {
            builder.Append(alphabet[random.Next(alphabet.Length)]);
        }

        var huge = builder.ToString().Trim();
        return random.Next(3) switch
        {
            // As a doc (accepted if the emitter copes), as a type, as a name.
            0 => ReplaceValue(text, json, random, "doc", _ => huge),
            1 => ReplaceValue(text, json, random, "type", _ => huge),
            _ => ReplaceValue(text, json, random, "namespace", _ => huge.Replace(" ", "", StringComparison.Ordinal)),
        };
    }

    private static string DeepNesting(string text, bool json, Random random)
    {
        const int Levels = 10_000;
        var nested = random.Next(3) switch
        {
            0 => Nest("[", "]", "1", Levels),
            1 => Nest("{\"a\": ", "}", "1", Levels),
            _ => json ? Nest("[", "]", "0", Levels) : "\n" + Nest("- ", "", "x", Levels),
        };
        return random.Next(2) == 0
            ? ReplaceValue(text, json, random, "doc", _ => nested, quote: false)
            : json ? text.TrimEnd().TrimEnd('}') + ", \"deep\": " + nested + "}" : text + "\ndeep: " + nested + "\n";
    }

    private static string MegabyteFile(string text, bool json, Random random)
    {
        switch (random.Next(3))
        {
            case 0:
                // Comments (YAML) or whitespace (JSON) up to a megabyte: still the standard spec.
                var builder = new StringBuilder(text, Megabyte + text.Length);
                while (builder.Length < Megabyte)
                {
                    builder.Append(json ? "\n                                                                               " : "\n# padding padding padding padding padding padding padding padding padding padding");
                }

                return builder.ToString();
            case 1:
                // The whole spec repeated: duplicate keys everywhere.
                var repeated = new StringBuilder(Megabyte + text.Length);
                while (repeated.Length < Megabyte)
                {
                    repeated.Append(text).Append('\n');
                }

                return repeated.ToString();
            default:
                // Thousands of distinct enums: a megabyte that binds.
                var enums = new StringBuilder(Megabyte + text.Length);
                var marker = json ? "\"enums\": {" : "enums:\n";
                var at = text.IndexOf(marker, StringComparison.Ordinal);
                if (at < 0)
                {
                    return text;
                }

                for (var i = 0; enums.Length < Megabyte; i++)
                {
                    enums.Append(json
                        ? $"\n    \"Fuzz{i}\": {{ \"doc\": \"Generated enum {i}.\", \"values\": {{ \"A\": \"A{i}\", \"B\": \"B{i}\" }} }},"
                        : $"  Fuzz{i}:\n    doc: Generated enum {i}.\n    values:\n      A: A{i}\n      B: B{i}\n");
                }

                return text.Insert(at + marker.Length, enums.ToString());
        }
    }

    private static string Nest(string open, string close, string inner, int levels)
    {
        var builder = new StringBuilder((open.Length + close.Length) * levels + inner.Length);
        for (var i = 0; i < levels; i++)
        {
            builder.Append(open);
        }

        builder.Append(inner);
        for (var i = 0; i < levels; i++)
        {
            builder.Append(close);
        }

        return builder.ToString();
    }
}
