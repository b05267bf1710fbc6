using AgentBay.Generators.Model;

namespace AgentBay.Generators.Emit;

/// <summary>
/// One generated file and exactly the model data it depends on. Units are compared by value, so an edit re-emits only
/// the files whose inputs changed (one tool changed → that tool's file).
/// </summary>
internal abstract record EmitUnit(string HintName);

/// <summary>
/// What other files need to know about a record, without depending on its fields. <c>SessionWire</c> is the reply path
/// of the record's session id (its session field), for session telemetry.
/// </summary>
internal sealed record RecordInfo(string Name, bool HasSessionField, int TypeParameterCount, string? SuccessProperty, string? ErrorMessageProperty = null,
    string? RequestIdProperty = null, string? SessionWire = null);

/// <summary>Names of the spec's types, shared by the units that spell or read values.</summary>
internal sealed record TypeContext(string Namespace, EquatableArray<string> Enums, string? SessionClass);

internal sealed record EnumUnit(string HintName, TypeContext Types, EnumModel Enum) : EmitUnit(HintName);

internal sealed record RecordUnit(string HintName, TypeContext Types, RecordModel Record) : EmitUnit(HintName);

internal sealed record ClientUnit(
    string HintName,
    TypeContext Types,
    ServiceModel? Service,
    ClientModel Client,
    EquatableArray<OperationModel> ForwardTargets,
    EquatableArray<RecordInfo> Records,
    string? SessionDisposeOperation,
    EquatableArray<GroupRef> Groups) : EmitUnit(HintName);

/// <summary>What the owner of a group needs to emit the property that reaches it, without the group's operations.</summary>
internal sealed record GroupRef(string ClassName, string Property, string? Doc);

/// <summary>The class of a group: its operations, sharing the owner's transport (and, for a session group, its id).</summary>
internal sealed record GroupUnit(string HintName, TypeContext Types, GroupModel Group, string? SessionIdWire, EquatableArray<RecordInfo> Records) : EmitUnit(HintName);

internal sealed record SessionUnit(
    string HintName,
    TypeContext Types,
    SessionModel Session,
    string ToolsClass,
    string ToolsProperty,
    EquatableArray<ToolServer> ToolServers,
    EquatableArray<RecordInfo> Records,
    EquatableArray<GroupRef> Groups,
    string? WatchArgument = null) : EmitUnit(HintName);

internal sealed record ToolServer(string Tool, string Server);

internal sealed record ToolsClassUnit(string HintName, TypeContext Types, string ToolsClass) : EmitUnit(HintName);

internal sealed record ToolUnit(string HintName, TypeContext Types, string ToolsClass, ToolModel Tool, RecordInfo Result) : EmitUnit(HintName);

/// <summary>A generated file: hint name and text.</summary>
internal sealed record GeneratedFile(string HintName, string Text, string? Error = null);

/// <summary>
/// One tool as a Microsoft.Extensions.AI function (emitted only when the compilation references AgentBay.Generated.AI):
/// the tool, its result record when this spec declares it, and the records and enums its arguments use, for the schema.
/// </summary>
internal sealed record AIToolUnit(
    string HintName,
    TypeContext Types,
    string ToolsClass,
    ToolModel Tool,
    RecordModel? Result,
    EquatableArray<RecordModel> ArgumentRecords,
    EquatableArray<EnumModel> ArgumentEnums) : EmitUnit(HintName);

/// <summary>A tool as <c>AsAIFunctions</c> lists it: its wire name and typed method.</summary>
internal sealed record AIToolRef(string Wire, string Method);

/// <summary><c>AsAIFunctions</c> of one tools class: every tool of every spec file that adds to the class.</summary>
internal sealed record AIFunctionsClassUnit(string HintName, string Namespace, string ToolsClass, EquatableArray<AIToolRef> Tools) : EmitUnit(HintName);
