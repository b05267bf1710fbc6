using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using AgentBay.Emulator.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Xunit;

namespace AgentBay.Emulator.Tests;

/// <summary>Transport facts of protocol reference §1 and §9: request encoding, envelopes, errors, authentication.</summary>
public sealed class WireProtocolTests : EmulatorTestBase
{
    private const string OtherKey = "akm-second-key-abcdef";
    private readonly CapturedLogs _logs = new();

    protected override EmulatorOptions Options => new()
    {
        ApiKeys = [TestEmulator.Key, OtherKey],
        ConfigureLogging = logging => logging.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace),
    };

    [Fact]
    public async Task WorkedExampleRequestGetsTheServiceEnvelope()
    {
        var sessionId = await Client.CreateSessionAsync();

        // §1.6 byte for byte, except the key and session id.
        var body = "Args=%7B%22command%22%3A+%22ls%22%2C+%22timeout_ms%22%3A+50000%7D&Authorization=Bearer+" + TestEmulator.Key +
                   "&AutoGenSession=False&Name=shell&Server=wuying_shell&SessionId=" + sessionId;
        using var request = new HttpRequestMessage(HttpMethod.Post,
            $"{Emulator.Endpoint}/?Action=CallMcpTool&Format=json&Version=2025-05-06&Timestamp=2026-01-29T09:00:00Z&SignatureNonce=3f2a9c0d1e2b3a4f5c6d7e8f9a0b1c2d")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("x-acs-action", "CallMcpTool");
        request.Headers.Add("x-acs-version", "2025-05-06");
        var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(["RequestId", "Success", "Code", "Message", "HttpStatusCode", "Data"], response.Body.Select(p => p.Key));
        Assert.Matches("^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$", (string)response.Body["RequestId"]!);
        Assert.True((bool)response.Body["Success"]!);
        Assert.Equal("ok", response.Code);
        Assert.Equal(string.Empty, (string)response.Body["Message"]!);
        Assert.Equal(200, (int)response.Body["HttpStatusCode"]!);
        Assert.False((bool)response.Data!["isError"]!);
        var text = JsonNode.Parse((string)response.Data["content"]![0]!["text"]!)!.AsObject();
        Assert.Equal(["stdout", "stderr", "exit_code", "traceId"], text.Select(p => p.Key));
        Assert.Equal(0, (int)text["exit_code"]!);
        Assert.StartsWith("{\"RequestId\":", response.Raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChunkedBodyWithoutContentLengthIsRead()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Client.Url("CreateMcpSession"))
        {
            Content = new UnsizedContent($"Authorization=Bearer+{TestEmulator.Key}&ImageId=linux_latest&Labels=%7B%22via%22%3A%22chunked%22%7D"),
        };
        request.Headers.TransferEncodingChunked = true;
        var response = await Client.SendAsync(request);

        Assert.True(response.Success, response.ToString());
        var sessionId = (string)response.Data!["SessionId"]!;
        var labels = await Client.OkAsync("GetLabel", ("SessionId", sessionId));
        Assert.Equal("chunked", (string)ApiResponse.ParseInner(labels.Data!["Labels"])["via"]!);
    }

    [Theory]
    [InlineData("True")]
    [InlineData("true")]
    [InlineData("TRUE")]
    public async Task BooleansAreReadInAnyCase(string value)
    {
        var response = await Client.CallAsync("CallMcpTool",
            ("SessionId", "session-doesnotexist00001"), ("Name", "shell"), ("Args", "{\"command\": \"echo auto\"}"), ("AutoGenSession", value));
        Assert.True(response.Success, response.ToString());
        Assert.Equal(1, Emulator.SessionCount);
    }

    [Fact]
    public async Task QueryAndFormParametersAreMerged()
    {
        var sessionId = await Client.CreateSessionAsync();

        // GetSessionDetail: SessionId in the query, Authorization in the body.
        var detail = await Client.CallAsync("GetSessionDetail", form: [], extraQuery: "SessionId=" + sessionId);
        Assert.True(detail.Success, detail.ToString());
        Assert.Equal("RUNNING", (string)detail.Data!["Status"]!);

        // SyncContext: Authorization in the query, the rest in the body.
        var sync = await Client.CallAsync("SyncContext", [new("SessionId", sessionId), new("Mode", "upload")], authorization: string.Empty,
            extraQuery: "Authorization=" + Uri.EscapeDataString("Bearer " + TestEmulator.Key));
        Assert.True(sync.Success, sync.ToString());

        // GetAndLoadInternalContext: a GET with everything in the query.
        using var get = new HttpRequestMessage(HttpMethod.Get, Client.Url("GetAndLoadInternalContext",
            $"SessionId={sessionId}&ContextTypes.1=file_transfer&Authorization={Uri.EscapeDataString("Bearer " + TestEmulator.Key)}"));
        var contexts = await Client.SendAsync(get);
        Assert.True(contexts.Success, contexts.ToString());
        Assert.Equal("file_transfer", (string)contexts.Data![0]!["ContextType"]!);
    }

    [Fact]
    public async Task JsonParametersAreParsedNotCompared()
    {
        var python = await Client.OkAsync("CreateMcpSession", ("Labels", "{\"team\": \"a\", \"env\": \"dev\"}"));
        var compact = await Client.OkAsync("CreateMcpSession", ("Labels", "{\"env\":\"dev\",\"team\":\"a\"}"));
        var list = await Client.OkAsync("ListSession", ("Labels", "{ \"team\" : \"a\" }"), ("MaxResults", "10"));
        var ids = list.Data!.AsArray().Select(s => (string)s!["SessionId"]!).ToList();
        Assert.Contains((string)python.Data!["SessionId"]!, ids);
        Assert.Contains((string)compact.Data!["SessionId"]!, ids);

        var bad = await Client.CallAsync("CreateMcpSession", ("Labels", "{not json"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Equal("InvalidParameter", bad.Code);
        Assert.Equal(2, Emulator.SessionCount);
    }

    [Fact]
    public async Task UnknownActionIsAnHttpErrorWithJsonBody()
    {
        var response = await Client.CallAsync("NoSuchAction");
        AssertErrorShape(response, HttpStatusCode.BadRequest, "InvalidAction.NotFound");
    }

    [Fact]
    public async Task UnknownSessionIsInvalidMcpSessionNotFound()
    {
        var response = await Client.CallAsync("GetSession", ("SessionId", "session-unknown0000000000"));
        AssertErrorShape(response, HttpStatusCode.BadRequest, "InvalidMcpSession.NotFound");
        Assert.Contains("not found", (string)response.Body["Message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongVersionIsRefused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Emulator.Endpoint}/?Action=ListSession&Format=json&Version=2017-01-01")
        {
            Content = new FormUrlEncodedContent([new("Authorization", "Bearer " + TestEmulator.Key)]),
        };
        AssertErrorShape(await Client.SendAsync(request), HttpStatusCode.BadRequest, "InvalidVersion");
    }

    [Theory]
    [InlineData("", "InvalidApiKey.Missing")]
    [InlineData("Bearer wrong-key", "InvalidApiKey.Invalid")]
    [InlineData("Bearer ", "InvalidApiKey.Invalid")]
    [InlineData(TestEmulator.Key, "InvalidApiKey.Invalid")]
    [InlineData("bearer " + TestEmulator.Key, "InvalidApiKey.Invalid")]
    [InlineData("Basic " + TestEmulator.Key, "InvalidApiKey.Invalid")]
    public async Task BadAuthorizationRunsNothing(string authorization, string code)
    {
        var create = await Client.CallAsync("CreateMcpSession", [new("ImageId", "linux_latest")], authorization);
        AssertErrorShape(create, HttpStatusCode.Unauthorized, code);
        Assert.Equal(0, Emulator.SessionCount);

        var auto = await Client.CallAsync("CallMcpTool",
            [new("SessionId", "session-auto00000000000000"), new("Name", "shell"), new("Args", "{\"command\":\"echo x\"}"), new("AutoGenSession", "true")],
            authorization);
        AssertErrorShape(auto, HttpStatusCode.Unauthorized, code);
        Assert.Equal(0, Emulator.SessionCount);

        // A real session exists: a bad key must not run a command in it either.
        var sessionId = await Client.CreateSessionAsync();
        var marker = Path.Combine(Emulator.WorkDirectory, "sessions", sessionId, "tmp", "ran.txt");
        var call = await Client.CallAsync("CallMcpTool",
            [new("SessionId", sessionId), new("Name", "write_file"), new("Args", "{\"path\":\"/tmp/ran.txt\",\"content\":\"x\"}")], authorization);
        AssertErrorShape(call, HttpStatusCode.Unauthorized, code);
        Assert.False(File.Exists(marker));
        Assert.Equal(1, Emulator.SessionCount);
    }

    [Fact]
    public async Task AnotherKeySeesNoSessionOfThisKey()
    {
        var sessionId = await Client.CreateSessionAsync();
        var other = await Client.CallAsync("GetSession", [new("SessionId", sessionId)], "Bearer " + OtherKey);
        AssertErrorShape(other, HttpStatusCode.BadRequest, "InvalidMcpSession.NotFound");
        var list = await Client.CallAsync("ListSession", [], "Bearer " + OtherKey);
        Assert.Equal(0, (int)list.Body["TotalCount"]!);
    }

    [Fact]
    public async Task TheKeyNeverReachesTheLogs()
    {
        var sessionId = await Client.CreateSessionAsync();
        await Client.CallAsync("SyncContext", [new("SessionId", sessionId)], string.Empty,
            "Authorization=" + Uri.EscapeDataString("Bearer " + TestEmulator.Key));
        await Client.CallAsync("ListSession", [], "Bearer " + OtherKey);
        await Client.CallAsync("ListSession", [], "Bearer not-the-key-but-close");
        await Client.ToolAsync(sessionId, "shell", new { command = "echo logged" });

        Assert.NotEmpty(_logs.Lines);
        Assert.DoesNotContain(_logs.Lines, l => l.Contains(TestEmulator.Key, StringComparison.Ordinal) || l.Contains(OtherKey, StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Lines, l => l.Contains("not-the-key-but-close", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnotherPathIsAJsonError()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Emulator.Endpoint + "/callTool")
        {
            Content = new FormUrlEncodedContent([new("Authorization", "Bearer " + TestEmulator.Key)]),
        };
        AssertErrorShape(await Client.SendAsync(request), HttpStatusCode.NotFound, "InvalidPath");
    }

    internal static void AssertErrorShape(ApiResponse response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.Status);
        Assert.Equal(["RequestId", "Code", "Message", "HttpStatusCode", "Success"], response.Body.Select(p => p.Key));
        Assert.Equal(code, response.Code);
        Assert.False((bool)response.Body["Success"]!);
        Assert.Equal((int)status, (int)response.Body["HttpStatusCode"]!);
        Assert.Matches("^[0-9A-F-]{36}$", (string)response.Body["RequestId"]!);
        Assert.False(string.IsNullOrEmpty((string)response.Body["Message"]!));
    }

    /// <summary>Form content that does not know its length, so HttpClient sends it chunked.</summary>
    private sealed class UnsizedContent : HttpContent
    {
        private readonly byte[] _bytes;

        public UnsizedContent(string text)
        {
            _bytes = Encoding.UTF8.GetBytes(text);
            Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            // Two writes, so the body really arrives in more than one chunk.
            await stream.WriteAsync(_bytes.AsMemory(0, _bytes.Length / 2));
            await stream.FlushAsync();
            await stream.WriteAsync(_bytes.AsMemory(_bytes.Length / 2));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    /// <summary>Collects every log line the emulator writes.</summary>
    private sealed class CapturedLogs : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public string[] Lines => [.. _lines];

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{category} {logLevel}: {formatter(state, exception)} {exception}");
        }
    }
}
