using System;

namespace AgentBay.Cli;

/// <summary>A failure the user can act on: printed as one line (<c>error: ...</c>), exit code 2, no stack trace.</summary>
internal sealed class CliException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>A command line that does not parse: <c>error: ...</c> and a pointer to <c>--help</c>, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
