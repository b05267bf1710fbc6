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

    public static readonly Action<ILogger, string, int, double, string, Exception?> Retrying = LoggerMessage.Define<string, int, double, string>(
        LogLevel.Warning, new EventId(4, "AgentBayRequestRetrying"), "AgentBay {Action} attempt {Attempt} failed, retrying in {DelayMilliseconds:0} ms: {Message}");

    public static readonly Action<ILogger, string, string, string, string, Exception?> Reconciling = LoggerMessage.Define<string, string, string, string>(
        LogLevel.Warning, new EventId(5, "AgentBayCreateReconciling"), "AgentBay {Action} may or may not have run ({Message}); looking for it by label {Label}={Token}");

    public static readonly Action<ILogger, string, string, string, Exception?> Reconciled = LoggerMessage.Define<string, string, string>(
        LogLevel.Information, new EventId(6, "AgentBayCreateReconciled"), "AgentBay {Action} had run: found {Item} by its client token {Token}");

    public static readonly Action<ILogger, string, string, Exception?> NotCreated = LoggerMessage.Define<string, string>(
        LogLevel.Information, new EventId(7, "AgentBayCreateNotFound"), "AgentBay {Action} had not run: nothing carries client token {Token}; sending it again");

    public static readonly Action<ILogger, string, int, string, Exception?> Duplicates = LoggerMessage.Define<string, int, string>(
        LogLevel.Warning, new EventId(8, "AgentBayCreateDuplicates"), "AgentBay {Action} found {Count} resources with client token {Token}; using the first");
}
