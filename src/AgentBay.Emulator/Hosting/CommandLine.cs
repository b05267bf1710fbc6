using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace AgentBay.Emulator.Hosting;

/// <summary>Turns the command line into <see cref="EmulatorOptions"/>.</summary>
internal static class CommandLine
{
    public const string Usage = """
        Usage: dotnet run --project src/AgentBay.Emulator -- [options]
               dotnet run --project src/AgentBay.Emulator -- --probe   (which sandbox modes work here, and why not)

          --port N            TCP port on loopback (default 8080; 0 picks a free one)
          --host ADDRESS      127.0.0.1 (default), ::1 or localhost; other addresses are refused
          --tool NAME=COMMAND an extra tool run as a shell command, {arg} = quoted argument (repeatable)
          --api-key KEY       accepted API key (repeatable; default: $AGENTBAY_API_KEY, else a generated one is printed)
          --https             serve HTTPS with a self-signed certificate generated at start
          --cert-out FILE     write that certificate as PEM (trust it in the client)
          --sandbox MODE      auto (default: $AGENTBAY_EMULATOR_SANDBOX, else bwrap, namespaces or none,
                              whichever works first here), bwrap, namespaces or none
          --delay-ms N        time a session spends in PAUSING / RESUMING / DELETING (default 1000)
          --work-root DIR     folder for the emulator's temporary files (default: system temp)
          --data DIR          keep contexts (GetContext, SyncContext, ...) in DIR across restarts
                              (default: in the temporary folder, removed at exit)
          --max-sessions N    live sessions allowed at once (default 100)
          --max-body-bytes N  largest request body accepted (default 16777216)
          --verbose           log every action

        Fault mode (for testing clients; off by default):
          --fault KIND:P[:before|after][:Action+Action...]
                              inject KIND with probability P (0-1) into every call, or only into the listed
                              actions; before (default) the action runs, or after it ran (its effect stays, the
                              reply is lost). KIND: 500, 503, 429, reset, delay, malformed, refused (HTTP 200 with
                              Success false). Repeatable; the probabilities of one action add up to at most 1.
          --fault-seed N      seed of the fault dice (default 1): same seed and call order, same faults
          --fault-delay-ms N  how long 'delay' holds a reply back (default 2000)
          --fault-retry-after-ms N
                              what '429' asks the client to wait (default 1000; Retry-After in whole seconds,
                              x-acs-retry-after in ms)
        """;

    /// <summary>Parses <paramref name="args"/>; throws <see cref="FormatException"/> with a message for the user.</summary>
    /// <param name="args">The program's arguments.</param>
    /// <param name="environmentKey">Value of AGENTBAY_API_KEY, if set.</param>
    public static EmulatorOptions Parse(IReadOnlyList<string> args, string? environmentKey)
    {
        var keys = new List<string>();
        var port = 8080;
        var host = "127.0.0.1";
        var https = false;
        string? certOut = null;
        string? workRoot = null;
        string? data = null;
        var sandbox = SandboxPreference.Auto;
        var delay = TimeSpan.FromSeconds(1);
        var verbose = false;
        var maxSessions = 100;
        long maxBody = 16 * 1024 * 1024;
        var faultRules = new List<FaultRule>();
        var commandTools = new Dictionary<string, string>(StringComparer.Ordinal);
        var faultSeed = 1;
        var faultDelay = TimeSpan.FromSeconds(2);
        var retryAfter = TimeSpan.FromSeconds(1);
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new FormatException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--port": port = Number(Value(), "--port"); break;
                case "--host": host = Value(); break;
                case "--api-key": keys.Add(Value()); break;
                case "--https": https = true; break;
                case "--cert-out": certOut = Value(); break;
                case "--work-root": workRoot = Value(); break;
                case "--data": data = Value(); break;
                case "--delay-ms": delay = TimeSpan.FromMilliseconds(Number(Value(), "--delay-ms")); break;
                case "--verbose": verbose = true; break;
                case "--max-sessions": maxSessions = Number(Value(), "--max-sessions"); break;
                case "--max-body-bytes": maxBody = Number(Value(), "--max-body-bytes"); break;
                case "--fault": faultRules.Add(FaultRuleText.Parse(Value())); break;
                case "--tool": AddCommandTool(commandTools, Value()); break;
                case "--fault-seed": faultSeed = Number(Value(), "--fault-seed"); break;
                case "--fault-delay-ms": faultDelay = TimeSpan.FromMilliseconds(Number(Value(), "--fault-delay-ms")); break;
                case "--fault-retry-after-ms": retryAfter = TimeSpan.FromMilliseconds(Number(Value(), "--fault-retry-after-ms")); break;
                case "--sandbox": sandbox = SandboxModes.Parse(Value(), "--sandbox"); break;
                default: throw new FormatException($"Unknown option '{args[i]}'.");
            }
        }

        if (certOut is not null && !https)
        {
            throw new FormatException("--cert-out needs --https.");
        }

        if (keys.Count == 0 && !string.IsNullOrWhiteSpace(environmentKey))
        {
            keys.Add(environmentKey);
        }

        return new EmulatorOptions
        {
            ApiKeys = keys,
            Host = host,
            Port = port,
            UseHttps = https,
            CertificateOutputPath = certOut,
            Sandbox = sandbox,
            PauseDelay = delay,
            ResumeDelay = delay,
            DeleteDelay = delay,
            WorkRoot = workRoot,
            DataDirectory = data,
            MaxSessions = maxSessions,
            MaxRequestBodyBytes = maxBody,
            CommandTools = commandTools,
            Faults = faultRules.Count == 0
                ? null
                : new FaultOptions { Rules = faultRules, Seed = faultSeed, Delay = faultDelay, RetryAfter = retryAfter },
            ConfigureLogging = logging => logging
                .AddSimpleConsole(o => o.SingleLine = true)
                .SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information),
        };
    }

    private static int Number(string text, string option) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new FormatException($"{option} needs a non-negative integer (got '{text}').");

    private static void AddCommandTool(Dictionary<string, string> tools, string definition)
    {
        var cut = definition.IndexOf('=', StringComparison.Ordinal);
        if (cut <= 0 || cut == definition.Length - 1)
        {
            throw new ArgumentException($"--tool expects NAME=COMMAND, e.g. count_lines='wc -l < {{path}}'; got '{definition}'.");
        }

        tools[definition[..cut].Trim()] = definition[(cut + 1)..];
    }
}
