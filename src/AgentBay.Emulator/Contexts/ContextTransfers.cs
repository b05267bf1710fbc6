using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AgentBay.Emulator.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace AgentBay.Emulator.Contexts;

/// <summary>
/// The presigned URLs of GetContextFileUploadUrl / GetContextFileDownloadUrl, served on the emulator's own host at
/// <c>/context-files/&lt;token&gt;</c>. The token is 32 random bytes; what it may do (owner, context, file, direction) is
/// kept here, never in the URL, so a URL reaches exactly one file of one context. Each URL works once and expires after
/// <see cref="Lifetime"/> on the emulator's clock. Bodies are streamed to and from disk, never held in memory.
/// </summary>
internal sealed class ContextTransfers(ContextStore store, TimeProvider clock, Func<string> endpoint, long maxBytes, ILogger logger)
{
    public const string RoutePrefix = "/context-files/";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    private const int BufferSize = 81920;
    private static readonly TimeSpan Remembered = TimeSpan.FromMinutes(30);
    private readonly ConcurrentDictionary<string, Grant> _grants = new(StringComparer.Ordinal);

    /// <summary>A new URL for one file; returns it and its expiry in Unix seconds.</summary>
    public (string Url, long ExpireTime) Issue(ContextRecord context, string canonicalPath, bool upload)
    {
        var now = clock.GetUtcNow();
        foreach (var stale in _grants.Where(g => g.Value.Expires + Remembered < now).Select(g => g.Key).ToList())
        {
            _grants.TryRemove(stale, out _);
        }

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var grant = new Grant(context.OwnerId, context.Id, canonicalPath, upload, now + Lifetime);
        _grants[token] = grant;
        return ($"{endpoint()}{RoutePrefix}{token}", grant.Expires.ToUnixTimeSeconds());
    }

    public async Task HandleAsync(HttpContext http, CancellationToken stopping)
    {
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stopping);

        // First, so that every refusal below (unknown, used, expired URL) reaches a client still sending its body.
        var bodyFits = RequestBodyLimit.Apply(http, maxBytes);
        var token = http.Request.Path.Value![RoutePrefix.Length..];
        if (token.Length == 0 || token.Contains('/') || !_grants.TryGetValue(token, out var grant))
        {
            await ErrorAsync(http, 404, "NoSuchUrl", "This URL is not one the emulator issued (or it was forgotten after it expired).").ConfigureAwait(false);
            return;
        }

        var method = grant.Upload ? HttpMethods.Put : HttpMethods.Get;
        if (!string.Equals(http.Request.Method, method, StringComparison.OrdinalIgnoreCase))
        {
            http.Response.Headers.Allow = method;
            await ErrorAsync(http, 405, "MethodNotAllowed", $"This URL takes {method} only.").ConfigureAwait(false);
            return;
        }

        if (clock.GetUtcNow() >= grant.Expires)
        {
            await ErrorAsync(http, 403, "AccessDenied.UrlExpired", $"This URL expired at {ContextService.Time(grant.Expires)}.").ConfigureAwait(false);
            return;
        }

        if (Interlocked.Exchange(ref grant.Used, 1) != 0)
        {
            await ErrorAsync(http, 403, "AccessDenied.UrlUsed", "This URL was used already; each URL works once.").ConfigureAwait(false);
            return;
        }

        var context = store.Find(grant.OwnerId, grant.ContextId);
        if (context is null)
        {
            await ErrorAsync(http, 404, "NoSuchKey", $"The context {grant.ContextId} no longer exists.").ConfigureAwait(false);
            return;
        }

