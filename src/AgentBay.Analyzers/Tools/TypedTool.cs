using AgentBay.Analyzers.Sessions;
using Microsoft.CodeAnalysis;

namespace AgentBay.Analyzers.Tools;

/// <summary>The typed wrappers of one tool: the tools property of the session that reaches them, and the sync and
/// async methods marked <c>[AgentBayTool(name)]</c>.</summary>
internal sealed class TypedTool
{
    public TypedTool(string name, IPropertySymbol toolsProperty)
    {
        Name = name;
        ToolsProperty = toolsProperty;
    }

    public string Name { get; }

    public IPropertySymbol ToolsProperty { get; }

    public IMethodSymbol? SyncMethod { get; set; }

    public IMethodSymbol? AsyncMethod { get; set; }

    /// <summary>The wrapper matching the form of the untyped call: CallMcpToolAsync maps to ShellAsync, CallMcpTool to Shell.</summary>
    public IMethodSymbol? WrapperFor(IMethodSymbol untypedCall) =>
        IsAsync(untypedCall) ? AsyncMethod : SyncMethod;

    public static bool IsAsync(IMethodSymbol method) => method.ReturnsTask();
}
