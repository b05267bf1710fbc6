using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace AgentBay.Runtime;

/// <summary>
/// Moves whole files between this machine and a session, and watches a session folder for changes
/// (the SDKs' <c>session.file_system.upload_file</c> / <c>download_file</c> / <c>watch_directory</c>).
/// </summary>
/// <remarks>
/// <para>Bytes never pass through the API endpoint: an upload PUTs them to a presigned URL of the session's
/// <c>file_transfer</c> context and then syncs that context into the session (<c>Mode=download</c>); a download syncs
/// the session's file into the context (<c>Mode=upload</c>) and GETs it from a presigned URL. Both stream in 80 KB
/// chunks, so memory stays flat whatever the file's size, and report progress as bytes so far.</para>
/// <para>Failures of the service come back as <c>Success=false</c> with the step that failed in ErrorMessage, as
/// elsewhere in the seed's API; bad arguments throw; cancellation throws <see cref="OperationCanceledException"/>.</para>
/// </remarks>
public sealed class SessionFiles
{
    private const int ChunkSize = 81920;
    private const string StatusPath = "Data.ContextStatus.*.data.*.status";
    private const string ReasonsPath = "Data.ContextStatus.*.data.*.errorMessage";

    private static readonly OperationBehavior LookupBehavior = new() { Failure = FailureMode.Result, DataPath = "Data" };

    private readonly AgentBayTransport _transport;
    private readonly string _sessionId;
    private readonly FileTransferPlan _plan;
    private readonly FileChangeTool? _watchTool;
    private readonly OperationBehavior _uploadSync;
    private readonly OperationBehavior _downloadSync;
    private string? _contextId;

    /// <summary>Creates the file helpers of one session (generated sessions create it for their <c>Files</c> property).</summary>
    /// <param name="transport">The session's transport.</param>
    /// <param name="sessionId">The session's id.</param>
    /// <param name="plan">The actions to combine, from the spec.</param>
    /// <param name="watchTool">Calls the change-reporting tool; null when the spec declares none (Watch then throws).</param>
    public SessionFiles(AgentBayTransport transport, string sessionId, FileTransferPlan plan, FileChangeTool? watchTool)
    {
        _transport = transport ?? throw new ArgumentNullException(nameof(transport));
        _sessionId = sessionId ?? throw new ArgumentNullException(nameof(sessionId));
        _plan = plan ?? throw new ArgumentNullException(nameof(plan));
        _watchTool = watchTool;
        _uploadSync = SyncBehavior(plan, "upload");
        _downloadSync = SyncBehavior(plan, "download");
    }

    /// <summary>
    /// Uploads <paramref name="content"/> (from its current position to its end) to <paramref name="remotePath"/> in the
    /// session, replacing the file there, and waits until the session has it.
    /// </summary>
    /// <param name="content">What to upload; read, never disposed.</param>
    /// <param name="remotePath">Absolute path of the file in the session, e.g. <c>/tmp/data.csv</c>.</param>
    /// <param name="progress">Receives the number of bytes sent so far after every chunk.</param>
    /// <param name="timeout">How long to wait for the sync into the session; null waits 300 s.</param>
    /// <param name="cancellationToken">Cancels the transfer.</param>
    /// <exception cref="ArgumentException"><paramref name="remotePath"/> is not an absolute path.</exception>
    public Task<FileUploadResult> UploadAsync(Stream content, string remotePath, IProgress<long>? progress = null,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        CheckUpload(content, remotePath);
        return UploadCoreAsync(content, remotePath, progress, timeout, async: true, cancellationToken).AsTask();
    }

    /// <inheritdoc cref="UploadAsync(Stream, string, IProgress{long}?, TimeSpan?, CancellationToken)"/>
    public FileUploadResult Upload(Stream content, string remotePath, IProgress<long>? progress = null,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        CheckUpload(content, remotePath);
        return UploadCoreAsync(content, remotePath, progress, timeout, async: false, cancellationToken).EnsureCompleted();
    }

