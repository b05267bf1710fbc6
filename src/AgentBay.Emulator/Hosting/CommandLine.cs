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

          --port N            TCP port on loopback (default 8080; 0 picks a free one)
          --host ADDRESS      127.0.0.1 (default), ::1 or localhost; other addresses are refused
          --api-key KEY       accepted API key (repeatable; default: $AGENTBAY_API_KEY, else a generated one is printed)
          --https             serve HTTPS with a self-signed certificate generated at start
          --cert-out FILE     write that certificate as PEM (trust it in the client)
          --sandbox MODE      auto (default), bwrap or none
          --delay-ms N        time a session spends in PAUSING / RESUMING / DELETING (default 1000)
          --work-root DIR     folder for the emulator's temporary files (default: system temp)
          --verbose           log every action
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
        var sandbox = SandboxPreference.Auto;
        var delay = TimeSpan.FromSeconds(1);
        var verbose = false;
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
                case "--delay-ms": delay = TimeSpan.FromMilliseconds(Number(Value(), "--delay-ms")); break;
                case "--verbose": verbose = true; break;
                case "--sandbox":
                    sandbox = Value() switch
                    {
                        "auto" => SandboxPreference.Auto,
                        "bwrap" or "bubblewrap" => SandboxPreference.Bubblewrap,
                        "none" => SandboxPreference.None,
                        var other => throw new FormatException($"--sandbox must be auto, bwrap or none (got '{other}')."),
                    };
                    break;
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
            ConfigureLogging = logging => logging
                .AddSimpleConsole(o => o.SingleLine = true)
                .SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information),
        };
    }

    private static int Number(string text, string option) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new FormatException($"{option} needs a non-negative integer (got '{text}').");
}
