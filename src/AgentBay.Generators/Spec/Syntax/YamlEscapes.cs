using System.Text;

namespace AgentBay.Generators.Spec.Syntax
{
    /// <summary>The escape sequences of YAML double-quoted scalars (YAML 1.2, section 5.7).</summary>
    internal static class YamlEscapes
    {
        /// <summary>Appends the escape at <paramref name="p"/> (a backslash) and returns the offset after it.</summary>
        public static int Append(StringBuilder sb, string text, int p)
        {
            char e = p + 1 < text.Length ? text[p + 1] : '\0';
            switch (e)
            {
                case '0': sb.Append('\0'); return p + 2;
                case 'a': sb.Append('\a'); return p + 2;
                case 'b': sb.Append('\b'); return p + 2;
                case 't':
                case '\t': sb.Append('\t'); return p + 2;
                case 'n': sb.Append('\n'); return p + 2;
                case 'v': sb.Append('\v'); return p + 2;
                case 'f': sb.Append('\f'); return p + 2;
                case 'r': sb.Append('\r'); return p + 2;
                case 'e': sb.Append('\u001b'); return p + 2;
                case ' ': sb.Append(' '); return p + 2;
                case '"': sb.Append('"'); return p + 2;
                case '/': sb.Append('/'); return p + 2;
                case '\\': sb.Append('\\'); return p + 2;
                case 'N': sb.Append('\u0085'); return p + 2;
                case '_': sb.Append('\u00a0'); return p + 2;
                case 'L': sb.Append('\u2028'); return p + 2;
                case 'P': sb.Append('\u2029'); return p + 2;
                case 'x': sb.Append((char)ReadHex(text, p, 2)); return p + 4;
                case 'u': return AppendUtf16(sb, text, p);
                case 'U': return AppendCodePoint(sb, text, p);
                default:
                    int end = p + 1 < text.Length && !YamlCursor.IsBreak(text[p + 1]) ? p + 2 : p + 1;
                    YamlCursor.Fail("unknown escape sequence '" + text.Substring(p, end - p) + "' in a double-quoted scalar", p, end);
                    return end;
            }
        }

        private static int AppendUtf16(StringBuilder sb, string text, int p)
        {
            char unit = (char)ReadHex(text, p, 4);
            if (char.IsHighSurrogate(unit))
            {
                // JSON-style pairs ("\uD83D\uDE00") are accepted, so a string copied from JSON reads the same.
                if (p + 7 < text.Length && text[p + 6] == '\\' && text[p + 7] == 'u')
                {
                    char low = (char)ReadHex(text, p + 6, 4);
                    if (char.IsLowSurrogate(low))
                    {
                        sb.Append(unit).Append(low);
                        return p + 12;
                    }
                }

                YamlCursor.Fail("unpaired UTF-16 surrogate in \\u escape", p, p + 6);
            }
            else if (char.IsLowSurrogate(unit))
            {
                YamlCursor.Fail("unpaired UTF-16 surrogate in \\u escape", p, p + 6);
            }

            sb.Append(unit);
            return p + 6;
        }

        private static int AppendCodePoint(StringBuilder sb, string text, int p)
        {
            int value = ReadHex(text, p, 8);
            if (value < 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
            {
                YamlCursor.Fail("invalid Unicode code point in \\U escape", p, p + 10);
            }

            sb.Append(char.ConvertFromUtf32(value));
            return p + 10;
        }

        // Reads `digits` hex digits after the backslash and letter at p.
        private static int ReadHex(string text, int p, int digits)
        {
            int value = 0;
            for (int i = p + 2; i < p + 2 + digits; i++)
            {
                int digit = i < text.Length ? JsonStringScanner.HexValue(text[i]) : -1;
                if (digit < 0)
                {
                    YamlCursor.Fail("expected " + digits + " hex digits after '\\" + text[p + 1] + "'", p, i < text.Length && !YamlCursor.IsBreak(text[i]) ? i + 1 : i);
                }

                value = (value << 4) | digit;
            }

            return value;
        }
    }
}
