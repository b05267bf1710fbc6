using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using AgentBay.Emulator;
using AgentBay.Runtime;

namespace AgentBay.Benchmarks.Emulator;

/// <summary>
/// <c>--context-transfer [--megabytes N]</c>: one N MB file up and down through a context's presigned URLs on the
/// in-process emulator over loopback, with the typed client issuing the URLs. Reports throughput and what the transfer
/// cost in memory (bytes allocated by the whole process, peak working set growth): a streamed transfer allocates a
/// small fraction of the file, a buffered one at least the file.
/// </summary>
internal static class ContextTransferHarness
{
    public static async Task<int> RunAsync(int megabytes)
    {
        long size = megabytes * 1024L * 1024L;
        await using var emulator = await AgentBayEmulator.StartAsync(new EmulatorOptions { ApiKeys = new[] { "akm-bench-transfer-0123456789" } }).ConfigureAwait(false);
        using var client = new AgentBayClient(new AgentBayOptions { ApiKey = emulator.ApiKey, Endpoint = emulator.Endpoint });
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
        var context = await client.Contexts.CreateAsync("bench-transfer").ConfigureAwait(false);
        if (!context.Success)
        {
            Console.Error.WriteLine(context.ErrorMessage);
            return 1;
        }

        // Warm-up: JIT, connections and the URL route, with a small file.
        await TransferAsync(client, http, context.ContextId!, "/warm.bin", 1024 * 1024).ConfigureAwait(false);
        var result = await TransferAsync(client, http, context.ContextId!, "/big.bin", size).ConfigureAwait(false);
        await client.Contexts.DeleteAsync(context.ContextId!).ConfigureAwait(false);

        // The same file through session.Files: presigned URL plus the sync into (out of) the session's folder.
        await using var session = (await client.CreateAsync().ConfigureAwait(false)).Session;
        await SessionTransferAsync(session, "/tmp/warm.bin", 1024 * 1024).ConfigureAwait(false);
        var files = await SessionTransferAsync(session, "/tmp/big.bin", size).ConfigureAwait(false);
        result = result with { Session = files, Equal = result.Equal && files.Equal };

        Console.WriteLine($"Context file transfer over loopback, {megabytes} MB, {Environment.ProcessorCount} cores, emulator and client in one process");
        Console.WriteLine();
        Console.WriteLine("| direction | seconds | MB/s | allocated (whole process) | allocated / file | peak working set growth | bytes equal |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---|");
        foreach (var leg in new[] { result.Upload, result.Download, result.Session!.Upload, result.Session.Download })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {leg.Name} | {leg.Seconds:0.00} | {megabytes / leg.Seconds:0.0} | {leg.Allocated / 1048576.0:0.0} MB | {(double)leg.Allocated / size:P1} | {leg.PeakGrowth / 1048576.0:0.0} MB | {result.Equal} |"));
        }

        return result.Equal ? 0 : 1;
    }

    private sealed record Leg(string Name, double Seconds, long Allocated, long PeakGrowth);

    private sealed record Result(Leg Upload, Leg Download, bool Equal, Result? Session = null);

    private static async Task<Result> SessionTransferAsync(Session session, string path, long size)
    {
        var sent = new PatternStream(size);
        var (uploadLeg, uploaded) = await MeasureAsync("session.Files.UploadAsync (PUT + sync in)", async () =>
            await session.Files.UploadAsync(sent, path, timeout: TimeSpan.FromMinutes(10)).ConfigureAwait(false)).ConfigureAwait(false);
        using var received = new HashingStream();
        var (downloadLeg, downloaded) = await MeasureAsync("session.Files.DownloadAsync (sync out + GET)", async () =>
            await session.Files.DownloadAsync(path, received, timeout: TimeSpan.FromMinutes(10)).ConfigureAwait(false)).ConfigureAwait(false);
        if (!uploaded.Success || !downloaded.Success)
        {
            Console.Error.WriteLine(uploaded.ErrorMessage ?? downloaded.ErrorMessage);
        }

        return new Result(uploadLeg, downloadLeg, uploaded.Success && downloaded.Success && sent.Hash is not null && received.Hash() == sent.Hash);
    }

    /// <summary>A write-only stream that keeps only the SHA-256 of what is written to it.</summary>
    private sealed class HashingStream : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public string Hash() => Convert.ToHexString(_hash.GetHashAndReset());

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Write(byte[] buffer, int offset, int count) => _hash.AppendData(buffer, offset, count);
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _hash.AppendData(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _hash.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    private static async Task<Result> TransferAsync(AgentBayClient client, HttpClient http, string contextId, string path, long size)
    {
        var upload = await client.Contexts.GetFileUploadUrlAsync(contextId, path).ConfigureAwait(false);
        var sent = new PatternStream(size);
        var (uploadLeg, _) = await MeasureAsync("upload (PUT)", async () =>
        {
            using var content = new StreamContent(sent, 81920);
            content.Headers.ContentLength = size;
            using var response = await http.PutAsync(upload.Url, content).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            return 0;
        }).ConfigureAwait(false);

        var download = await client.Contexts.GetFileDownloadUrlAsync(contextId, path).ConfigureAwait(false);
        var (downloadLeg, received) = await MeasureAsync("download (GET)", async () =>
        {
            using var response = await http.GetAsync(download.Url, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }

            return Convert.ToHexString(hash.GetHashAndReset());
        }).ConfigureAwait(false);
        return new Result(uploadLeg, downloadLeg, sent.Hash is not null && received == sent.Hash);
    }

    private static async Task<(Leg Leg, T Value)> MeasureAsync<T>(string name, Func<Task<T>> run)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        long baseline = process.WorkingSet64;
        long peak = baseline;
        using var sampling = new CancellationTokenSource();
        // The peak is sampled while the transfer runs (PeakWorkingSet64 would include the whole process's history).
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                try { await Task.Delay(20, sampling.Token).ConfigureAwait(false); } catch (OperationCanceledException) { }
            }
        });
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        T value = await run().ConfigureAwait(false);
        watch.Stop();
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        sampling.Cancel();
        await sampler.ConfigureAwait(false);
        return (new Leg(name, watch.Elapsed.TotalSeconds, allocated, Math.Max(0, peak - baseline)), value);
    }

    /// <summary>A readable stream of <c>size</c> pattern bytes that hashes what it hands out, without holding them.</summary>
    private sealed class PatternStream(long size) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private long _position;
        private string? _digest;

        /// <summary>SHA-256 of every byte handed out; known once the stream has been read to its end.</summary>
        public string? Hash => _digest;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => size;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = (int)Math.Min(buffer.Length, size - _position);
            for (int i = 0; i < n; i++)
            {
                buffer[i] = (byte)((_position + i) * 31 % 251);
            }

            _hash.AppendData(buffer[..n]);
            _position += n;
            if (_position == size && _digest is null)
            {
                _digest = Convert.ToHexString(_hash.GetHashAndReset());
            }

            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _hash.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
