using System;
using System.Diagnostics;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AgentBay.Runtime.Tests;

/// <summary>
/// The transport reads reply bodies itself (it does not let HttpClient buffer them), over a real socket: through the
/// invoker it creates when given no client, and through a caller's HttpClient. A body that stops halfway is covered by
/// the per-request timeout and by the caller's token, sync and async; a chunked body larger than the first buffer is
/// read whole; an HTML page without a length is still quoted; a body read to its end leaves the connection reusable.
/// </summary>
public class NetworkReplyTests
{
    private const string Envelope = """{"RequestId":"r-1","Success":true,"Code":"ok","Message":"","HttpStatusCode":200,"Data":{"SessionId":"s-1"}}""";

    public static TheoryData<bool, bool> AsyncAndClient => new() { { false, false }, { false, true }, { true, false }, { true, true } };

    [Theory]
    [MemberData(nameof(AsyncAndClient))]
    public async Task A_body_that_stops_after_the_headers_times_out(bool async, bool overHttpClient)
    {
        await using var server = new RawHttpServer(StallAfterHeaders);
        using var sender = new Sender(server.Endpoint, overHttpClient, TimeSpan.FromMilliseconds(300));
        var transport = sender.Transport;

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<AgentBayException>(() => Send(transport, async, default));

        Assert.Equal("Request GetSession timed out after 300 ms", error.Message);
        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(20));
    }

    [Theory]
    [MemberData(nameof(AsyncAndClient))]
    public async Task The_callers_token_cancels_a_body_that_stops_after_the_headers(bool async, bool overHttpClient)
    {
        await using var server = new RawHttpServer(StallAfterHeaders);
        using var sender = new Sender(server.Endpoint, overHttpClient, TimeSpan.FromSeconds(60));
        var transport = sender.Transport;
        using var caller = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Send(transport, async, caller.Token));

        Assert.Equal(caller.Token, error.CancellationToken);
    }

    [Theory]
    [MemberData(nameof(AsyncAndClient))]
    public async Task A_chunked_body_larger_than_the_first_buffer_is_read_whole(bool async, bool overHttpClient)
    {
        string text = new('x', 100_000);
        string body = "{\"RequestId\":\"r-big\",\"Success\":true,\"Code\":\"ok\",\"Data\":{\"Text\":\"" + text + "\"}}";
        await using var server = new RawHttpServer(async (stream, token) =>
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"), token);
            byte[] bytes = Encoding.UTF8.GetBytes(body);
            for (int at = 0; at < bytes.Length; at += 7000)
            {
                int size = Math.Min(7000, bytes.Length - at);
                await stream.WriteAsync(Encoding.ASCII.GetBytes(size.ToString("x") + "\r\n"), token);
                await stream.WriteAsync(bytes.AsMemory(at, size), token);
                await stream.WriteAsync("\r\n"u8.ToArray(), token);
                await stream.FlushAsync(token);
            }
            await stream.WriteAsync("0\r\n\r\n"u8.ToArray(), token);
        });
        using var sender = new Sender(server.Endpoint, overHttpClient, TimeSpan.FromSeconds(30));
        var transport = sender.Transport;

        using AgentBayResponse response = await Send(transport, async, default);

        Assert.Equal("r-big", response.RequestId);
        Assert.Equal(text, WireReader.ReadString(WireReader.Select(response.Body, "Data.Text")));
    }

    [Theory]
    [MemberData(nameof(AsyncAndClient))]
    public async Task An_html_page_without_a_length_is_quoted_in_the_error(bool async, bool overHttpClient)
    {
        await using var server = new RawHttpServer(RawHttpServer.Reply("502 Bad Gateway", "Content-Type: text/html\r\nConnection: close\r\n",
            "<html><body>Bad gateway</body></html>"));
        using var sender = new Sender(server.Endpoint, overHttpClient, TimeSpan.FromSeconds(30));
        var transport = sender.Transport;

        var error = await Assert.ThrowsAsync<ApiException>(() => Send(transport, async, default));

        Assert.Equal("code: 502, the body of the reply to GetSession is not JSON (37 bytes): <html><body>Bad gateway</body></html>", error.Message);
        Assert.Equal(502, error.HttpStatusCode);
    }

    [Theory]
    [MemberData(nameof(AsyncAndClient))]
    public async Task Replies_read_to_their_end_leave_the_connection_reusable(bool async, bool overHttpClient)
    {
        await using var server = new RawHttpServer(RawHttpServer.Reply("200 OK", "Content-Type: application/json\r\n", Envelope));
        using var sender = new Sender(server.Endpoint, overHttpClient, TimeSpan.FromSeconds(30));
        var transport = sender.Transport;

        for (int i = 0; i < 3; i++)
        {
            using AgentBayResponse response = await Send(transport, async, default);
            Assert.Equal("s-1", WireReader.ReadString(WireReader.Select(response.Body, "Data.SessionId")));
        }

        Assert.Equal(3, server.Requests);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task A_plain_invoker_over_a_handler_sends_without_an_HttpClient()
    {
        var handler = new StubHandler().RespondJson(Envelope);
        using var invoker = new HttpMessageInvoker(handler);
        using var transport = new AgentBayTransport(new AgentBayOptions { ApiKey = TestSupport.ApiKey }, TestSupport.Service, invoker);

        using AgentBayResponse response = await transport.SendAsync(new AgentBayRequest("GetSession"), async: true, default);
        using AgentBayResponse again = await transport.SendAsync(new AgentBayRequest("GetSession"), async: false, default);

        Assert.Equal("s-1", WireReader.ReadString(WireReader.Select(response.Body, "Data.SessionId")));
        Assert.Equal("r-1", again.RequestId);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task A_disposed_response_cannot_be_read_any_more()
    {
        await using var server = new RawHttpServer(RawHttpServer.Reply("200 OK", "Content-Type: application/json\r\n", Envelope));
        using var sender = new Sender(server.Endpoint, overHttpClient: false, TimeSpan.FromSeconds(30));
        AgentBayResponse response = await Send(sender.Transport, async: true, default);
        System.Text.Json.JsonElement body = response.Body;

        response.Dispose();
        response.Dispose();

        Assert.Throws<ObjectDisposedException>(() => body.GetProperty("RequestId"));
        Assert.Equal("r-1", response.RequestId);
    }

    private static async Task StallAfterHeaders(System.IO.Stream stream, CancellationToken token)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"RequestId\":"), token);
        await stream.FlushAsync(token);
        await Task.Delay(Timeout.Infinite, token);
    }

    /// <summary>A transport without retries over the invoker it creates, or over an HttpClient of the test's; disposes both.</summary>
    private sealed class Sender : IDisposable
    {
        private readonly HttpClient? _http;

        public Sender(string endpoint, bool overHttpClient, TimeSpan timeout)
        {
            _http = overHttpClient ? new HttpClient() : null;
            Transport = new AgentBayTransport(
                new AgentBayOptions { ApiKey = TestSupport.ApiKey, Endpoint = endpoint, Timeout = timeout, Retry = new AgentBayRetryOptions { Enabled = false } },
                TestSupport.Service, _http);
        }

        public AgentBayTransport Transport { get; }

        public void Dispose()
        {
            Transport.Dispose();
            _http?.Dispose();
        }
    }

    /// <summary>Sends GetSession, bounded by 20 s: a read that neither the timeout nor the token reaches fails the test
    /// (with a TimeoutException) instead of hanging it.</summary>
    private static Task<AgentBayResponse> Send(AgentBayTransport transport, bool async, CancellationToken token)
        => SendUnbounded(transport, async, token).WaitAsync(TimeSpan.FromSeconds(20));

    private static async Task<AgentBayResponse> SendUnbounded(AgentBayTransport transport, bool async, CancellationToken token)
    {
        var request = new AgentBayRequest("GetSession");
        if (async)
        {
            return await transport.SendAsync(request, async: true, token);
        }
        // The sync path runs on a pool thread, as sync callers block their own thread; it must come back completed.
        return await Task.Run(() =>
        {
            ValueTask<AgentBayResponse> sending = transport.SendAsync(request, async: false, token);
            Assert.True(sending.IsCompleted);
            return sending.AsTask();
        });
    }
}
