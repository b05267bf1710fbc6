using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace AgentBay.Analyzers.Tools;

/// <summary>The typed tools reachable from one session type: every property of the session whose type declares
/// <c>[AgentBayTool]</c> methods. Built from the session type, so it also works when the generated client lives in a
/// referenced assembly.</summary>
internal sealed class ToolCatalog
{
    private readonly Dictionary<string, TypedTool> _tools;

    private ToolCatalog(Dictionary<string, TypedTool> tools) => _tools = tools;

    public bool IsEmpty => _tools.Count == 0;

    public bool TryGet(string name, out TypedTool tool) => _tools.TryGetValue(name, out tool!);

    public static ToolCatalog For(INamedTypeSymbol sessionType, AgentBaySymbols symbols)
    {
        var tools = new Dictionary<string, TypedTool>(StringComparer.Ordinal);
        foreach (var member in sessionType.GetMembers())
        {
            if (member is not IPropertySymbol { IsStatic: false, Type: INamedTypeSymbol toolsType } property)
            {
                continue;
            }

            foreach (var toolsMember in toolsType.GetMembers())
            {
                if (toolsMember is not IMethodSymbol { IsStatic: false, DeclaredAccessibility: Accessibility.Public } method
                    || symbols.ToolNameOf(method) is not { } name)
                {
                    continue;
                }

                if (!tools.TryGetValue(name, out var tool))
                {
                    tool = new TypedTool(name, property);
                    tools.Add(name, tool);
                }

                if (TypedTool.IsAsync(method))
                {
                    tool.AsyncMethod ??= method;
                }
                else
                {
                    tool.SyncMethod ??= method;
                }
            }
        }

        return new ToolCatalog(tools);
    }
}
