using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using AgentBay.Emulator.Tests.Infrastructure;
using Xunit;

namespace AgentBay.Emulator.Tests;

/// <summary>
/// The context store on disk: contexts survive a restart with a data folder (and only with one), one emulator per
/// folder, leftovers of a crash are cleaned up at start, and a 100 MB upload goes through the URL streamed.
/// </summary>
public sealed class ContextStoreTests : IDisposable
{
    private const string SecondKey = "akm-second-key-5555555555";
    private readonly string _data = Path.Combine(Path.GetTempPath(), "agentbay-context-store-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Fact]
    public async Task ContextsSurviveARestartWithADataFolder()
    {
        string id;
        await using (var first = await StartAsync([TestEmulator.Key, SecondKey]))
        {
            id = await first.Client.CreateContextAsync("kept");
            await first.Client.PutFileAsync(id, "/notes/today.txt", "written before the restart");
            var sessionId = await first.Client.CreateSessionWithAsync(ContextCalls.Persistence((id, "/home/user/kept", null)));
            await first.Client.ShellAsync(sessionId, "echo from-session > /home/user/kept/session.txt");
            await first.Client.SyncOkAsync(sessionId);
            Assert.Equal(_data, first.Emulator.DataDirectory);
        }

        Assert.True(Directory.Exists(_data), "the data folder outlives the emulator");

        // The keys in another order: contexts belong to the key, not to its position.
        await using (var second = await StartAsync([SecondKey, TestEmulator.Key]))
        {
            var client = new EmulatorClient(second.Client.Http, second.Emulator.Endpoint, TestEmulator.Key);
            Assert.Equal(id, (string)(await client.OkAsync("GetContext", ("Name", "kept"))).Data!["Id"]!);
            Assert.Equal("written before the restart", await client.GetFileAsync(id, "/notes/today.txt"));
            Assert.Equal("from-session\n", await client.GetFileAsync(id, "/session.txt"));
            var stranger = new EmulatorClient(second.Client.Http, second.Emulator.Endpoint, SecondKey);
            ContextCalls.AssertError(await stranger.CallAsync("GetContext", ("ContextId", id)), "InvalidContext.NotFound");

            var sessionId = await client.CreateSessionWithAsync(ContextCalls.Persistence((id, "/tmp/back", null)));
            Assert.Equal("written before the restart", (await client.ShellAsync(sessionId, "cat /tmp/back/notes/today.txt")).Stdout);
        }
    }

    [Fact]
    public async Task WithoutADataFolderContextsGoWithTheEmulator()
    {
        string work;
        await using (var emulator = await TestEmulator.StartAsync())
        {
            await emulator.Client.CreateContextAsync("temporary");
            work = emulator.Emulator.WorkDirectory;
            Assert.StartsWith(work, emulator.Emulator.DataDirectory, StringComparison.Ordinal);
        }

        Assert.False(Directory.Exists(work));
        await using var next = await TestEmulator.StartAsync();
        ContextCalls.AssertError(await next.Client.CallAsync("GetContext", ("Name", "temporary")), "InvalidContext.NotFound");
    }

    [Fact]
    public async Task OneEmulatorPerDataFolder()
    {
        await using var first = await StartAsync([TestEmulator.Key]);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync([TestEmulator.Key]));
        Assert.Contains("in use by another emulator", error.Message, StringComparison.Ordinal);
        await first.Client.CreateContextAsync("still-works");
    }

    [Fact]
    public async Task LeftoversOfACrashAreRemovedAndBrokenMetadataIsLeftAlone()
    {
        string id;
        await using (var first = await StartAsync([TestEmulator.Key]))
        {
            id = await first.Client.CreateContextAsync("survivor");
            await first.Client.PutFileAsync(id, "/a.txt", "intact");
        }

        var contexts = Path.Combine(_data, "contexts");
        Directory.CreateDirectory(Path.Combine(contexts, ".new-SdkCtx-half0made0000000x", "files"));
        Directory.CreateDirectory(Path.Combine(contexts, ".trash-SdkCtx-half0gone0000000x", "files"));
        File.WriteAllText(Path.Combine(contexts, id, "tmp", ".agentbay-tmp-upload-in-progress"), "partial");
        File.WriteAllText(Path.Combine(contexts, id, ".agentbay-tmp-metadata"), "{partial");
        var broken = Path.Combine(contexts, "SdkCtx-broken00000000000");
        Directory.CreateDirectory(Path.Combine(broken, "files"));
        File.WriteAllText(Path.Combine(broken, "context.json"), "{not json");

        await using (var second = await StartAsync([TestEmulator.Key]))
        {
            Assert.Equal("intact", await second.Client.GetFileAsync(id, "/a.txt"));
            Assert.Equal(["a.txt"], await second.Client.FileNamesAsync(id));
            Assert.Single((await second.Client.OkAsync("ListContexts")).Data!.AsArray());
        }

        Assert.False(Directory.Exists(Path.Combine(contexts, ".new-SdkCtx-half0made0000000x")));
        Assert.False(Directory.Exists(Path.Combine(contexts, ".trash-SdkCtx-half0gone0000000x")));
        Assert.Empty(Directory.GetFiles(Path.Combine(contexts, id, "tmp")));
        Assert.False(File.Exists(Path.Combine(contexts, id, ".agentbay-tmp-metadata")));
        Assert.True(File.Exists(Path.Combine(broken, "context.json")), "data the emulator cannot read is never deleted");
    }

