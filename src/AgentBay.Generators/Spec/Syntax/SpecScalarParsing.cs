using System.Globalization;

namespace AgentBay.Generators.Spec.Syntax
{
    /// <summary>
    /// YAML 1.2 core-schema resolution of plain scalars (also right for JSON literals, which are a subset).
    /// Hand-written checks instead of Regex: these run for every plain scalar the binder looks at.
    /// </summary>
    internal static class SpecScalarParsing
    {
        public static bool IsNullLiteral(string text)
        {
            switch (text.Length)
            {
                case 0:
                    return true;
                case 1:
                    return text[0] == '~';
                case 4:
                    return text == "null" || text == "Null" || text == "NULL";
                default:
                    return false;
            }
        }

        public static bool TryParseBoolean(string text, out bool value)
        {
            switch (text)
            {
                case "true":
                case "True":
                case "TRUE":
                    value = true;
                    return true;
                case "false":
                case "False":
                case "FALSE":
                    value = false;
                    return true;
                default:
                    value = false;
                    return false;
            }
        }

        public static bool TryParseInt64(string text, out long value)
        {
            value = 0;
            if (text.Length > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'o'))
            {
                return TryParseRadix(text, text[1] == 'x' ? 16 : 8, out value);
            }

            int start = text.Length > 0 && (text[0] == '-' || text[0] == '+') ? 1 : 0;
            if (start == text.Length)
            {
                return false;
            }

            for (int i = start; i < text.Length; i++)
            {
                if (text[i] < '0' || text[i] > '9')
                {
                    return false;
                }
            }

            return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
        }

        public static bool TryParseDouble(string text, out double value)
        {
            if (TryParseInt64(text, out long integer))
            {
                value = integer;
                return true;
            }

            value = 0;
            int i = text.Length > 0 && (text[0] == '-' || text[0] == '+') ? 1 : 0;
            if (text.Length - i == 4 && text[i] == '.')
            {
                string word = text.Substring(i + 1);
                if (word == "inf" || word == "Inf" || word == "INF")
                {
                    value = text[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
                    return true;
                }

                if (i == 0 && (word == "nan" || word == "NaN" || word == "NAN"))
                {
                    value = double.NaN;
                    return true;
                }
            }

            // [-+]? ( \.[0-9]+ | [0-9]+ ( \.[0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
            int digits = SkipDigits(text, ref i);
            if (i < text.Length && text[i] == '.')
            {
                i++;
                digits += SkipDigits(text, ref i);
            }

            if (digits == 0)
            {
                return false;
            }

            if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
            {
                i++;
                if (i < text.Length && (text[i] == '-' || text[i] == '+'))
                {
                    i++;
                }

                if (SkipDigits(text, ref i) == 0)
                {
                    return false;
                }
            }

            return i == text.Length
                && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }

        private static int SkipDigits(string text, ref int i)
        {
            int start = i;
            while (i < text.Length && text[i] >= '0' && text[i] <= '9')
            {
                i++;
            }

            return i - start;
        }

        private static bool TryParseRadix(string text, int radix, out long value)
        {
            value = 0;
            for (int i = 2; i < text.Length; i++)
            {
                char c = text[i];
                int digit = c >= '0' && c <= '9' ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10
                    : int.MaxValue;
                if (digit >= radix || value > (long.MaxValue - digit) / radix)
                {
                    value = 0;
                    return false;
                }

                value = (value * radix) + digit;
            }

            return true;
        }
    }
}