    /// <summary>
    /// Downloads the session's file at <paramref name="remotePath"/> into <paramref name="destination"/> (written from
    /// its current position, never disposed).
    /// </summary>
    /// <param name="remotePath">Absolute path of the file in the session.</param>
    /// <param name="destination">Where the bytes go.</param>
    /// <param name="progress">Receives the number of bytes received so far after every chunk.</param>
    /// <param name="timeout">How long to wait for the sync out of the session; null waits 300 s.</param>
    /// <param name="cancellationToken">Cancels the transfer.</param>
    /// <exception cref="ArgumentException"><paramref name="remotePath"/> is not an absolute path.</exception>
    public Task<FileDownloadResult> DownloadAsync(string remotePath, Stream destination, IProgress<long>? progress = null,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        CheckDownload(remotePath, destination);
        return DownloadCoreAsync(remotePath, destination, progress, timeout, async: true, cancellationToken).AsTask();
    }

    /// <inheritdoc cref="DownloadAsync(string, Stream, IProgress{long}?, TimeSpan?, CancellationToken)"/>
    public FileDownloadResult Download(string remotePath, Stream destination, IProgress<long>? progress = null,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        CheckDownload(remotePath, destination);
        return DownloadCoreAsync(remotePath, destination, progress, timeout, async: false, cancellationToken).EnsureCompleted();
    }

    /// <summary>
    /// Reports changes under <paramref name="path"/> as they happen, polling the session's change tool every
    /// <paramref name="interval"/> (500 ms by default), until <paramref name="cancellationToken"/> is cancelled or the
    /// enumeration is stopped. The first poll starts the watch, so changes made before it are not reported.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="path"/> is not an absolute path.</exception>
    /// <exception cref="NotSupportedException">The spec declares no change tool (<c>session.files.watch</c>).</exception>
    /// <exception cref="SessionException">A poll failed, or its reply is not the documented change list.</exception>
    public IAsyncEnumerable<FileChange> WatchAsync(string path, TimeSpan? interval = null, CancellationToken cancellationToken = default)
    {
        FileChangeTool tool = CheckWatch(path, interval);
        return WatchCoreAsync(tool, path, interval ?? _plan.WatchInterval, cancellationToken);
    }

    /// <summary>The synchronous form of <see cref="WatchAsync"/>: each MoveNext blocks until the next change arrives.</summary>
    /// <inheritdoc cref="WatchAsync" path="/exception"/>
    public IEnumerable<FileChange> Watch(string path, TimeSpan? interval = null, CancellationToken cancellationToken = default)
    {
        FileChangeTool tool = CheckWatch(path, interval);
        return WatchCore(tool, path, interval ?? _plan.WatchInterval, cancellationToken);
    }

    private static OperationBehavior SyncBehavior(FileTransferPlan plan, string taskType) => new()
    {
        Failure = FailureMode.Result,
        Poll = new PollBehavior
        {
            Action = plan.InfoAction,
            Parameters = ["ContextId", "Path", "TaskType"],
            StatusPath = StatusPath,
            ReasonsPath = ReasonsPath,
            Until = ["Success"],
            Failed = ["Failed"],
            ContinueOnError = true,
            DefaultTimeout = plan.DefaultTimeout,
            DefaultInterval = plan.DefaultInterval,
            TimeoutMessage = "The " + taskType + " of {sessionId}'s file did not finish within {timeout} seconds",
            Idempotent = true,
        },
    };