        try
        {
            if (grant.Upload)
            {
                await ReceiveAsync(http, context, grant.Path, bodyFits, aborted.Token).ConfigureAwait(false);
            }
            else
            {
                await SendAsync(http, context, grant.Path, aborted.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // client gone or emulator stopping
        }
    }

    private async Task ReceiveAsync(HttpContext http, ContextRecord context, string path, bool bodyFits, CancellationToken cancellationToken)
    {
        if (!bodyFits)
        {
            await ErrorAsync(http, 413, "EntityTooLarge", $"The body ({http.Request.ContentLength} bytes) exceeds the emulator's limit of {maxBytes} bytes (EmulatorOptions.MaxContextFileBytes).").ConfigureAwait(false);
            return;
        }

        var temp = ContextStore.NewTempFile(context);
        try
        {
            string etag;
            using (var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5))
            {
                var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous);
                await using (output.ConfigureAwait(false))
                {
                    var buffer = new byte[BufferSize];
                    int read;
                    while ((read = await http.Request.Body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        md5.AppendData(buffer, 0, read);
                        await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    }

                    await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                    output.Flush(flushToDisk: true);
                }

                etag = "\"" + Convert.ToHexString(md5.GetHashAndReset()) + "\"";
            }

            lock (context.Gate)
            {
                if (context.Deleted)
                {
                    throw ContextErrors.NotFound(context.Id);
                }

                store.CommitLocked(context, temp, path, replace: false);
                store.TouchLocked(context);
            }

            http.Response.StatusCode = 200;
            http.Response.Headers.ETag = etag;
            http.Response.ContentLength = 0;
            logger.LogDebug("Upload URL stored {Path} in context {ContextId}", path, context.Id);
        }
        catch (RequestBodyTooLargeException)
        {
            AtomicFile.TryDelete(temp);
            await ErrorAsync(http, 413, "EntityTooLarge", $"The body exceeds the emulator's limit of {maxBytes} bytes (EmulatorOptions.MaxContextFileBytes).").ConfigureAwait(false);
        }
        catch (ApiError e)
        {
            AtomicFile.TryDelete(temp);
            await ErrorAsync(http, e.Code == "InvalidContext.NotFound" ? 404 : 409, e.Code, e.Message).ConfigureAwait(false);
        }
        catch
        {
            AtomicFile.TryDelete(temp);
            throw;
        }
    }

    private static async Task SendAsync(HttpContext http, ContextRecord context, string path, CancellationToken cancellationToken)
    {
        FileStream input;
        try
        {
            // Opened once: a sync replacing the file meanwhile (a rename) does not change what this reply streams.
            input = ContextStore.FileHostPath(context, path) is { } host
                ? new FileStream(host, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous)
                : throw new FileNotFoundException();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            await ErrorAsync(http, 404, "NoSuchKey", $"The file {ContextErrors.Shown(path)} no longer exists in context {context.Id}.").ConfigureAwait(false);
            return;
        }

        await using (input.ConfigureAwait(false))
        {
            http.Response.StatusCode = 200;
            http.Response.ContentType = "application/octet-stream";
            http.Response.ContentLength = input.Length;
            await input.CopyToAsync(http.Response.Body, BufferSize, cancellationToken).ConfigureAwait(false);
        }
    }

    private static Task ErrorAsync(HttpContext http, int status, string code, string message)
    {
        if (http.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json;charset=utf-8";
        if (status == 413)
        {
            // The unread body makes the server close the connection: say so, so the client does not reuse it.
            http.Response.Headers.Connection = "close";
        }

        var body = new JsonObject { ["RequestId"] = Envelope.NewRequestId(), ["Code"] = code, ["Message"] = message, ["HttpStatusCode"] = status, ["Success"] = false };
        return http.Response.WriteAsync(body.ToJsonString(JsonText.Options));
    }

    private sealed class Grant(string ownerId, string contextId, string path, bool upload, DateTimeOffset expires)
    {
        public int Used;

        public string OwnerId { get; } = ownerId;

        public string ContextId { get; } = contextId;

        public string Path { get; } = path;

        public bool Upload { get; } = upload;

        public DateTimeOffset Expires { get; } = expires;
    }
}
