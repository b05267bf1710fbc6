using Microsoft.CodeAnalysis;

namespace AgentBay.Analyzers;

/// <summary>The runtime's marker attributes, resolved once per compilation. A compilation that does not reference
/// AgentBay.Runtime has none of them, and the session and tool analyzers then do nothing.</summary>
internal sealed class AgentBaySymbols
{
    private AgentBaySymbols(
        INamedTypeSymbol session,
        INamedTypeSymbol handsOverSession,
        INamedTypeSymbol releasesSession,
        INamedTypeSymbol tool,
        INamedTypeSymbol untypedToolCall)
    {
        SessionAttribute = session;
        HandsOverSessionAttribute = handsOverSession;
        ReleasesSessionAttribute = releasesSession;
        ToolAttribute = tool;
        UntypedToolCallAttribute = untypedToolCall;
    }

    public INamedTypeSymbol SessionAttribute { get; }

    public INamedTypeSymbol HandsOverSessionAttribute { get; }

    public INamedTypeSymbol ReleasesSessionAttribute { get; }

    public INamedTypeSymbol ToolAttribute { get; }

    public INamedTypeSymbol UntypedToolCallAttribute { get; }

    public static AgentBaySymbols? TryCreate(Compilation compilation)
    {
        var session = compilation.GetTypeByMetadataName("AgentBay.Runtime.AgentBaySessionAttribute");
        var handsOver = compilation.GetTypeByMetadataName("AgentBay.Runtime.AgentBayHandsOverSessionAttribute");
        var releases = compilation.GetTypeByMetadataName("AgentBay.Runtime.AgentBayReleasesSessionAttribute");
        var tool = compilation.GetTypeByMetadataName("AgentBay.Runtime.AgentBayToolAttribute");
        var untyped = compilation.GetTypeByMetadataName("AgentBay.Runtime.AgentBayUntypedToolCallAttribute");
        return session is null || handsOver is null || releases is null || tool is null || untyped is null
            ? null
            : new AgentBaySymbols(session, handsOver, releases, tool, untyped);
    }

    public bool IsSessionType(ITypeSymbol? type) => type is INamedTypeSymbol named && Has(named.OriginalDefinition, SessionAttribute);

    public bool HandsOverSession(IMethodSymbol method) => Has(method, HandsOverSessionAttribute) || Has(method.OriginalDefinition, HandsOverSessionAttribute);

    public bool ReleasesSession(IMethodSymbol method) => Has(method, ReleasesSessionAttribute) || Has(method.OriginalDefinition, ReleasesSessionAttribute);

    public bool IsUntypedToolCall(IMethodSymbol method) => Has(method, UntypedToolCallAttribute) || Has(method.OriginalDefinition, UntypedToolCallAttribute);

    /// <summary>The wire name of the tool that <paramref name="method"/> wraps, or null.</summary>
    public string? ToolNameOf(IMethodSymbol method)
    {
        foreach (var attribute in method.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, ToolAttribute)
                && attribute.ConstructorArguments.Length == 1
                && attribute.ConstructorArguments[0].Value is string name)
            {
                return name;
            }
        }

        return null;
    }

    private static bool Has(ISymbol symbol, INamedTypeSymbol attributeType)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeType))
            {
                return true;
            }
        }

        return false;
    }
}
