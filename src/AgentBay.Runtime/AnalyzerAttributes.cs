using System;

namespace AgentBay.Runtime;

/// <summary>
/// Marks a generated session class. The AgentBay analyzers recognise sessions by this attribute (not by "any
/// IAsyncDisposable"), so their leak checks never fire on unrelated types.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class AgentBaySessionAttribute : Attribute
{
}

/// <summary>Marks a method whose result hands a new session to the caller, who must release it (create, get).</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class AgentBayHandsOverSessionAttribute : Attribute
{
}

/// <summary>Marks a method that releases a session (delete); calling it counts as releasing the session it is given or called on.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class AgentBayReleasesSessionAttribute : Attribute
{
}

/// <summary>Marks a typed wrapper of the MCP tool <see cref="Name"/>.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class AgentBayToolAttribute : Attribute
{
    /// <summary>Creates the marker.</summary>
    /// <param name="name">The tool's wire name, e.g. <c>shell</c>.</param>
    public AgentBayToolAttribute(string name) => Name = name;

    /// <summary>The tool's wire name.</summary>
    public string Name { get; }
}

/// <summary>Marks the untyped tool call (call_mcp_tool) whose first parameter is the tool name.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class AgentBayUntypedToolCallAttribute : Attribute
{
}
