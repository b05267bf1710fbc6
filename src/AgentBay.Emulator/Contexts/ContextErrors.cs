using System.Linq;
using AgentBay.Emulator.Http;

namespace AgentBay.Emulator.Contexts;

/// <summary>
/// The failures of context actions. They are HTTP 200 with <c>Success:false</c>, the shape the SDKs turn into
/// <c>"[Code] Message"</c> without raising (docs/contexts.md §3).
/// </summary>
internal static class ContextErrors
{
    public static ApiError NotFound(string idOrName) =>
        new(200, "InvalidContext.NotFound", $"The context {Shown(idOrName)} does not exist.");

    public static ApiError InUse(string id, System.Collections.Generic.IEnumerable<string> sessionIds) =>
        new(200, "InvalidContext.InUse",
            $"The context {id} is in use by session {string.Join(", ", sessionIds)}; delete the session first.");

    public static ApiError NameExists(string name) =>
        new(200, "InvalidContext.NameExists", $"Another context is already named '{Shown(name)}'.");

    public static ApiError InvalidPath(string parameter, string? path, string detail) =>
        new(200, "InvalidParameter.Path", $"The parameter \"{parameter}\" is invalid: {detail} (got '{Shown(path)}').");

    public static ApiError Invalid(string parameter, string detail) =>
        new(200, "InvalidParameter", $"The parameter \"{parameter}\" is invalid: {detail}");

    public static ApiError FileNotFound(string contextId, string path) =>
        new(200, "InvalidContextFile.NotFound", $"The file {Shown(path)} does not exist in context {contextId}.");

    public static ApiError FileConflict(string contextId, string path, string detail) =>
        new(200, "InvalidContextFile.Conflict", $"The file {Shown(path)} cannot be written to context {contextId}: {detail}");

    /// <summary>User text in a message: control characters (NUL among them) shown as '?', long text cut.</summary>
    public static string Shown(string? text)
    {
        if (text is null)
        {
            return string.Empty;
        }

        var cleaned = new string(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return cleaned.Length > 200 ? cleaned[..200] + "..." : cleaned;
    }
}
