using Microsoft.CodeAnalysis;

namespace AgentBay.Analyzers;

/// <summary>Every diagnostic the AgentBay analyzers report, in one place so ids, severities and help links stay in step
/// with AnalyzerReleases.Unshipped.md and docs/diagnostics.</summary>
internal static class AgentBayDescriptors
{
    private const string HelpRoot = "https://github.com/agentbay-generated/agentbay-generated/blob/main/docs/diagnostics/";
    private const string UsageCategory = "AgentBay.Usage";
    private const string ReliabilityCategory = "AgentBay.Reliability";

    public static readonly DiagnosticDescriptor ArgumentOutOfRange = new(
        AgentBayDiagnosticIds.ArgumentOutOfRange,
        title: "Argument is outside its allowed range",
        messageFormat: "Value {0} is outside the range [{1}, {2}] of parameter '{3}' of '{4}'",
        UsageCategory,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The parameter carries a [Range] (from the spec's constraints); this constant argument would be rejected at run time with ArgumentOutOfRangeException.",
        helpLinkUri: HelpRoot + "AGB2001.md");

    public static readonly DiagnosticDescriptor SessionNeverReleased = new(
        AgentBayDiagnosticIds.SessionNeverReleased,
        title: "Session is never released",
        messageFormat: "{0} is never released: use 'await using'/'using', delete it, or hand it off, or the cloud session keeps running (and costing) until it times out",
        ReliabilityCategory,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A session handed over by the client (create, get) belongs to the caller, who must dispose or delete it.",
        helpLinkUri: HelpRoot + "AGB2002.md");

    public static readonly DiagnosticDescriptor SessionNotReleasedOnAllPaths = new(
        AgentBayDiagnosticIds.SessionNotReleasedOnAllPaths,
        title: "Session is not released on every path",
        messageFormat: "{0} is released on some paths only: use 'await using'/'using' or delete it in a finally block",
        ReliabilityCategory,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "The session is deleted or disposed in a branch, or an early return skips the release.",
        helpLinkUri: HelpRoot + "AGB2003.md");

    public static readonly DiagnosticDescriptor ToolHasTypedWrapper = new(
        AgentBayDiagnosticIds.ToolHasTypedWrapper,
        title: "Untyped tool call has a typed wrapper",
        messageFormat: "Tool '{0}' has a typed wrapper: call '{1}' instead of '{2}'",
        UsageCategory,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "The typed wrapper checks argument names, types and ranges at compile time and parses the result.",
        helpLinkUri: HelpRoot + "AGB2004.md");

    public static readonly DiagnosticDescriptor UnknownToolName = new(
        AgentBayDiagnosticIds.UnknownToolName,
        title: "Tool name is not defined by any spec",
        messageFormat: "No AgentBay spec in this compilation defines a tool named '{0}'",
        UsageCategory,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The tool name is probably misspelt; the service would answer that the tool does not exist.",
        helpLinkUri: HelpRoot + "AGB2005.md");
}