    [Fact]
    public async Task AHundredMegabyteUploadIsStreamedThroughTheUrl()
    {
        const long size = 100L * 1024 * 1024;
        await using var test = await TestEmulator.StartAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
        var context = await test.Client.CreateContextAsync("big");
        var (upload, _) = await test.Client.UrlAsync("GetContextFileUploadUrl", context, "/big.bin");
        using var source = new PatternStream(size);
        using (var content = new StreamContent(source, 64 * 1024))
        {
            content.Headers.ContentLength = size;
            using var put = await http.PutAsync(upload, content);
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var sent = source.Hash();

        var (download, _) = await test.Client.UrlAsync("GetContextFileDownloadUrl", context, "/big.bin");
        using var get = await http.GetAsync(download, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(size, get.Content.Headers.ContentLength);
        using var sha = SHA256.Create();
        var stream = await get.Content.ReadAsStreamAsync();
        var received = await sha.ComputeHashAsync(stream);
        Assert.Equal(sent, received);
        Assert.Empty(Directory.GetFiles(Path.Combine(test.Emulator.DataDirectory, "contexts", context, "tmp")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ABodyOverTheLimitIsRefusedAndStoresNothing(bool chunked)
    {
        var options = new EmulatorOptions { ApiKeys = [TestEmulator.Key], MaxContextFileBytes = 1024 };
        await using var emulator = await AgentBayEmulator.StartAsync(options);
        var client = new EmulatorClient(new HttpClient(), emulator.Endpoint, TestEmulator.Key);
        var context = await client.CreateContextAsync("limited");
        {
            var (url, _) = await client.UrlAsync("GetContextFileUploadUrl", context, "/too-big.bin");
            // Far more than loopback's socket buffers hold: the 413 is written while the client is still sending.
            const int size = 8 * 1024 * 1024;
            using var source = new PatternStream(size);
            using var content = new StreamContent(source);
            if (!chunked)
            {
                content.Headers.ContentLength = size;
            }

            using var put = await client.Http.PutAsync(url, content);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, put.StatusCode);
        }

        Assert.Empty(await client.FileNamesAsync(context));
        var (fits, _) = await client.UrlAsync("GetContextFileUploadUrl", context, "/fits.bin");
        using var ok = await client.Http.PutAsync(fits, new ByteArrayContent(new byte[1024]));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        client.Http.Dispose();
    }

    [Fact]
    public async Task AUsedUrlRefusesABigBodyWithAReplyTheClientReads()
    {
        await using var test = await StartAsync([TestEmulator.Key]);
        var context = await test.Client.CreateContextAsync("used-big");
        var (url, _) = await test.Client.UrlAsync("GetContextFileUploadUrl", context, "/once.bin");
        using (var first = await test.Client.Http.PutAsync(url, new ByteArrayContent(new byte[16])))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        // Refused before a byte is read; the 8 MiB still in flight is discarded, not answered with a reset.
        using var again = await test.Client.Http.PutAsync(url, new ByteArrayContent(new byte[8 * 1024 * 1024]));

        Assert.Equal(HttpStatusCode.Forbidden, again.StatusCode);
        Assert.Contains("AccessDenied.UrlUsed", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(16, (await test.Client.Http.GetByteArrayAsync((await test.Client.UrlAsync("GetContextFileDownloadUrl", context, "/once.bin")).Item1)).Length);
    }

    private Task<TestEmulator> StartAsync(string[] keys) =>
        TestEmulator.StartAsync(new EmulatorOptions { ApiKeys = keys, DataDirectory = _data, DeleteDelay = TimeSpan.FromMilliseconds(100) });

    /// <summary>A read-only stream of deterministic bytes, hashed as they are read (never held whole).</summary>
    private sealed class PatternStream(long length) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private byte[]? _digest;
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        /// <summary>SHA-256 of what was read (taken when the content is disposed, which disposes this stream).</summary>
        public byte[] Hash() => _digest ??= _hash.GetHashAndReset();

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            for (var i = 0; i < n; i++)
            {
                var p = _position + i;
                buffer[offset + i] = (byte)((p * 2654435761L) >> 13);
            }

            _hash.AppendData(buffer, offset, n);
            _position += n;
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer, offset, count));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _digest ??= _hash.GetHashAndReset();
                _hash.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
