using System;

namespace AgentBay.Runtime;

/// <summary>
/// The actions <see cref="SessionFiles"/> combines, as the spec names them (<c>session.files</c>): generated sessions
/// build one from the spec, so a service that renames an action needs a spec change, not a runtime release.
/// </summary>
/// <remarks>
/// The parameter names of these actions (<c>ContextId</c>, <c>FilePath</c>, <c>Path</c>, <c>Mode</c>, <c>TaskType</c>,
/// <c>ContextTypes.1</c>) and the shape of <c>GetContextInfo</c>'s <c>ContextStatus</c> are the protocol's and live in
/// the runtime with the flow (docs/contexts.md §1, "File transfer").
/// </remarks>
public sealed class FileTransferPlan
{
    /// <summary>Finds the session's transfer context, e.g. <c>GetAndLoadInternalContext</c>.</summary>
    public required string InternalContextAction { get; init; }

    /// <summary>The type of that context, e.g. <c>file_transfer</c>.</summary>
    public required string InternalContextType { get; init; }

    /// <summary>Presigned upload URL of a context file, e.g. <c>GetContextFileUploadUrl</c>.</summary>
    public required string UploadUrlAction { get; init; }

    /// <summary>Presigned download URL of a context file, e.g. <c>GetContextFileDownloadUrl</c>.</summary>
    public required string DownloadUrlAction { get; init; }

    /// <summary>Copies between the context and the session, e.g. <c>SyncContext</c>.</summary>
    public required string SyncAction { get; init; }

    /// <summary>Reports the sync's tasks, e.g. <c>GetContextInfo</c>.</summary>
    public required string InfoAction { get; init; }

    /// <summary>How long a transfer waits for its sync when the caller gives no timeout (the SDKs: 300 s).</summary>
    public TimeSpan DefaultTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>Pause between polls of the sync's tasks.</summary>
    public TimeSpan DefaultInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Pause between polls of the watch tool when the caller gives none (the SDKs: 500 ms).</summary>
    public TimeSpan WatchInterval { get; init; } = TimeSpan.FromMilliseconds(500);
}

/// <summary>Calls the session's change-reporting tool (<c>get_file_change</c>) for one path.</summary>
/// <param name="path">The directory watched.</param>
/// <param name="async">False on the synchronous path: the call must then complete synchronously.</param>
/// <param name="cancellationToken">Cancels the call.</param>
public delegate System.Threading.Tasks.ValueTask<OperationOutcome> FileChangeTool(string path, bool async, System.Threading.CancellationToken cancellationToken);
