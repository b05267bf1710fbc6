namespace AgentBay.Generators.Model;

/// <summary>The typed MCP tools of a spec and the class they are emitted into.</summary>
internal sealed record ToolsModel(string ClassName, string Property, EquatableArray<ToolModel> Tools);

/// <summary>One MCP tool with typed arguments and a typed result.</summary>
internal sealed record ToolModel(string Name, string Server, string Method, string? Doc, EquatableArray<ToolArgumentModel> Arguments, ToolResultModel Result);

internal sealed record ToolArgumentModel(
    string Wire,
    string Name,
    TypeRef Type,
    LiteralValue? Default,
    RangeModel? Range,
    string? RangeError,
    EquatableArray<string> Allowed,
    string? Doc);

/// <summary>A tool's result: a record (null = the spec's plain-text result record), read from JSON text or not.</summary>
internal sealed record ToolResultModel(string? Record, bool Json, string? SuccessField, LiteralValue? SuccessEquals);
