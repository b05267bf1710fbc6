namespace AgentBay.Runtime;

/// <summary>What <see cref="SessionFiles.UploadAsync"/> did (the Python SDK's <c>UploadResult</c>).</summary>
public sealed record FileUploadResult
{
    /// <summary>Whether the file reached the session's path.</summary>
    public bool Success { get; init; }

    /// <summary>Why it did not, or null.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>Request id of the upload-URL call (<c>request_id_upload_url</c>).</summary>
    public string RequestId { get; init; } = "";

    /// <summary>Request id of the sync that copied the file into the session (<c>request_id_sync</c>).</summary>
    public string? SyncRequestId { get; init; }

    /// <summary>HTTP status of the PUT to the presigned URL, or null when it was not sent.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>The ETag the storage answered the PUT with, if any.</summary>
    public string? ETag { get; init; }

    /// <summary>Bytes sent to the storage.</summary>
    public long BytesSent { get; init; }

    /// <summary>The file's path in the session.</summary>
    public string Path { get; init; } = "";
}

/// <summary>What <see cref="SessionFiles.DownloadAsync"/> did (the Python SDK's <c>DownloadResult</c>).</summary>
public sealed record FileDownloadResult
{
    /// <summary>Whether the whole file was written to the destination.</summary>
    public bool Success { get; init; }

    /// <summary>Why it was not, or null.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>Request id of the download-URL call (<c>request_id_download_url</c>).</summary>
    public string RequestId { get; init; } = "";

    /// <summary>Request id of the sync that copied the file out of the session (<c>request_id_sync</c>).</summary>
    public string? SyncRequestId { get; init; }

    /// <summary>HTTP status of the GET of the presigned URL, or null when it was not sent.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>Bytes written to the destination.</summary>
    public long BytesReceived { get; init; }

    /// <summary>The file's path in the session.</summary>
    public string Path { get; init; } = "";
}

/// <summary>One change <see cref="SessionFiles.WatchAsync"/> saw (the SDKs' <c>FileChangeEvent</c>).</summary>
/// <param name="EventType"><c>create</c>, <c>modify</c> or <c>delete</c>.</param>
/// <param name="Path">Absolute path of what changed, in the session.</param>
/// <param name="PathType"><c>file</c> or <c>directory</c>.</param>
public sealed record FileChange(string EventType, string Path, string PathType);
