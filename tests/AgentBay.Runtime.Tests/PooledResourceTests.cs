using System;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using System.Linq;

namespace AgentBay.Runtime.Tests;

/// <summary>
/// What the allocation-free request path must not change: replies parsed into pooled memory stay readable until they
/// are disposed and fail loudly after; reused timeout sources never carry a timeout or a caller's cancellation from one
/// request into the next; the hand-rolled escaping matches the framework's.
/// </summary>
public class PooledResourceTests
{
    [Fact]
    public async Task A_reply_is_readable_until_disposed_and_throws_after()
    {
        var handler = new StubHandler().RespondData("""{"SessionId":"s-1"}""");
        using var transport = TestSupport.Transport(handler);

        AgentBayResponse response = await transport.SendAsync(new AgentBayRequest("GetSession"), async: true, default);
        Assert.Equal("s-1", WireReader.ReadString(WireReader.Select(response.Body, "Data.SessionId")));

        response.Dispose();
        response.Dispose(); // twice is fine

        Assert.Throws<ObjectDisposedException>(() => response.Body.GetProperty("Data"));
        Assert.Equal("req-1", response.RequestId); // envelope fields were read at once and stay
    }

    [Fact]
    public void A_response_built_from_an_element_keeps_its_own_copy()
    {
        AgentBayResponse response;
        using (var document = JsonDocument.Parse("""{"Success":true,"Data":{"A":"1"}}"""))
        {
            response = new AgentBayResponse(200, document.RootElement);
        }
        response.Dispose();

        Assert.Equal("1", WireReader.ReadString(WireReader.Select(response.Body, "Data.A")));
    }

    [Fact]
    public async Task A_disposed_outcome_releases_the_reply_and_its_parsed_tool_text()
    {
        var handler = new StubHandler().RespondData(
            """{"content":[{"type":"text","text":"{\"stdout\":\"hi\\n\",\"exit_code\":0}"}],"isError":false}""");
        using var transport = TestSupport.Transport(handler);
        var request = new AgentBayRequest("CallMcpTool");

        OperationOutcome outcome = await AgentBayOperation.CallToolAsync(transport, request, parseTextAsJson: true, async: true, default);
        Assert.Equal("hi\n", WireReader.ReadString(WireReader.Select(outcome.Body, "stdout")));

        outcome.Dispose();

        Assert.Throws<ObjectDisposedException>(() => outcome.Body.GetProperty("stdout"));
        Assert.Throws<ObjectDisposedException>(() => outcome.Data.GetProperty("content"));
        Assert.Equal("{\"stdout\":\"hi\\n\",\"exit_code\":0}", outcome.Text);
    }

    [Fact]
    public async Task Requests_after_a_timeout_get_a_fresh_full_timeout()
    {
        // On the system clock, where timeout sources are pooled. Short requests hang until their own 100 ms timeout ends
        // them (nothing else can); full ones (30 s) hold their reply for 300 ms, past a short timeout, and must come
        // through: a fired source handed out again, or a source left on the short timeout it last had, would end them.
        // No bound here is tight: the short ones can only end by their timer, the full ones have 100 times the time.
        var shortTimeout = TimeSpan.FromMilliseconds(100);
        var handler = new StubHandler().Then(async (request, token) =>
        {
            if (request.FormValue("Kind") == "short")
            {
                await Task.Delay(Timeout.Infinite, token);
            }
            await Task.Delay(3 * shortTimeout, CancellationToken.None);
            token.ThrowIfCancellationRequested();
            return StubHandler.Response(200, """{"RequestId":"r","Success":true}""");
        });
        using var transport = TestSupport.Transport(handler, timeout: TimeSpan.FromSeconds(30));

        // Short, full, full (the second full one reuses the first one's source), and again: short after full reuses a
        // full one's source, which must then time out on the short timeout.
        foreach (string kind in new[] { "short", "full", "full", "short", "full", "full" })
        {
            var request = new AgentBayRequest("GetLabel");
            request.Add("Kind", kind);
            if (kind == "short")
            {
                request.Timeout = shortTimeout;
                var error = await Assert.ThrowsAsync<AgentBayException>(() => Bounded(transport.SendAsync(request, async: true, default)));
                Assert.Equal("Request GetLabel timed out after 100 ms", error.Message);
            }
            else
            {
                using AgentBayResponse response = await Bounded(transport.SendAsync(request, async: true, default));
                Assert.True(response.Success);
            }
        }
    }

