using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using AgentBay.Emulator;
using AgentBay.IntegrationTests.Infrastructure;
using AgentBay.Runtime;
using AgentBay.TestSupport;
using Xunit;

namespace AgentBay.IntegrationTests;

/// <summary>
/// session.Files against the emulator, in both forms and every sandbox mode: uploads and downloads through the
/// file_transfer context and presigned URLs (streamed, with progress), and watching a folder through get_file_change.
/// </summary>
public sealed class FileTransferTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [SandboxTheory]
    [MemberData(nameof(Forms.EveryModeAndForm), MemberType = typeof(Forms))]
    public async Task An_uploaded_file_is_what_the_shell_sees_and_downloads_back_byte_for_byte(SandboxMode sandbox, Mode mode)
    {
        var (_, client) = await fixture.InAsync(sandbox);
        await using var lease = new SessionLease((await client.CreateAsync()).Session);
        var bytes = RandomNumberGenerator.GetBytes(300_000);
        var sent = new Progress();

        using var source = new MemoryStream(bytes);
        var upload = await mode.Call(() => lease.Session.Files.UploadAsync(source, "/tmp/up/data.bin", sent),
            () => lease.Session.Files.Upload(source, "/tmp/up/data.bin", sent));

        Assert.True(upload.Success, upload.ErrorMessage);
        Assert.Equal(bytes.Length, upload.BytesSent);
        Assert.Equal(200, upload.HttpStatus);
        Assert.Equal("/tmp/up/data.bin", upload.Path);
        Assert.NotEmpty(upload.RequestId);
        Assert.NotNull(upload.SyncRequestId);
        Assert.Equal(bytes.Length, sent.Last);
        var size = await lease.Tools.ShellAsync("wc -c < /tmp/up/data.bin && cp /tmp/up/data.bin /home/user/copy.bin");
        Assert.True(size.Success, size.ErrorMessage);
        Assert.Equal(bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), size.Stdout?.Trim());

        var received = new Progress();
        using var destination = new MemoryStream();
        var download = await mode.Call(() => lease.Session.Files.DownloadAsync("/home/user/copy.bin", destination, received),
            () => lease.Session.Files.Download("/home/user/copy.bin", destination, received));

        Assert.True(download.Success, download.ErrorMessage);
        Assert.Equal(bytes.Length, download.BytesReceived);
        Assert.Equal(bytes, destination.ToArray());
        Assert.Equal(bytes.Length, received.Last);
    }

    [SandboxTheory]
    [MemberData(nameof(Forms.EveryMode), MemberType = typeof(Forms))]
    public async Task An_upload_replaces_the_file_and_a_changed_file_downloads_as_changed(SandboxMode sandbox)
    {
        var (_, client) = await fixture.InAsync(sandbox);
        await using var lease = new SessionLease((await client.CreateAsync()).Session);
        Assert.True((await lease.Session.Files.UploadAsync(new MemoryStream("first"u8.ToArray()), "/tmp/note.txt")).Success);
        Assert.True((await lease.Session.Files.UploadAsync(new MemoryStream("second"u8.ToArray()), "/tmp/note.txt")).Success);
        Assert.Equal("second", (await lease.Tools.ReadFileAsync("/tmp/note.txt")).Data);

        Assert.True((await lease.Tools.WriteFileAsync("/tmp/note.txt", "third", "append")).Success);
        using var destination = new MemoryStream();
        var download = await lease.Session.Files.DownloadAsync("/tmp/note.txt", destination);
        Assert.True(download.Success, download.ErrorMessage);
        Assert.Equal("secondthird", System.Text.Encoding.UTF8.GetString(destination.ToArray()));
    }

    [Fact]
    public async Task A_missing_file_or_a_path_outside_the_session_fails_naming_the_path_and_writes_nothing()
    {
        await using var lease = await fixture.CreateSessionAsync();
        using var destination = new MemoryStream();
        var missing = await lease.Session.Files.DownloadAsync("/tmp/no-such-file.bin", destination);
        Assert.False(missing.Success);
        Assert.Contains("/tmp/no-such-file.bin", missing.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(0, destination.Length);

        var outside = await lease.Session.Files.UploadAsync(new MemoryStream([1, 2, 3]), "/etc/agentbay-upload.bin");
        Assert.False(outside.Success);
        Assert.Contains("/etc/agentbay-upload.bin", outside.ErrorMessage, StringComparison.Ordinal);
        Assert.False(File.Exists("/etc/agentbay-upload.bin"));
    }

    [Fact]
    public async Task Bad_arguments_throw_before_anything_is_sent()
    {
        await using var lease = await fixture.CreateSessionAsync();
        var files = lease.Session.Files;
        var relative = await Assert.ThrowsAsync<ArgumentException>(() => files.UploadAsync(new MemoryStream(), "tmp/x"));
        Assert.Contains("tmp/x", relative.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => files.DownloadAsync("/tmp/a\0b", new MemoryStream()));
        await Assert.ThrowsAsync<ArgumentException>(() => files.DownloadAsync("/tmp/x", new MemoryStream([], writable: false)));
        using var unreadable = new MemoryStream();
        unreadable.Dispose();
        Assert.Throws<ArgumentException>(() => files.Upload(unreadable, "/tmp/x"));
        Assert.Throws<ArgumentOutOfRangeException>(() => files.WatchAsync("/tmp", TimeSpan.Zero));
        Assert.Throws<ArgumentNullException>(() => files.Watch(null!));
    }

    [Fact]
    public async Task A_cancelled_transfer_throws_and_the_session_keeps_working()
    {
        await using var lease = await fixture.CreateSessionAsync();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => lease.Session.Files.UploadAsync(new MemoryStream([1]), "/tmp/c.bin", cancellationToken: cancelled.Token));
        Assert.True((await lease.Session.Files.UploadAsync(new MemoryStream([1]), "/tmp/c.bin")).Success);
    }

    [SandboxTheory]
    [MemberData(nameof(Forms.EveryMode), MemberType = typeof(Forms))]
    public async Task Watch_reports_a_file_created_after_it_started(SandboxMode sandbox)
    {
        var (_, client) = await fixture.InAsync(sandbox);
        await using var lease = new SessionLease((await client.CreateAsync()).Session);
        Assert.True((await lease.Tools.CreateDirectoryAsync("/tmp/watched")).Success);
        using var stop = new CancellationTokenSource(Generous);

        await using var changes = lease.Session.Files.WatchAsync("/tmp/watched", TimeSpan.FromMilliseconds(50), stop.Token).GetAsyncEnumerator(stop.Token);
        var next = changes.MoveNextAsync().AsTask();
        // The watch's first poll sets its baseline at a moment the test cannot see: keep creating files until one is
        // reported (each is new, so whichever comes after the baseline is reported).
        for (var i = 0; !next.IsCompleted && i < 600; i++)
        {
            Assert.True((await lease.Tools.WriteFileAsync($"/tmp/watched/f{i}.txt", "x")).Success);
            await Task.WhenAny(next, Task.Delay(100));
        }

        Assert.True(await next);
        // A create, or a modify when the baseline fell between a file's creation and its content being written.
        Assert.Contains(changes.Current.EventType, new[] { "create", "modify" });
        Assert.StartsWith("/tmp/watched/f", changes.Current.Path, StringComparison.Ordinal);
        Assert.Equal("file", changes.Current.PathType);
    }

    [Fact]
    public async Task The_sync_watch_blocks_until_a_change_and_a_failed_poll_ends_it_with_the_reason()
    {
        await using var lease = await fixture.CreateSessionAsync();
        Assert.True((await lease.Tools.CreateDirectoryAsync("/tmp/watched-sync")).Success);
        using var stop = new CancellationTokenSource(Generous);
        var first = Task.Run(() => lease.Session.Files.Watch("/tmp/watched-sync", TimeSpan.FromMilliseconds(50), stop.Token).First());
        for (var i = 0; !first.IsCompleted && i < 600; i++)
        {
            Assert.True((await lease.Tools.WriteFileAsync($"/tmp/watched-sync/g{i}.txt", "x")).Success);
            await Task.WhenAny(first, Task.Delay(100));
        }

        Assert.StartsWith("/tmp/watched-sync/g", (await first).Path, StringComparison.Ordinal);

        var failed = await Assert.ThrowsAsync<SessionException>(async () =>
        {
            await foreach (var _ in lease.Session.Files.WatchAsync("/tmp/no-such-folder", cancellationToken: stop.Token))
            {
            }
        });
        Assert.Contains("/tmp/no-such-folder", failed.Message, StringComparison.Ordinal);
    }

    /// <summary>Records progress reports synchronously (Progress&lt;T&gt; would post them to the thread pool).</summary>
    private sealed class Progress : IProgress<long>
    {
        private readonly List<long> _reports = [];

        public long Last
        {
            get
            {
                lock (_reports)
                {
                    Assert.Equal(_reports.OrderBy(r => r), _reports); // never backwards
                    return _reports.Count == 0 ? 0 : _reports[^1];
                }
            }
        }

        public void Report(long value)
        {
            lock (_reports)
            {
                _reports.Add(value);
            }
        }
    }
}
