using System.Collections.Generic;
using System.Text;

namespace AgentBay.Runtime;

/// <summary><c>application/x-www-form-urlencoded</c> encoding as the official SDKs' runtime produces it.</summary>
internal static class FormEncoding
{
    private const string HexDigits = "0123456789ABCDEF";

    /// <summary>Joins the pairs as <c>name=value&amp;…</c> in the order given, spaces as '+', UTF-8 percent-escapes.</summary>
    internal static string Encode(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var text = new StringBuilder();
        foreach (KeyValuePair<string, string> pair in pairs)
        {
            if (text.Length > 0)
            {
                text.Append('&');
            }
            AppendEscaped(text, pair.Key);
            text.Append('=');
            AppendEscaped(text, pair.Value);
        }
        return text.ToString();
    }

    private static void AppendEscaped(StringBuilder text, string value)
    {
        foreach (byte b in Encoding.UTF8.GetBytes(value))
        {
            if (b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
                or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
            {
                text.Append((char)b);
            }
            else if (b == (byte)' ')
            {
                // Python's urlencode (quote_plus) writes spaces as '+', as in "Authorization=Bearer+akm-…".
                text.Append('+');
            }
            else
            {
                text.Append('%').Append(HexDigits[b >> 4]).Append(HexDigits[b & 0xF]);
            }
        }
    }
}
