using System;
using System.Buffers;
using System.IO;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace AgentBay.Runtime;

/// <summary>
/// A reply's body read into one array rented from <see cref="ArrayPool{T}.Shared"/>: the first <see cref="Length"/>
/// bytes of <see cref="Buffer"/>. Whoever holds it returns the array (<see cref="Return"/>) or hands it on.
/// </summary>
/// <remarks>
/// The transport reads bodies itself instead of letting HttpClient buffer them: HttpClient would copy the body into a
/// buffer of its own and the parser would then copy it again. Read here, the bytes are parsed where they are, and they
/// are still at hand for the message when they turn out not to be JSON.
/// </remarks>
internal readonly struct ReplyBody(byte[] buffer, int length)
{
    // What JsonDocument.Parse(Stream) starts with for a stream of unknown length; doubled as needed.
    private const int InitialUnknownLength = 4096;

    public byte[] Buffer { get; } = buffer;

    public int Length { get; } = length;

    public ReadOnlyMemory<byte> Memory => Buffer.AsMemory(0, Length);

    /// <summary>Reads the whole body synchronously.</summary>
    /// <remarks>
    /// A synchronous read observes no token, so cancellation disposes the content, which ends a blocked read with an
    /// exception (what HttpClient does when it buffers a body for <c>Send</c>); the caller maps that exception to the
    /// timeout or cancellation by looking at <paramref name="cancellationToken"/>.
    /// </remarks>
    public static ReplyBody Read(HttpContent content, CancellationToken cancellationToken)
    {
        using CancellationTokenRegistration abort = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static content => ((HttpContent)content!).Dispose(), content)
            : default;
        Stream stream = content.ReadAsStream(cancellationToken);
        var filling = new Filling(stream);
        try
        {
            while (filling.Add(stream.Read(filling.Space().Span)))
            {
            }
            return filling.Body;
        }
        catch
        {
            filling.Body.Return();
            throw;
        }
    }

    /// <summary>Reads the whole body, each read under <paramref name="cancellationToken"/>.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<ReplyBody> ReadAsync(HttpContent content, CancellationToken cancellationToken)
    {
        Stream stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var filling = new Filling(stream);
        try
        {
            while (filling.Add(await stream.ReadAsync(filling.Space(), cancellationToken).ConfigureAwait(false)))
            {
            }
            return filling.Body;
        }
        catch
        {
            filling.Body.Return();
            throw;
        }
    }

    /// <summary>Gives the array back to the pool; the body cannot be read afterwards.</summary>
    public void Return() => ArrayPool<byte>.Shared.Return(Buffer);

    /// <summary>The pooled array a body is read into, grown by doubling; the reads in between are the caller's.</summary>
    private struct Filling(Stream stream)
    {
        // A buffered or in-memory body knows its length: one more byte lets the read that finds the end fit without
        // growing. Otherwise start where JsonDocument.Parse(Stream) starts.
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(
            (stream.CanSeek ? stream.Length - stream.Position : -1) is var known and >= 0 and < int.MaxValue ? (int)known + 1 : InitialUnknownLength);
        private int _length;

        /// <summary>Where the next read goes (grown first when full): never empty, so a read of 0 bytes means the end.</summary>
        public Memory<byte> Space()
        {
            if (_length == _buffer.Length)
            {
                Grow();
            }
            return _buffer.AsMemory(_length);
        }

        /// <summary>What has been read so far, in the array that holds it.</summary>
        public readonly ReplyBody Body => new(_buffer, _length);

        /// <summary>Counts <paramref name="read"/> bytes in; false at the end of the body.</summary>
        public bool Add(int read)
        {
            _length += read;
            return read > 0;
        }

        private void Grow()
        {
            if (_buffer.Length >= Array.MaxLength)
            {
                throw new IOException($"The reply is larger than {Array.MaxLength} bytes.");
            }
            byte[] larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)_buffer.Length * 2, Array.MaxLength));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
    }
}
