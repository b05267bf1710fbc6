namespace AgentBay.Generators.Model;

/// <summary>
/// Everything one spec file says, free of source positions so that an edit that moves text but changes no meaning
/// leaves it equal and the emit stage cached.
/// </summary>
internal sealed record SpecModel(
    string Namespace,
    ServiceModel? Service,
    EquatableArray<EnumModel> Enums,
    EquatableArray<RecordModel> Records,
    ClientModel? Client,
    SessionModel? Session,
    ToolsModel Tools);

/// <summary>Default endpoint and API version of the service.</summary>
internal sealed record ServiceModel(string Endpoint, string ApiVersion);

/// <summary>An extensible string enum (values the service may extend stay representable).</summary>
internal sealed record EnumModel(string Name, string? Doc, EquatableArray<EnumValueModel> Values);

internal sealed record EnumValueModel(string Name, string Wire);

/// <summary>A result or parameter record.</summary>
internal sealed record RecordModel(string Name, string? Doc, EquatableArray<string> TypeParameters, EquatableArray<FieldModel> Fields);

/// <summary>Where a record field's value comes from.</summary>
internal enum FieldSource
{
    /// <summary>A path in the source JSON (the response body, or the tool text parsed as JSON).</summary>
    Wire,
    RequestId,
    Success,
    ErrorMessage,
    Code,
    Message,
    HttpStatusCode,
    Status,
    /// <summary>The element the operation's data path selects.</summary>
    Data,
    /// <summary>The text a tool returned.</summary>
    Text,
    /// <summary>Why a before step that the operation waits for failed (null when it succeeded or did not run).</summary>
    StepError,
}

internal sealed record FieldModel(string Name, TypeRef Type, FieldSource Source, string? Wire, bool EncodeJson, string? Doc);