    private static void CheckRemotePath(string path, string name)
    {
        ArgumentNullException.ThrowIfNull(path, name);
        if (path.Length == 0 || path[0] != '/' || path.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"{name} must be an absolute path in the session (starting with '/', no NUL); it was '{path.Replace("\0", "\\0", StringComparison.Ordinal)}'.", name);
        }
    }

    private static void CheckUpload(Stream content, string remotePath)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanRead)
        {
            throw new ArgumentException("The content stream cannot be read.", nameof(content));
        }
        CheckRemotePath(remotePath, nameof(remotePath));
    }

    private static void CheckDownload(string remotePath, Stream destination)
    {
        CheckRemotePath(remotePath, nameof(remotePath));
        ArgumentNullException.ThrowIfNull(destination);
        if (!destination.CanWrite)
        {
            throw new ArgumentException("The destination stream cannot be written.", nameof(destination));
        }
    }

    private FileChangeTool CheckWatch(string path, TimeSpan? interval)
    {
        CheckRemotePath(path, nameof(path));
        if (interval is { } given && given <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "The poll interval must be positive.");
        }
        return _watchTool ?? throw new NotSupportedException("The spec declares no change tool for this session (session.files.watch), so it cannot be watched.");
    }

    private async ValueTask<FileUploadResult> UploadCoreAsync(Stream content, string remotePath, IProgress<long>? progress,
        TimeSpan? timeout, bool async, CancellationToken cancellationToken)
    {
        var (contextId, contextError) = await ContextIdAsync(async, cancellationToken).ConfigureAwait(false);
        if (contextId is null)
        {
            return new FileUploadResult { Path = remotePath, ErrorMessage = contextError };
        }

        var (url, urlRequestId, urlError) = await UrlAsync(_plan.UploadUrlAction, contextId, remotePath, async, cancellationToken).ConfigureAwait(false);
        if (url is null)
        {
            return new FileUploadResult { Path = remotePath, RequestId = urlRequestId, ErrorMessage = urlError };
        }

        var body = new StreamingUpload(content, progress);
        int status;
        string? etag;
        using (var put = new HttpRequestMessage(HttpMethod.Put, url) { Content = body })
        {
            try
            {
                using HttpResponseMessage response = await _transport.SendUnsignedAsync(put, async, cancellationToken).ConfigureAwait(false);
                status = (int)response.StatusCode;
                etag = response.Headers.ETag?.Tag;
                if (status is not (200 or 201 or 204))
                {
                    return new FileUploadResult
                    {
                        Path = remotePath, RequestId = urlRequestId, HttpStatus = status, BytesSent = body.BytesSent,
                        ErrorMessage = $"Upload to the presigned URL failed: HTTP {status} {await ExcerptAsync(response, async, cancellationToken).ConfigureAwait(false)}",
                    };
                }
            }
            catch (Exception exception) when (IsTransferFailure(exception, cancellationToken))
            {
                return new FileUploadResult
                {
                    Path = remotePath, RequestId = urlRequestId, BytesSent = body.BytesSent,
                    ErrorMessage = "Upload to the presigned URL failed: " + exception.Message,
                };
            }
        }

        // The context now holds the file; copy it into the session and wait until the session has it.
        using OperationOutcome sync = await SyncAsync(contextId, remotePath, "download", _downloadSync, timeout, async, cancellationToken).ConfigureAwait(false);
        return new FileUploadResult
        {
            Success = sync.Success,
            ErrorMessage = sync.Success ? null : "Sync into the session failed: " + sync.ErrorMessage,
            RequestId = urlRequestId,
            SyncRequestId = sync.RequestId,
            HttpStatus = status,
            ETag = etag,
            BytesSent = body.BytesSent,
            Path = remotePath,
        };
    }

    private async ValueTask<FileDownloadResult> DownloadCoreAsync(string remotePath, Stream destination, IProgress<long>? progress,
        TimeSpan? timeout, bool async, CancellationToken cancellationToken)
    {
        var (contextId, contextError) = await ContextIdAsync(async, cancellationToken).ConfigureAwait(false);
        if (contextId is null)
        {
            return new FileDownloadResult { Path = remotePath, ErrorMessage = contextError };
        }

        // Copy the session's file into the context first, so that the URL reads what the session has now.
        string syncRequestId;
        using (OperationOutcome sync = await SyncAsync(contextId, remotePath, "upload", _uploadSync, timeout, async, cancellationToken).ConfigureAwait(false))
        {
            syncRequestId = sync.RequestId;
            if (!sync.Success)
            {
                return new FileDownloadResult { Path = remotePath, SyncRequestId = syncRequestId, ErrorMessage = "Sync out of the session failed: " + sync.ErrorMessage };
            }
        }

        var (url, urlRequestId, urlError) = await UrlAsync(_plan.DownloadUrlAction, contextId, remotePath, async, cancellationToken).ConfigureAwait(false);
        if (url is null)
        {
            return new FileDownloadResult { Path = remotePath, SyncRequestId = syncRequestId, RequestId = urlRequestId, ErrorMessage = urlError };
        }

        long received = 0;
        int? status = null;
        try
        {
            using var get = new HttpRequestMessage(HttpMethod.Get, url);
            using HttpResponseMessage response = await _transport.SendUnsignedAsync(get, async, cancellationToken).ConfigureAwait(false);
            status = (int)response.StatusCode;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return new FileDownloadResult
                {
                    Path = remotePath, RequestId = urlRequestId, SyncRequestId = syncRequestId, HttpStatus = status,
                    ErrorMessage = $"Download from the presigned URL failed: HTTP {status} {await ExcerptAsync(response, async, cancellationToken).ConfigureAwait(false)}",
                };
            }

            Stream source = async
                ? await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false)
                : response.Content.ReadAsStream(cancellationToken);
            await using (source.ConfigureAwait(false))
            {
                byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
                try
                {
                    int read;
                    while ((read = async
                               ? await source.ReadAsync(buffer.AsMemory(0, ChunkSize), cancellationToken).ConfigureAwait(false)
                               : source.Read(buffer, 0, ChunkSize)) > 0)
                    {
                        if (async)
                        {
                            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                        }
                        else
                        {
                            destination.Write(buffer, 0, read);
                        }
                        received += read;
                        progress?.Report(received);
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
        catch (Exception exception) when (IsTransferFailure(exception, cancellationToken))
        {
            return new FileDownloadResult
            {
                Path = remotePath, RequestId = urlRequestId, SyncRequestId = syncRequestId, HttpStatus = status, BytesReceived = received,
                ErrorMessage = "Download from the presigned URL failed: " + exception.Message,
            };
        }

        return new FileDownloadResult
        {
            Success = true, Path = remotePath, RequestId = urlRequestId, SyncRequestId = syncRequestId, HttpStatus = status, BytesReceived = received,
        };
    }

    private async IAsyncEnumerable<FileChange> WatchCoreAsync(FileChangeTool tool, string path, TimeSpan interval,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            List<FileChange> changes = await PollChangesAsync(tool, path, async: true, cancellationToken).ConfigureAwait(false);
            foreach (FileChange change in changes)
            {
                yield return change;
            }
            await AgentBayOperation.WaitAsync(_transport.TimeProvider, interval, async: true, cancellationToken).ConfigureAwait(false);
        }
    }

    private IEnumerable<FileChange> WatchCore(FileChangeTool tool, string path, TimeSpan interval, CancellationToken cancellationToken)
    {
        while (true)
        {
            foreach (FileChange change in PollChangesAsync(tool, path, async: false, cancellationToken).EnsureCompleted())
            {
                yield return change;
            }
            AgentBayOperation.WaitAsync(_transport.TimeProvider, interval, async: false, cancellationToken).GetAwaiter().GetResult();
        }
    }

    private static async ValueTask<List<FileChange>> PollChangesAsync(FileChangeTool tool, string path, bool async, CancellationToken cancellationToken)
    {
        using OperationOutcome outcome = await tool(path, async, cancellationToken).ConfigureAwait(false);
        if (!outcome.Success)
        {
            throw new SessionException($"Watching {path} failed: {outcome.ErrorMessage}", outcome.RequestId, outcome.Code, outcome.HttpStatusCode);
        }
        return FileChangeList.Parse(outcome.Text, path, outcome.RequestId);
    }

    /// <summary>The session's transfer context, looked up once (the SDKs cache it the same way).</summary>
    private async ValueTask<(string? Id, string? Error)> ContextIdAsync(bool async, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _contextId) is { } known)
        {
            return (known, null);
        }

        var request = new AgentBayRequest(_plan.InternalContextAction, 2) { Idempotent = true };
        request.Add("SessionId", _sessionId);
        request.Add("ContextTypes.1", _plan.InternalContextType);
        using OperationOutcome outcome = await AgentBayOperation.InvokeAsync(_transport, request, LookupBehavior, _sessionId, null, null, async, cancellationToken)
            .ConfigureAwait(false);
        if (!outcome.Success)
        {
            return (null, $"Failed to get the {_plan.InternalContextType} context of session {_sessionId}: {outcome.ErrorMessage}");
        }
        if (outcome.Data.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement item in outcome.Data.EnumerateArray())
            {
                if (WireReader.ReadString(WireReader.Property(item, "ContextType"u8)) == _plan.InternalContextType
                    && WireReader.ReadString(WireReader.Property(item, "ContextId"u8)) is { Length: > 0 } id)
                {
                    Volatile.Write(ref _contextId, id);
                    return (id, null);
                }
            }
        }
        return (null, $"Session {_sessionId} has no {_plan.InternalContextType} context (RequestId {outcome.RequestId}).");
    }

    private async ValueTask<(string? Url, string RequestId, string? Error)> UrlAsync(string action, string contextId, string remotePath,
        bool async, CancellationToken cancellationToken)
    {
        var request = new AgentBayRequest(action, 2) { Idempotent = true };
        request.Add("ContextId", contextId);
        request.Add("FilePath", remotePath);
        using OperationOutcome outcome = await AgentBayOperation.InvokeAsync(_transport, request, LookupBehavior, _sessionId, null, null, async, cancellationToken)
            .ConfigureAwait(false);
        if (!outcome.Success)
        {
            return (null, outcome.RequestId, $"{action} failed for {remotePath}: {outcome.ErrorMessage}");
        }
        return WireReader.ReadString(WireReader.Property(outcome.Data, "Url"u8)) is { Length: > 0 } url
               && Uri.TryCreate(url, UriKind.Absolute, out Uri? parsed) && parsed.Scheme is "http" or "https"
            ? (url, outcome.RequestId, null)
            : (null, outcome.RequestId, $"{action} returned no usable URL for {remotePath}.");
    }

    private ValueTask<OperationOutcome> SyncAsync(string contextId, string remotePath, string mode, OperationBehavior behavior,
        TimeSpan? timeout, bool async, CancellationToken cancellationToken)
    {
        var request = new AgentBayRequest(_plan.SyncAction, 4) { AuthorizationLocation = ParameterLocation.Query };
        request.Add("SessionId", _sessionId);
        request.Add("ContextId", contextId);
        request.Add("Path", remotePath);
        request.Add("Mode", mode);
        // A download into the session finishes as a "download" task, a copy out of it as an "upload" task.
        string taskType = mode == "download" ? "download" : "upload";
        return AgentBayOperation.InvokeAsync(_transport, request, behavior, _sessionId, timeout, null, [contextId, remotePath, taskType], async, cancellationToken);
    }

    /// <summary>A failure of the HTTP transfer itself, as opposed to the caller's own cancellation.</summary>
    private static bool IsTransferFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is HttpRequestException or IOException || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private static async ValueTask<string> ExcerptAsync(HttpResponseMessage response, bool async, CancellationToken cancellationToken)
    {
        const int Limit = 200;
        string text = async
            ? await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)
            : new StreamReader(response.Content.ReadAsStream(cancellationToken)).ReadToEnd();
        return text.Length <= Limit ? text : text[..Limit] + "…";
    }

    /// <summary>The PUT body: the caller's stream, copied in chunks with progress; never disposed here.</summary>
    private sealed class StreamingUpload(Stream source, IProgress<long>? progress) : HttpContent
    {
        private long _sent;

        public long BytesSent => Interlocked.Read(ref _sent);

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
            try
            {
                int read;
                while ((read = await source.ReadAsync(buffer.AsMemory(0, ChunkSize), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    // Counted whether or not anyone listens (a ?. call would skip evaluating its argument).
                    long sent = Interlocked.Add(ref _sent, read);
                    progress?.Report(sent);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
            try
            {
                int read;
                while ((read = source.Read(buffer, 0, ChunkSize)) > 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    stream.Write(buffer, 0, read);
                    // Counted whether or not anyone listens (a ?. call would skip evaluating its argument).
                    long sent = Interlocked.Add(ref _sent, read);
                    progress?.Report(sent);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            // A seekable stream has a known length, sent as Content-Length (object stores want one); else chunked.
            if (source.CanSeek)
            {
                length = source.Length - source.Position;
                return true;
            }
            length = 0;
            return false;
        }
    }
}
