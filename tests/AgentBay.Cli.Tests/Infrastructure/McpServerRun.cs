using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;
using AgentBay.Cli.Mcp;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentBay.Cli.Tests.Infrastructure;

/// <summary>
/// <c>agentbay mcp serve</c> run in-process through <see cref="CliApp.RunAsync"/>, its stdin and stdout a pair of
/// pipes, with the SDK's MCP client on the other ends. Every bound is a generous event wait, never a margin.
/// </summary>
internal sealed class McpServerRun : IAsyncDisposable
{
    /// <summary>How long any one step may take on a loaded machine before the test gives up.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly Pipe _toServer = new();
    private readonly Pipe _toClient = new();
    private readonly RecordingStream _serverOutput;
    private readonly StringWriter _stdout = new();
    private readonly StringWriter _stderr = new();
    private readonly CancellationTokenSource _ctrlC = new();
    private Task<int>? _server;
    private CliRun? _stopped;

    private McpServerRun()
    {
        _serverOutput = new RecordingStream(_toClient.Writer.AsStream());
    }

    public McpClient Client { get; private set; } = null!;

    /// <summary>Everything the server wrote to its stdout stream (the protocol), as text.</summary>
    public string ProtocolOutput => _serverOutput.Text;

    /// <summary>Starts the server and connects the client (the MCP handshake has completed when this returns).</summary>
    public static async Task<McpServerRun> StartAsync(string[] args, IReadOnlyDictionary<string, string> environment)
    {
        var run = new McpServerRun();
        var streams = new ProtocolStreams(run._toServer.Reader.AsStream(), run._serverOutput);
        run._server = Task.Run(() => CliApp.RunAsync(["mcp", "serve", .. args], run._stdout, run._stderr,
            name => environment.TryGetValue(name, out var value) ? value : null, http: null, run._ctrlC.Token, streams));

        using var connecting = new CancellationTokenSource(Patience);
        var transport = new StreamClientTransport(run._toServer.Writer.AsStream(), run._toClient.Reader.AsStream(), loggerFactory: null);
        var connect = McpClient.CreateAsync(transport, clientOptions: null, loggerFactory: null, connecting.Token);
        // The server failing at start-up would leave the handshake unanswered: stop waiting for it then.
        if (await Task.WhenAny(connect, run._server) != connect)
        {
            await connecting.CancelAsync();
            await ((Task)connect).ContinueWith(_ => { }, TaskScheduler.Default); // its cancellation is expected
            throw new InvalidOperationException("the server stopped before the handshake:\n" + await run.StopAsync());
        }

        run.Client = await connect;
        return run;
    }

    /// <summary>Ctrl+C.</summary>
    public void Interrupt() => _ctrlC.Cancel();

    /// <summary>Closes the server's input (as an MCP client does when it is done) and waits for the server to exit.</summary>
    public async Task<CliRun> StopAsync()
    {
        if (_stopped is not null)
        {
            return _stopped;
        }

        if (Client is not null)
        {
            await Client.DisposeAsync().AsTask().WaitAsync(Patience);
        }

        await _toServer.Writer.CompleteAsync();
        var exit = await _server!.WaitAsync(Patience);
        await _toClient.Writer.CompleteAsync();
        _stopped = new CliRun(exit, _stdout.ToString(), _stderr.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
        return _stopped;
    }

    /// <summary>Waits for the server to exit by itself (after <see cref="Interrupt"/>), leaving the client connected.</summary>
    public async Task<CliRun> WaitForExitAsync()
    {
        var exit = await _server!.WaitAsync(Patience);
        _stopped = new CliRun(exit, _stdout.ToString(), _stderr.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
        await _toClient.Writer.CompleteAsync();
        await Client.DisposeAsync().AsTask().WaitAsync(Patience);
        return _stopped;
    }

    public static IReadOnlyDictionary<string, object?> Arguments(params (string Name, object? Value)[] arguments)
    {
        var map = new Dictionary<string, object?>();
        foreach (var (name, value) in arguments)
        {
            map[name] = value;
        }

        return map;
    }

    /// <summary>The text of a tool result's single text block.</summary>
    public static string Text(CallToolResult result) =>
        Xunit.Assert.IsType<TextContentBlock>(Xunit.Assert.Single(result.Content)).Text;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            _ctrlC.Dispose();
            _stdout.Dispose();
            _stderr.Dispose();
        }
    }

    /// <summary>A write-only stream that keeps a copy of what passes through it.</summary>
    private sealed class RecordingStream(Stream inner) : Stream
    {
        private readonly MemoryStream _copy = new();

        public string Text
        {
            get
            {
                lock (_copy)
                {
                    return System.Text.Encoding.UTF8.GetString(_copy.ToArray());
                }
            }
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Record(buffer);
            inner.Write(buffer);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Record(buffer.Span);
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        private void Record(ReadOnlySpan<byte> bytes)
        {
            lock (_copy)
            {
                _copy.Write(bytes);
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
