using System.Globalization;

namespace AgentBay.Generators.Binding;

/// <summary>Parses durations such as <c>600s</c>, <c>2s</c>, <c>1500ms</c>, <c>2.5s</c> and <c>10m</c> into milliseconds.</summary>
internal static class DurationParser
{
    public static bool TryParse(string text, out long milliseconds)
    {
        milliseconds = 0;
        string number;
        double scale;
        if (text.EndsWith("ms", System.StringComparison.Ordinal))
        {
            number = text.Substring(0, text.Length - 2);
            scale = 1;
        }
        else if (text.EndsWith("s", System.StringComparison.Ordinal))
        {
            number = text.Substring(0, text.Length - 1);
            scale = 1000;
        }
        else if (text.EndsWith("m", System.StringComparison.Ordinal))
        {
            number = text.Substring(0, text.Length - 1);
            scale = 60000;
        }
        else
        {
            return false;
        }

        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || value < 0 || value * scale > long.MaxValue / 2)
        {
            return false;
        }

        milliseconds = (long)System.Math.Round(value * scale);
        return true;
    }
}
