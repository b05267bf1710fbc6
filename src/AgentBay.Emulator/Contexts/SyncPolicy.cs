using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AgentBay.Emulator.Contexts;

/// <summary>One white list entry of <c>bwList.whiteLists</c>: a path (prefix or regex) and paths excluded from it.</summary>
internal sealed record WhiteListRule(string Path, bool PathIsRegex, IReadOnlyList<string> Excluded, bool ExcludedAreRegex);

/// <summary>
/// The parts of a PersistenceDataList entry's <c>Policy</c> (the SDK's SyncPolicy JSON, camelCase keys) that the
/// emulator acts on; everything else (upload mode, extract, recycle and mapping policies) is accepted and ignored.
/// Missing parts take the SDK's defaults: auto upload and download on, local deletions synced, no white list.
/// </summary>
internal sealed record SyncPolicy(bool AutoUpload, bool AutoDownload, bool SyncLocalFile, IReadOnlyList<WhiteListRule> WhiteLists)
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);

    public static readonly SyncPolicy Default = new(true, true, true, []);

    /// <summary>The policy of the internal file transfer context: moved only by explicit syncs.</summary>
    public static readonly SyncPolicy Manual = new(false, false, false, []);

    /// <summary>Reads a policy sent as a JSON string (as the SDKs do) or an object; null gives the defaults.</summary>
    /// <param name="node">The <c>Policy</c> member.</param>
    /// <param name="mountPath">The entry's session path (white list paths written as absolute session paths are cut to it).</param>
    public static SyncPolicy Parse(JsonNode? node, string mountPath)
    {
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            var text = value.GetValue<string>();
            if (string.IsNullOrWhiteSpace(text))
            {
                return Default;
            }

            try
            {
                node = JsonNode.Parse(text);
            }
            catch (JsonException e)
            {
                throw ContextErrors.Invalid("PersistenceDataList", $"a Policy is not valid JSON ({e.Message}).");
            }
        }

        if (node is null)
        {
            return Default;
        }

        if (node is not JsonObject policy)
        {
            throw ContextErrors.Invalid("PersistenceDataList", "a Policy must be a JSON object (or a string holding one).");
        }

        var rules = new List<WhiteListRule>();
        if (policy["bwList"]?["whiteLists"] is JsonArray whiteLists)
        {
            foreach (var item in whiteLists.OfType<JsonObject>())
            {
                var pathIsRegex = Flag(item["isPathRegex"], false);
                var excludedAreRegex = Flag(item["isExcludeRegex"], false);
                var path = Rule((string?)item["path"] ?? string.Empty, pathIsRegex, mountPath);
                var excluded = (item["excludePaths"] as JsonArray ?? [])
                    .Select(e => Rule((string?)e ?? string.Empty, excludedAreRegex, mountPath))
                    .Where(e => e.Length > 0)
                    .ToList();
                rules.Add(new WhiteListRule(path, pathIsRegex, excluded, excludedAreRegex));
            }
        }

        return new SyncPolicy(
            Flag(policy["uploadPolicy"]?["autoUpload"], true),
            Flag(policy["downloadPolicy"]?["autoDownload"], true),
            Flag(policy["deletePolicy"]?["syncLocalFile"], true),
            rules);
    }

    /// <summary>Whether an upload takes the file at <paramref name="relative"/> (canonical, relative to the binding).</summary>
    public bool Includes(string relative)
    {
        if (WhiteLists.Count == 0)
        {
            return true;
        }

        return WhiteLists.Any(rule =>
            Matches(rule.Path, rule.PathIsRegex, relative, emptyMatchesAll: true)
            && !rule.Excluded.Any(e => Matches(e, rule.ExcludedAreRegex, relative, emptyMatchesAll: false)));
    }

    private static bool Matches(string pattern, bool regex, string relative, bool emptyMatchesAll)
    {
        if (pattern.Length == 0 || pattern == "/")
        {
            return emptyMatchesAll;
        }

        return regex
            ? Regex.IsMatch(relative, pattern, RegexOptions.CultureInvariant, RegexTimeout)
            : ContextPaths.IsUnder(relative, pattern);
    }

    /// <summary>A white list path in the form the matcher uses: canonical and relative to the binding, or a checked regex.</summary>
    private static string Rule(string path, bool regex, string mountPath)
    {
        if (regex)
        {
            try
            {
                _ = Regex.IsMatch(string.Empty, path, RegexOptions.CultureInvariant, RegexTimeout);
            }
            catch (ArgumentException e)
            {
                throw ContextErrors.Invalid("PersistenceDataList", $"the white list regex '{ContextErrors.Shown(path)}' is invalid ({e.Message}).");
            }

            return path;
        }

        if (path.Trim().Length == 0)
        {
            return string.Empty;
        }

        var canonical = ContextPaths.Normalize(path, "PersistenceDataList", allowRoot: true);
        return mountPath != "/" && ContextPaths.IsUnder(canonical, mountPath) ? ContextPaths.Relative(canonical, mountPath) : canonical;
    }

    private static bool Flag(JsonNode? node, bool fallback) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.True => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.False => false,
        JsonValue v when v.GetValueKind() == JsonValueKind.String && bool.TryParse(v.GetValue<string>(), out var parsed) => parsed,
        _ => fallback,
    };
}
