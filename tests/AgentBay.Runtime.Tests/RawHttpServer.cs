using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AgentBay.Runtime.Tests;

/// <summary>
/// An HTTP/1.1 server on 127.0.0.1 (a free port) that answers every request with bytes a test writes itself: replies
/// a real server would never send on purpose (a body that stops halfway, a chunked body, an HTML page without a
/// length), over a real socket, so the transport's own body reading is what is tested. Stopped by disposing it.
/// </summary>
internal sealed class RawHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Func<Stream, CancellationToken, Task> _reply;
    private readonly Task _accepting;

    public RawHttpServer(Func<Stream, CancellationToken, Task> reply)
    {
        _reply = reply;
        _listener.Start();
        Endpoint = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _accepting = AcceptAsync();
    }

    public string Endpoint { get; }

    /// <summary>Requests read so far (their request lines and headers were complete).</summary>
    public int Requests => Volatile.Read(ref _requests);

    private int _requests;

    /// <summary>Connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    private int _connections;

    /// <summary>A reply with these headers (Content-Length added unless <paramref name="headers"/> has a length or
    /// chunked encoding) and body.</summary>
    public static Func<Stream, CancellationToken, Task> Reply(string status, string headers, string body)
        => async (stream, token) =>
        {
            byte[] content = Encoding.UTF8.GetBytes(body);
            bool framed = headers.Contains("Content-Length", StringComparison.OrdinalIgnoreCase)
                          || headers.Contains("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
                          || headers.Contains("Connection: close", StringComparison.OrdinalIgnoreCase);
            string head = $"HTTP/1.1 {status}\r\n{headers}{(framed ? "" : $"Content-Length: {content.Length}\r\n")}\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), token);
            await stream.WriteAsync(content, token);
            await stream.FlushAsync(token);
            if (headers.Contains("Connection: close", StringComparison.OrdinalIgnoreCase))
            {
                // The end of the body is the end of the connection.
                stream.Dispose();
            }
        };

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            Interlocked.Increment(ref _connections);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                NetworkStream stream = client.GetStream();
                while (!_stopping.IsCancellationRequested && await ReadRequestAsync(stream, _stopping.Token))
                {
                    Interlocked.Increment(ref _requests);
                    await _reply(stream, _stopping.Token);
                }
            }
            catch (Exception exception) when (exception is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
                // The client hung up (e.g. after its timeout) or the server is stopping.
            }
        }
    }

    /// <summary>Reads one request: the head up to the blank line, then Content-Length bytes of body.</summary>
    private static async Task<bool> ReadRequestAsync(Stream stream, CancellationToken token)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, token) == 0)
            {
                return false;
            }
            head.Append((char)one[0]);
        }
        int length = 0;
        foreach (string line in head.ToString().Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                length = int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        var body = new byte[length];
        await stream.ReadExactlyAsync(body, token);
        return true;
    }
}
