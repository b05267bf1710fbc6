using System;
using System.Globalization;

namespace AgentBay.Emulator.Hosting;

/// <summary>Parses the command line's <c>--fault KIND:P[:before|after][:Action+Action]</c>.</summary>
internal static class FaultRuleText
{
    public static FaultRule Parse(string text)
    {
        var parts = text.Split(':');
        if (parts.Length is < 2 or > 4)
        {
            throw new FormatException($"--fault needs KIND:PROBABILITY[:before|after][:Action+Action] (got '{text}').");
        }

        var kind = parts[0].ToLowerInvariant() switch
        {
            "500" => FaultKind.InternalError,
            "503" => FaultKind.ServiceUnavailable,
            "429" => FaultKind.Throttled,
            "reset" => FaultKind.ConnectionReset,
            "delay" => FaultKind.Delay,
            "malformed" => FaultKind.MalformedJson,
            "refused" => FaultKind.Refused,
            var other => throw new FormatException($"--fault kind must be 500, 503, 429, reset, delay, malformed or refused (got '{other}')."),
        };
        if (!double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var probability) || probability is < 0 or > 1)
        {
            throw new FormatException($"--fault probability must be a number from 0 to 1 (got '{parts[1]}').");
        }

        var phase = FaultPhase.BeforeAction;
        var actionsAt = 2;
        if (parts.Length > 2 && parts[2] is "before" or "after")
        {
            phase = parts[2] == "after" ? FaultPhase.AfterAction : FaultPhase.BeforeAction;
            actionsAt = 3;
        }
        else if (parts.Length == 4)
        {
            throw new FormatException($"--fault phase must be before or after (got '{parts[2]}').");
        }

        var actions = parts.Length > actionsAt ? parts[actionsAt].Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null;
        return new FaultRule(kind, probability) { Phase = phase, Actions = actions };
    }
}
