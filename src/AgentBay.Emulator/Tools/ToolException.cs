using System;

namespace AgentBay.Emulator.Tools;

/// <summary>A tool call that failed in a way the caller should see as <c>isError: true</c> with this text.</summary>
internal sealed class ToolException(string message) : Exception(message);