    /// <summary>A send bounded by 20 s: a request whose timeout never fires fails the test instead of hanging it.</summary>
    private static Task<AgentBayResponse> Bounded(ValueTask<AgentBayResponse> sending) => sending.AsTask().WaitAsync(TimeSpan.FromSeconds(20));

    [Fact]
    public async Task Cancelling_a_callers_token_after_its_request_does_not_reach_later_requests()
    {
        var gate = new TaskCompletionSource();
        int calls = 0;
        var handler = new StubHandler().Then(async (_, token) =>
        {
            if (Interlocked.Increment(ref calls) == 2)
            {
                await gate.Task.WaitAsync(token);
            }
            return StubHandler.Response(200, """{"RequestId":"r","Success":true}""");
        });
        using var transport = TestSupport.Transport(handler);
        using var caller = new CancellationTokenSource();

        (await transport.SendAsync(new AgentBayRequest("GetLabel"), async: true, caller.Token)).Dispose();
        // The second request reuses the first one's timeout source; the first caller cancels while it is in flight.
        ValueTask<AgentBayResponse> second = transport.SendAsync(new AgentBayRequest("GetLabel"), async: true, CancellationToken.None);
        caller.Cancel();
        gate.SetResult();

        using AgentBayResponse reply = await second;
        Assert.True(reply.Success);
    }

    [Fact]
    public async Task A_callers_cancellation_is_reported_with_the_callers_token_and_the_transport_goes_on()
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new StubHandler()
            .Then(async (_, token) =>
            {
                held.SetResult();
                await Task.Delay(Timeout.Infinite, token);
                return StubHandler.Response(200, "{}");
            })
            .RespondJson("""{"Success":true}""");
        using var transport = TestSupport.Transport(handler);
        using var caller = new CancellationTokenSource();

        // The caller gives up once the request is held (not on a timer, which a loaded machine could fire before the
        // request reached the handler: the hanging reply would then be the next request's).
        Task<AgentBayResponse> sending = transport.SendAsync(new AgentBayRequest("GetLabel"), async: true, caller.Token).AsTask();
        await held.Task.WaitAsync(TimeSpan.FromSeconds(20));
        caller.Cancel();
        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(caller.Token, cancelled.CancellationToken);

