using System.Text;

namespace AgentBay.Generators.Spec.Syntax
{
    /// <summary>JSON strings: a Substring when there is no escape, else unescaped through a reused StringBuilder.</summary>
    internal static class JsonStringScanner
    {
        /// <summary>
        /// Reads the string whose opening quote is at <paramref name="start"/>; <paramref name="end"/> is the
        /// offset after its closing quote. Uses <paramref name="builder"/> only when there are escapes.
        /// </summary>
        public static string Scan(string text, int start, StringBuilder builder, out int end)
        {
            int p = start + 1;

            // Fast path: no escapes, so the value is a plain slice of the text.
            while (p < text.Length)
            {
                char c = text[p];
                if (c == '"')
                {
                    end = p + 1;
                    return text.Substring(start + 1, p - start - 1);
                }

                if (c == '\\' || c < ' ')
                {
                    break;
                }

                p++;
            }

            StringBuilder sb = builder.Clear();
            sb.Append(text, start + 1, p - start - 1);
            while (true)
            {
                if (p >= text.Length)
                {
                    Fail("unterminated string (missing closing '\"')", start, start + 1);
                }

                char c = text[p];
                if (c == '"')
                {
                    end = p + 1;
                    return sb.ToString();
                }

                if (c == '\n' || c == '\r')
                {
                    // Most likely a missing closing quote, so point at the opening one.
                    Fail("unterminated string (a JSON string cannot contain a line break)", start, start + 1);
                }

                if (c < ' ')
                {
                    Fail("control characters must be escaped in JSON strings", p, p + 1);
                }

                if (c != '\\')
                {
                    sb.Append(c);
                    p++;
                    continue;
                }

                p = AppendEscape(text, sb, p);
            }
        }

        // p is at the backslash; returns the offset after the escape.
        private static int AppendEscape(string text, StringBuilder sb, int p)
        {
            char e = p + 1 < text.Length ? text[p + 1] : '\0';
            switch (e)
            {
                case '"': sb.Append('"'); return p + 2;
                case '\\': sb.Append('\\'); return p + 2;
                case '/': sb.Append('/'); return p + 2;
                case 'b': sb.Append('\b'); return p + 2;
                case 'f': sb.Append('\f'); return p + 2;
                case 'n': sb.Append('\n'); return p + 2;
                case 'r': sb.Append('\r'); return p + 2;
                case 't': sb.Append('\t'); return p + 2;
                case 'u':
                    char unit = ReadHex4(text, p);
                    if (char.IsHighSurrogate(unit))
                    {
                        // A high surrogate must be followed by an escaped low one: "\uD83D\uDE00".
                        if (p + 7 < text.Length && text[p + 6] == '\\' && text[p + 7] == 'u')
                        {
                            char low = ReadHex4(text, p + 6);
                            if (char.IsLowSurrogate(low))
                            {
                                sb.Append(unit).Append(low);
                                return p + 12;
                            }
                        }

                        Fail("unpaired UTF-16 surrogate in \\u escape", p, p + 6);
                    }
                    else if (char.IsLowSurrogate(unit))
                    {
                        Fail("unpaired UTF-16 surrogate in \\u escape", p, p + 6);
                    }

                    sb.Append(unit);
                    return p + 6;
                default:
                    Fail("invalid escape sequence in JSON string", p, p + 2 <= text.Length ? p + 2 : p + 1);
                    return 0;
            }
        }

        private static char ReadHex4(string text, int backslash)
        {
            int value = 0;
            for (int i = backslash + 2; i < backslash + 6; i++)
            {
                int digit = i < text.Length ? HexValue(text[i]) : -1;
                if (digit < 0)
                {
                    Fail("expected four hex digits after \\u", backslash, i < text.Length ? i + 1 : i);
                }

                value = (value << 4) | digit;
            }

            return (char)value;
        }

        internal static int HexValue(char c) =>
            c >= '0' && c <= '9' ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
            : -1;

        private static void Fail(string message, int start, int end) => throw new SpecSyntaxException(message, start, end);
    }
}
