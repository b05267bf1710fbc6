using System;
using System.Collections.Generic;

namespace AgentBay.Cli;

/// <summary>
/// Walks a command's arguments the one way every command reads them: <c>--name value</c> options, where a value may
/// not start with <c>--</c>, and anything else as a positional argument.
/// </summary>
internal static class OptionReader
{
    /// <param name="args">The arguments after the command's name.</param>
    /// <param name="option">Takes an option with a reader of its value; false: the option is unknown.</param>
    /// <param name="positional">Takes a positional argument; false (or no callback): it is an unknown option.</param>
    public static void Read(IReadOnlyList<string> args, Func<string, Func<string>, bool> option, Func<string, bool>? positional = null)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                ? args[++i]
                : throw new UsageException($"{arg} needs a value");
            var taken = arg.StartsWith("--", StringComparison.Ordinal) ? option(arg, Value) : positional?.Invoke(arg) ?? false;
            if (!taken)
            {
                throw new UsageException($"unknown option '{arg}'");
            }
        }
    }
}