        for (int i = 0; i < 3; i++)
        {
            using AgentBayResponse reply = await transport.SendAsync(new AgentBayRequest("GetLabel"), async: i % 2 == 0, default);
            Assert.True(reply.Success);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain-Text_1.2~")]
    [InlineData("a b+c&d=e/f?g#h%i")]
    [InlineData("项目 测试 <a&b>")]
    [InlineData("emoji 😀 and \t tab\r\nnewline")]
    [InlineData("lone \ud800 surrogate and \udc00 another")]
    [InlineData("{\"command\":\"echo 'hi' | tr a-z A-Z\",\"timeout_ms\":50000}")]
    public void Query_escaping_matches_Uri_EscapeDataString_and_form_escaping_writes_spaces_as_plus(string value)
    {
        string query = Escape(value, spaceAsPlus: false);
        Assert.Equal(Uri.EscapeDataString(value), query);
        Assert.Equal(query.Length, FormEncoding.EscapedLength(value, spaceAsPlus: false));

        string form = Escape(value, spaceAsPlus: true);
        Assert.Equal(ReferenceFormEscape(value), form);
        Assert.Equal(form.Length, FormEncoding.EscapedLength(value, spaceAsPlus: true));
    }

    private static string Escape(string value, bool spaceAsPlus)
    {
        var chars = new char[FormEncoding.EscapedLength(value, spaceAsPlus)];
        int written = FormEncoding.WriteEscaped<char>(value, chars, spaceAsPlus);
        var bytes = new byte[chars.Length];
        Assert.Equal(written, FormEncoding.WriteEscaped<byte>(value, bytes, spaceAsPlus));
        Assert.Equal(new string(chars, 0, written), Encoding.ASCII.GetString(bytes, 0, written));
        return new string(chars, 0, written);
    }

    // The encoding the official runtime produces (and this library used before it wrote into buffers directly).
    private static string ReferenceFormEscape(string value)
    {
        var text = new StringBuilder();
        foreach (byte b in Encoding.UTF8.GetBytes(value))
        {
            if (b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
                or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
            {
                text.Append((char)b);
            }
            else if (b == (byte)' ')
            {
                text.Append('+');
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return text.ToString();
    }
}

/// <summary>The pooled timeout sources and JSON writers under concurrent use: no request sees another's timeout or cancellation.</summary>
public class PooledResourceConcurrencyTests
{
    [Fact]
    public async Task Concurrent_requests_with_mixed_timeouts_and_cancellations_each_end_on_their_own_terms()
    {
        var handler = new ConcurrentService();
        var options = new AgentBayOptions { ApiKey = TestSupport.ApiKey, Endpoint = "http://agentbay.invalid", Timeout = TimeSpan.FromSeconds(30) };
        using var http = new HttpClient(handler);
        using var transport = new AgentBayTransport(options, TestSupport.Service, http);

        int succeeded = 0, timedOut = 0, cancelled = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, 600), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            string id = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var request = new AgentBayRequest("GetLabel");
            request.Add("Id", id);
            request.AddJson("Args", i, static (writer, n) =>
            {
                writer.WriteStartObject();
                writer.WriteNumber("n", n);
                writer.WriteEndObject();
            });
            using var caller = new CancellationTokenSource();
            switch (i % 3)
            {
                case 0:
                    // Outlives its own short timeout.
                    request.Add("Kind", "slow");
                    request.Timeout = TimeSpan.FromMilliseconds(30);
                    var timeout = await Assert.ThrowsAsync<AgentBayException>(() => transport.SendAsync(request, async: true, caller.Token).AsTask());
                    Assert.IsType<TimeoutException>(timeout.InnerException);
                    Interlocked.Increment(ref timedOut);
                    break;
                case 1:
                    // Outlives the caller's patience.
                    request.Add("Kind", "slow");
                    caller.CancelAfter(20);
                    var cancellation = await Assert.ThrowsAnyAsync<OperationCanceledException>(
                        () => transport.SendAsync(request, async: true, caller.Token).AsTask());
                    Assert.Equal(caller.Token, cancellation.CancellationToken);
                    Interlocked.Increment(ref cancelled);
                    break;
                default:
                    // Answers within a few milliseconds: a timer or cancellation left over from another request would end it.
                    using (AgentBayResponse reply = await transport.SendAsync(request, async: i % 2 == 0, caller.Token))
                    {
                        Assert.Equal(id, reply.RequestId);
                    }
                    Interlocked.Increment(ref succeeded);
                    break;
            }
        });

        Assert.Equal((200, 200, 200), (succeeded, timedOut, cancelled));
        // Every request's Args went out as written for that request, whichever pooled writer wrote them.
        Assert.Equal(600, handler.ArgsById.Count);
        foreach (var (id, args) in handler.ArgsById)
        {
            Assert.Equal("{\"n\":" + id + "}", args);
        }
    }

    /// <summary>Answers each request with its own Id as RequestId; "slow" ones wait until they are cancelled.</summary>
    private sealed class ConcurrentService : HttpMessageHandler
    {
        public System.Collections.Concurrent.ConcurrentDictionary<string, string> ArgsById { get; } = new();

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
            => Answer(Read(request.Content!.ReadAsStream(cancellationToken)));

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var form = Read(await request.Content!.ReadAsStreamAsync(cancellationToken));
            if (form["Kind"] == "slow")
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            await Task.Delay(Random.Shared.Next(0, 3), cancellationToken);
            return Answer(form);
        }

        private System.Collections.Generic.Dictionary<string, string?> Read(System.IO.Stream body)
        {
            string text = new System.IO.StreamReader(body).ReadToEnd();
            var form = text.Split('&').Select(pair => pair.Split('=', 2))
                .ToDictionary(pair => Uri.UnescapeDataString(pair[0].Replace('+', ' ')), pair => (string?)Uri.UnescapeDataString(pair[1].Replace('+', ' ')));
            form.TryAdd("Kind", null);
            ArgsById[form["Id"]!] = form["Args"]!;
            return form;
        }

        private static HttpResponseMessage Answer(System.Collections.Generic.Dictionary<string, string?> form)
            => StubHandler.Response(200, "{\"RequestId\":\"" + form["Id"] + "\",\"Success\":true}");
    }
}
