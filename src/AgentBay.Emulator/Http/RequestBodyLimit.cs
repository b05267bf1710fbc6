using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AgentBay.Emulator.Http;

/// <summary>
/// Enforces a body limit in a way the client can observe. Kestrel's own limit throws mid-read and leaves the
/// rest of the body unread; closing a socket with unread bytes sends a TCP reset, and a client still sending
/// its body then loses the 413 that was already written ("response ended prematurely"). So the emulator lifts
/// Kestrel's per-request limit, counts the bytes itself, refuses at the limit, and lets Kestrel drain and
/// discard the remainder after the reply. Kestrel bounds that drain by its own timeout (5 s), so a client that
/// keeps sending forever costs at most that.
/// </summary>
internal static class RequestBodyLimit
{
    /// <summary>
    /// Call before the body is touched. Returns <see langword="false"/> when the declared Content-Length is
    /// already over <paramref name="limit"/> (the caller refuses without reading); otherwise replaces the body
    /// with one that throws <see cref="RequestBodyTooLargeException"/> once more than <paramref name="limit"/>
    /// bytes have arrived (a chunked body has no length to check up front).
    /// </summary>
    public static bool Apply(HttpContext http, long limit)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } kestrelLimit)
        {
            kestrelLimit.MaxRequestBodySize = null;
        }

        if (http.Request.ContentLength > limit)
        {
            return false;
        }

        http.Request.Body = new LimitedReadStream(http.Request.Body, limit);
        return true;
    }

    /// <summary>A read-only view of a body that fails once it passes its limit.</summary>
    private sealed class LimitedReadStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _read;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            _read += read;
            return _read > limit ? throw new RequestBodyTooLargeException(limit) : read;
        }
    }
}

/// <summary>Thrown by a body wrapped by <see cref="RequestBodyLimit.Apply"/> once it passes its limit.</summary>
internal sealed class RequestBodyTooLargeException(long limit)
    : IOException($"The request body passed the limit of {limit} bytes.")
{
    public long Limit { get; } = limit;
}
