namespace AgentBay.Generators.Model;

/// <summary>The client class, its operations and its groups (<c>client.Contexts</c>).</summary>
internal sealed record ClientModel(string ClassName, string? Doc, EquatableArray<OperationModel> Operations, EquatableArray<GroupModel> Groups);

/// <summary>
/// A named set of operations reached through a property of the client or the session (<c>client.Contexts.List()</c>,
/// <c>session.Context.Sync()</c>): a class of its own that shares its owner's transport (and session id).
/// </summary>
internal sealed record GroupModel(string Key, string ClassName, string Property, string? Doc, EquatableArray<OperationModel> Operations);

/// <summary>The session class, its operations, how tools are called and where typed tools live.</summary>
internal sealed record SessionModel(
    string ClassName,
    string? Doc,
    string IdWire,
    string? DisposeOperation,
    ToolCallModel? ToolCall,
    EquatableArray<OperationModel> Operations,
    EquatableArray<GroupModel> Groups,
    FilesModel? Files = null);

/// <summary>
/// <c>session.files</c>: the actions the runtime's file transfer combines (upload and download through the session's
/// transfer context and presigned URLs) and the tool its watch polls.
/// </summary>
internal sealed record FilesModel(
    string Property,
    string? Doc,
    string InternalContextAction,
    string InternalContextType,
    string UploadUrlAction,
    string DownloadUrlAction,
    string SyncAction,
    string InfoAction,
    string? WatchTool);

/// <summary>How an MCP tool call goes on the wire.</summary>
internal sealed record ToolCallModel(string Action, string NameWire, string ArgsWire, string? ServerWire, string? AutoGenSessionWire, string ResultRecord);

internal enum OperationKind
{
    /// <summary>One RPC action, optionally followed by polling.</summary>
    Rpc,
    /// <summary>A client operation that forwards to a session operation of the same session.</summary>
    Forward,
    /// <summary>The untyped tool call (call_mcp_tool).</summary>
    ToolCall,
}

internal enum FailureKind
{
    Result,
    Throw,
    Propagate,
}

internal enum WireLocation
{
    Form,
    Query,
    None,
}

internal sealed record OperationModel(
    string Key,
    OperationKind Kind,
    string Method,
    string? Action,
    string? Doc,
    EquatableArray<ParameterModel> Parameters,
    ReturnsModel? Returns,
    FailureKind Failure,
    string? FailureMessage,
    string? NotFoundMessage,
    bool CheckSuccess,
    string? ForwardTo,
    WireLocation SessionIdLocation,
    EquatableArray<BeforeStepModel> Before,
    PollModel? Poll,
    bool Idempotent = false,
    ClientTokenModel? ClientToken = null,
    PagesModel? Pages = null,
    AfterModel? After = null);

/// <summary>
/// A wait once the operation succeeded: <see cref="Poll"/> about the session whose id is at <see cref="SessionIdPath"/>
/// in the reply, only when the request carried the wire parameter <see cref="WhenWire"/> (the SDKs' wait for a new
/// session's context downloads). Its failure is logged, never the operation's.
/// </summary>
internal sealed record AfterModel(string? WhenWire, string SessionIdPath, PollModel Poll);

/// <summary>
/// A paged listing: <c>{Method}AllAsync</c> enumerates every item, reading <see cref="ItemsField"/> of each page and
/// passing its <see cref="NextField"/> back as the parameter <see cref="TokenParameter"/> until it is null or empty.
/// </summary>
/// <remarks><see cref="ItemType"/> is filled in by lowering, from the result record; binding cannot see records.</remarks>
internal sealed record PagesModel(string ItemsField, string NextField, string TokenParameter, TypeRef? ItemType = null);

/// <summary>
/// A create that must never run twice: each call carries a fresh token in <see cref="Label"/> (merged into the JSON map
/// parameter <see cref="LabelsWire"/>); an ambiguous failure is resolved by <see cref="ListAction"/> filtered by it.
/// </summary>
internal sealed record ClientTokenModel(string Label, string LabelsWire, string ListAction);

internal enum ParameterKind
{
    /// <summary>A method parameter.</summary>
    Argument,
    /// <summary>A constant sent on every call.</summary>
    Constant,
    /// <summary>A value taken from the client's options (e.g. regionId).</summary>
    Bound,
}

internal sealed record ParameterModel(
    string Name,
    ParameterKind Kind,
    TypeRef? Type,
    string? Wire,
    WireLocation Location,
    bool EncodeJson,
    LiteralValue? Default,
    RangeModel? Range,
    string? RangeError,
    EquatableArray<string> Allowed,
    bool NotEmpty,
    bool Flatten,
    string? Constant,
    string? Binding,
    string? Doc);

/// <summary>A literal from the spec; <see cref="Text"/> keeps its exact spelling.</summary>
internal sealed record LiteralValue(LiteralKind Kind, string Text);

internal enum LiteralKind
{
    String,
    Integer,
    Number,
    Boolean,
}

/// <summary>An inclusive numeric range; bounds keep their spelling so generated code shows them as written.</summary>
internal sealed record RangeModel(string Min, string Max, double MinValue, double MaxValue);

internal sealed record ReturnsModel(TypeRef Type, string? DataPath, string? RequirePath, string? RequireMessage);

/// <summary>A request sent before the operation's own; with <see cref="Poll"/> it is waited for, and its failure is the outcome's step error.</summary>
internal sealed record BeforeStepModel(string Action, string? When, WireLocation AuthorizationLocation, bool IgnoreErrors, PollModel? Poll = null);

internal sealed record PollModel(
    string Action,
    WireLocation SessionIdLocation,
    string StatusPath,
    EquatableArray<string> Until,
    EquatableArray<string> While,
    bool OtherStatusFails,
    bool NotFoundSucceeds,
    bool ContinueOnError,
    long TimeoutMilliseconds,
    long IntervalMilliseconds,
    string? TimeoutMessage,
    string? TimeoutStatus,
    bool Idempotent,
    EquatableArray<PollParameterModel> Parameters,
    EquatableArray<string> Failed,
    string? ReasonsPath);

/// <summary>A parameter of every poll request: the wire name and the operation parameter whose value it sends.</summary>
internal sealed record PollParameterModel(string Wire, string Parameter);
