using System;
using System.Collections.Generic;
using System.Text.Json;

namespace AgentBay.Runtime;

/// <summary>Reads the text of <c>get_file_change</c>: a JSON array of <c>{eventType, path, pathType}</c>.</summary>
internal static class FileChangeList
{
    /// <exception cref="SessionException">The text is not such an array.</exception>
    public static List<FileChange> Parse(string? text, string watchedPath, string requestId)
    {
        var changes = new List<FileChange>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return changes; // nothing changed
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw Malformed(watchedPath, requestId, "it is not a JSON array", null);
            }
            foreach (JsonElement item in document.RootElement.EnumerateArray())
            {
                // The SDKs read camelCase keys and accept snake_case ones too.
                string? eventType = Read(item, "eventType"u8, "event_type"u8);
                string? path = Read(item, "path"u8, "path"u8);
                if (eventType is null || path is null)
                {
                    throw Malformed(watchedPath, requestId, "an entry has no eventType or path", null);
                }
                changes.Add(new FileChange(eventType, path, Read(item, "pathType"u8, "path_type"u8) ?? "file"));
            }
        }
        catch (JsonException exception)
        {
            throw Malformed(watchedPath, requestId, "it is not JSON", exception);
        }
        return changes;
    }

    private static string? Read(JsonElement item, ReadOnlySpan<byte> name, ReadOnlySpan<byte> alternative) =>
        WireReader.ReadString(WireReader.Property(item, name)) ?? WireReader.ReadString(WireReader.Property(item, alternative));

    private static SessionException Malformed(string watchedPath, string requestId, string why, Exception? inner) =>
        new($"Watching {watchedPath}: the change list could not be read ({why}).", requestId, null, null, inner);
}
