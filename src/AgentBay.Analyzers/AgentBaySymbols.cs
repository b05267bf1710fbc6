using System;
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

    /// <summary>The symbols of <paramref name="compilation"/>, resolved on first use. An analyzer's compilation start
    /// action runs before the compiler has bound the compilation, and the first type lookup then builds the source
    /// assembly's namespaces and binds the references: compiler work, 20 ms warm and 110-160 ms in a fresh process for
    /// the 200-file consumer, that the compiler's per-analyzer timing charges to whichever analyzer looks up first. From
    /// an operation callback the same lookup costs about 0.1 ms.</summary>
    public static Lazy<AgentBaySymbols?> Deferred(Compilation compilation) => new(() => TryCreate(compilation));

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

    public bool HandsOverSession(IMethodSymbol method) => HasOnMethodOrDefinition(method, HandsOverSessionAttribute);

    public bool ReleasesSession(IMethodSymbol method) => HasOnMethodOrDefinition(method, ReleasesSessionAttribute);

    public bool IsUntypedToolCall(IMethodSymbol method) => HasOnMethodOrDefinition(method, UntypedToolCallAttribute);

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

    /// <summary>These checks run for every invocation in a compilation: a method that is its own definition (not a
    /// constructed generic) has its attributes read once, not twice.</summary>
    private static bool HasOnMethodOrDefinition(IMethodSymbol method, INamedTypeSymbol attributeType)
    {
        if (Has(method, attributeType))
        {
            return true;
        }

        var definition = method.OriginalDefinition;
        return !ReferenceEquals(definition, method) && Has(definition, attributeType);
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
