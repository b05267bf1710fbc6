using System.Text.Encodings.Web;
using System.Text.Json;

namespace AgentBay.Emulator.Http;

/// <summary>
/// Serializer settings for every JSON text the emulator writes: quotes, ampersands and non-ASCII text stay as they
/// are (the default encoder would write <c>\u0022</c>), so replies read like the service's and nested JSON strings
/// (ToolList, shell results) stay legible in logs and tests.
/// </summary>
internal static class JsonText
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
