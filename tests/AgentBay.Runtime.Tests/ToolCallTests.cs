using System;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace AgentBay.Runtime.Tests;

public class ToolCallTests
{
    private static async Task<OperationOutcome> Call(StubHandler handler, bool parseTextAsJson = false, bool async = true,
        CancellationToken cancellationToken = default)
    {
        using var transport = TestSupport.Transport(handler, TestSupport.NewClock());
        var request = new AgentBayRequest("CallMcpTool");
        request.Add("SessionId", "s-1");
        request.Add("Name", "shell");
        request.AddJson("Args", w => WireWriter.WriteUntyped(w, new System.Collections.Generic.Dictionary<string, object?> { ["command"] = "echo hi" }));
        ValueTask<OperationOutcome> pending = AgentBayOperation.CallToolAsync(transport, request, parseTextAsJson, async, cancellationToken);
        if (!async)
        {
            Assert.True(pending.IsCompleted);
            Assert.Equal(0, handler.AsyncSends);
            return pending.EnsureCompleted();
        }
        return await pending;
    }

    private static string ToolData(string text, bool isError = false)
        => $$"""{"content":[{"type":"text","text":{{JsonEncodedString(text)}}}],"isError":{{(isError ? "true" : "false")}}}""";

    private static string JsonEncodedString(string text)
    {
        var buffer = new System.IO.MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStringValue(text);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Object_data_gives_the_text(bool async)
    {
        var handler = new StubHandler().RespondData(ToolData("hello\n"), "r-tool");

        OperationOutcome outcome = await Call(handler, async: async);

        Assert.True(outcome.Success);
        Assert.Equal("hello\n", outcome.Text);
        Assert.Equal("r-tool", outcome.RequestId);
        Assert.Null(outcome.ErrorMessage);
        Assert.Equal("r-tool", WireReader.ReadString(WireReader.Select(outcome.Body, "RequestId")));
        Assert.Equal("text", WireReader.ReadString(WireReader.Select(outcome.Data, "content.0.type")));
        Assert.Equal("""{"command":"echo hi"}""", handler.LastRequest.FormValue("Args"));
    }

    [Fact]
    public async Task String_data_is_parsed()
    {
        var handler = new StubHandler().RespondData(JsonEncodedString(ToolData("from a string")));

        OperationOutcome outcome = await Call(handler);

        Assert.True(outcome.Success);
        Assert.Equal("from a string", outcome.Text);
        Assert.Equal(JsonValueKind.Object, outcome.Data.ValueKind);
    }

    [Fact]
    public async Task IsError_fails_with_the_text()
    {
        var handler = new StubHandler().RespondData(ToolData("Execution failed. Error code:127 Error message: sh: 1: foo: not found", isError: true));

        OperationOutcome outcome = await Call(handler);

        Assert.False(outcome.Success);
        Assert.Equal("Execution failed. Error code:127 Error message: sh: 1: foo: not found", outcome.ErrorMessage);
        Assert.Equal(outcome.ErrorMessage, outcome.Text);
    }

    [Fact]
    public async Task Json_text_becomes_the_body()
    {
        var handler = new StubHandler().RespondData(ToolData("""{"stdout":"hi\n","stderr":"","exit_code":0,"traceId":"t-1"}"""));

        OperationOutcome outcome = await Call(handler, parseTextAsJson: true);

        Assert.True(outcome.Success);
        Assert.Equal("hi\n", WireReader.ReadString(WireReader.Select(outcome.Body, "stdout")));
        Assert.Equal(0, WireReader.ReadInt32(WireReader.Select(outcome.Body, "exit_code")));
    }

    [Fact]
    public async Task Json_text_is_parsed_on_errors_too()
    {
        var handler = new StubHandler().RespondData(ToolData("""{"stdout":"","stderr":"boom","exit_code":2}""", isError: true));

        OperationOutcome outcome = await Call(handler, parseTextAsJson: true);

        Assert.False(outcome.Success);
        Assert.Equal(2, WireReader.ReadInt32(WireReader.Select(outcome.Body, "exit_code")));
        Assert.Equal("""{"stdout":"","stderr":"boom","exit_code":2}""", outcome.ErrorMessage);
    }

    [Theory]
    [InlineData("plain output")]
    [InlineData("{ not json")]
    [InlineData("")]
    public async Task Plain_text_leaves_the_body_undefined(string text)
    {
        var handler = new StubHandler().RespondData(ToolData(text));

        OperationOutcome outcome = await Call(handler, parseTextAsJson: true);

        Assert.True(outcome.Success);
        Assert.Equal(text, outcome.Text);
        Assert.Equal(JsonValueKind.Undefined, outcome.Body.ValueKind);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("\"\"")]
    [InlineData("\"  \"")]
    [InlineData(null)]
    public async Task Empty_data_fails(string? data)
    {
        var handler = new StubHandler().RespondJson(TestSupport.Envelope(requestId: "r-empty", data: data));

        OperationOutcome outcome = await Call(handler);

        Assert.False(outcome.Success);
        Assert.Equal("Empty response data", outcome.ErrorMessage);
        Assert.Equal("r-empty", outcome.RequestId);
    }

    [Fact]
    public async Task Unparseable_data_fails()
    {
        var handler = new StubHandler().RespondData("\"{content: oops\"");

        OperationOutcome outcome = await Call(handler);

        Assert.False(outcome.Success);
        Assert.StartsWith("Failed to parse response data: ", outcome.ErrorMessage);
        Assert.True(outcome.ErrorMessage!.Length > "Failed to parse response data: ".Length);
    }

    [Fact]
    public async Task Non_object_data_fails_to_parse()
    {
        var handler = new StubHandler().RespondData("[1,2]");
        OperationOutcome outcome = await Call(handler);
        Assert.Equal("Failed to parse response data: expected a JSON object, got Array", outcome.ErrorMessage);
    }

    [Theory]
    [InlineData("blob", "YmxvYg==")]
    [InlineData("data", "raw-data")]
    public async Task Text_falls_back_to_blob_and_data(string field, string value)
    {
        var handler = new StubHandler().RespondData($$"""{"content":[{"type":"image","{{field}}":"{{value}}"}],"isError":false}""");
        Assert.Equal(value, (await Call(handler)).Text);
    }

    [Fact]
    public async Task Missing_content_gives_empty_text()
    {
        var handler = new StubHandler().RespondData("""{"isError":false}""");
        OperationOutcome outcome = await Call(handler);
        Assert.True(outcome.Success);
        Assert.Equal("", outcome.Text);
    }

    [Fact]
    public async Task Nested_result_of_the_link_route_is_read()
    {
        var handler = new StubHandler().RespondData("""{"result":{"content":[{"type":"text","text":"nested"}],"isError":true}}""");
        OperationOutcome outcome = await Call(handler);
        Assert.False(outcome.Success);
        Assert.Equal("nested", outcome.ErrorMessage);
    }

    [Fact]
    public async Task Envelope_failure_with_a_code_fails_with_code_and_message()
    {
        var handler = new StubHandler().RespondJson(TestSupport.Envelope(false, "InvalidMcpSession.NotFound", "session gone", "r-f", ToolData("ignored"), 400));

        OperationOutcome outcome = await Call(handler);

        Assert.False(outcome.Success);
        Assert.Equal("[InvalidMcpSession.NotFound] session gone", outcome.ErrorMessage);
        Assert.Equal("InvalidMcpSession.NotFound", outcome.Code);
        Assert.Equal("session gone", outcome.Message);
        Assert.Equal(400, outcome.HttpStatusCode);
        Assert.Equal("r-f", outcome.RequestId);
        Assert.Null(outcome.Text);
    }

    [Fact]
    public async Task Http_error_becomes_an_api_request_failure()
    {
        var handler = new StubHandler().Respond(400, """{"RequestId":"r-h","Code":"InvalidMcpSession.NotFound","Message":"session gone"}""");

        OperationOutcome outcome = await Call(handler);

        Assert.False(outcome.Success);
        Assert.Equal("API request failed: code: 400, session gone request id: r-h", outcome.ErrorMessage);
        Assert.Equal("InvalidMcpSession.NotFound", outcome.Code);
        Assert.Equal(400, outcome.HttpStatusCode);
    }

    [Fact]
    public async Task Network_error_becomes_an_api_request_failure()
    {
        var handler = new StubHandler().Throw(new HttpRequestException("Connection reset"));

        OperationOutcome outcome = await Call(handler, async: false);

        Assert.False(outcome.Success);
        Assert.Equal("API request failed: Request CallMcpTool failed: Connection reset", outcome.ErrorMessage);
        Assert.Equal("", outcome.RequestId);
        Assert.Null(outcome.HttpStatusCode);
    }

    [Fact]
    public async Task Cancellation_propagates()
    {
        using var cancellation = new CancellationTokenSource();
        var handler = new StubHandler().Then((request, token) =>
        {
            cancellation.Cancel();
            token.ThrowIfCancellationRequested();
            return StubHandler.Response(200, "{}");
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Call(handler, cancellationToken: cancellation.Token));
    }
}
