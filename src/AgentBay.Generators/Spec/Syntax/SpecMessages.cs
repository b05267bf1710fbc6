using System.Globalization;

namespace AgentBay.Generators.Spec.Syntax
{
    /// <summary>Small formatting helpers shared by the readers' error messages.</summary>
    internal static class SpecMessages
    {
        public const string TooDeep = "nesting deeper than 64 levels";

        public const int MaxDepth = 64;

        /// <summary>Names the char at <paramref name="pos"/> for a message: 'x', a code point, a line break or the end of the file.</summary>
        public static string Describe(string text, int pos)
        {
            if (pos >= text.Length)
            {
                return "the end of the file";
            }

            char c = text[pos];
            if (c == '\n' || c == '\r')
            {
                return "the end of the line";
            }

            if (c < ' ' || c == '\u007f' || char.IsSurrogate(c) || c == '\uFEFF')
            {
                return "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);
            }

            return "'" + c + "'";
        }

        /// <summary>Quotes a key or word for a message, shortened so a huge key cannot make a huge message.</summary>
        public static string Quote(string text)
        {
            const int Max = 40;
            return text.Length <= Max ? "'" + text + "'" : "'" + text.Substring(0, Max) + "...'";
        }
    }
}
