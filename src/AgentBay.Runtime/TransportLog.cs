using System;
using Microsoft.Extensions.Logging;

namespace AgentBay.Runtime;

/// <summary>Log entries of the transport, defined once (LoggerMessage) so that logging allocates nothing when it is off.</summary>
internal static class TransportLog
{
    public static readonly Action<ILogger, string, string, double, Exception?> Succeeded = LoggerMessage.Define<string, string, double>(
        LogLevel.Information, new EventId(1, "AgentBayRequestSucceeded"), "AgentBay {Action} succeeded (request id {RequestId}) in {ElapsedMilliseconds:0.0} ms");

    public static readonly Action<ILogger, string, string, double, string, Exception?> Refused = LoggerMessage.Define<string, string, double, string>(
        LogLevel.Warning, new EventId(2, "AgentBayRequestRefused"), "AgentBay {Action} answered Success=false (request id {RequestId}) in {ElapsedMilliseconds:0.0} ms: {Code}");

    public static readonly Action<ILogger, string, string, double, string, string, Exception?> Failed = LoggerMessage.Define<string, string, double, string, string>(
        LogLevel.Warning, new EventId(3, "AgentBayRequestFailed"), "AgentBay {Action} failed (request id {RequestId}) in {ElapsedMilliseconds:0.0} ms: {Code} {Message}");
}
