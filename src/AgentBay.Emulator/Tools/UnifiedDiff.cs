using System;
using System.Collections.Generic;
using System.Text;

namespace AgentBay.Emulator.Tools;

/// <summary>
/// A unified diff (3 lines of context) of two texts, line by line. The common head and tail are trimmed first and
/// the rest is matched by longest common subsequence; a change too large for that quadratic step is shown as one
/// block replacement, which is still a correct patch.
/// </summary>
internal static class UnifiedDiff
{
    private const int Context = 3;
    private const long MaxLcsCells = 4_000_000;

    public static string Create(string original, string modified, string path)
    {
        var before = original.Split('\n');
        var after = modified.Split('\n');
        var ops = Operations(before, after);

        var text = new StringBuilder();
        text.Append("--- ").Append(path).Append("\toriginal\n");
        text.Append("+++ ").Append(path).Append("\tmodified\n");
        var i = 0;
        while (i < ops.Count)
        {
            var firstChange = ops.FindIndex(i, o => o.Kind != ' ');
            if (firstChange < 0)
            {
                break;
            }

            // Extend the hunk while the next change is close enough for the contexts to touch.
            var lastChange = firstChange;
            for (var j = firstChange + 1; j < ops.Count && j - lastChange <= 2 * Context + 1; j++)
            {
                if (ops[j].Kind != ' ')
                {
                    lastChange = j;
                }
            }

            var start = Math.Max(i == 0 ? 0 : i, firstChange - Context);
            var end = Math.Min(ops.Count, lastChange + Context + 1);
            AppendHunk(text, ops, start, end);
            i = end;
        }

        return text.ToString();
    }

    private static void AppendHunk(StringBuilder text, List<(char Kind, string Line, int Old, int New)> ops, int start, int end)
    {
        int oldCount = 0, newCount = 0;
        for (var k = start; k < end; k++)
        {
            oldCount += ops[k].Kind == '+' ? 0 : 1;
            newCount += ops[k].Kind == '-' ? 0 : 1;
        }

        text.Append("@@ -").Append(Range(ops[start].Old, oldCount)).Append(" +").Append(Range(ops[start].New, newCount)).Append(" @@\n");
        for (var k = start; k < end; k++)
        {
            text.Append(ops[k].Kind).Append(ops[k].Line).Append('\n');
        }
    }

    // Lines are numbered from 1; an empty range names the line before it.
    private static string Range(int firstIndex, int count) => count == 0 ? $"{firstIndex},0" : $"{firstIndex + 1},{count}";

    /// <summary>Each line of the edit with its kind (' ', '-', '+') and the 0-based old/new index it sits at.</summary>
    private static List<(char Kind, string Line, int Old, int New)> Operations(string[] a, string[] b)
    {
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[^(suffix + 1)] == b[^(suffix + 1)])
        {
            suffix++;
        }

        var ops = new List<(char, string, int, int)>();
        int oldIndex = 0, newIndex = 0;
        void Add(char kind, string line)
        {
            ops.Add((kind, line, oldIndex, newIndex));
            oldIndex += kind == '+' ? 0 : 1;
            newIndex += kind == '-' ? 0 : 1;
        }

        for (var k = 0; k < prefix; k++)
        {
            Add(' ', a[k]);
        }

        var n = a.Length - prefix - suffix;
        var m = b.Length - prefix - suffix;
        if ((long)n * m <= MaxLcsCells)
        {
            // lcs[x, y] = length of the LCS of a[prefix+x..] and b[prefix+y..] (middle parts only).
            var lcs = new int[n + 1, m + 1];
            for (var x = n - 1; x >= 0; x--)
            {
                for (var y = m - 1; y >= 0; y--)
                {
                    lcs[x, y] = a[prefix + x] == b[prefix + y] ? lcs[x + 1, y + 1] + 1 : Math.Max(lcs[x + 1, y], lcs[x, y + 1]);
                }
            }

            int p = 0, q = 0;
            while (p < n || q < m)
            {
                if (p < n && q < m && a[prefix + p] == b[prefix + q])
                {
                    Add(' ', a[prefix + p++]);
                    q++;
                }
                else if (q < m && (p == n || lcs[p, q + 1] > lcs[p + 1, q]))
                {
                    Add('+', b[prefix + q++]);
                }
                else
                {
                    Add('-', a[prefix + p++]);
                }
            }
        }
        else
        {
            for (var k = 0; k < n; k++)
            {
                Add('-', a[prefix + k]);
            }

            for (var k = 0; k < m; k++)
            {
                Add('+', b[prefix + k]);
            }
        }

        for (var k = a.Length - suffix; k < a.Length; k++)
        {
            Add(' ', a[k]);
        }

        return ops;
    }
}
