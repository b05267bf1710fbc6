using System;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace AgentBay.Runtime.Tests;

public class RequestEncodingTests
{
    private static async Task<RecordedRequest> SendOne(AgentBayRequest request, string? endpoint = null)
    {
        var handler = new StubHandler().RespondJson(TestSupport.Envelope());
        using var transport = TestSupport.Transport(handler, TestSupport.NewClock(), endpoint);
        await transport.SendAsync(request, async: true, CancellationToken.None);
        return Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Query_carries_the_five_common_parameters_in_order()
    {
        RecordedRequest sent = await SendOne(new AgentBayRequest("CallMcpTool"));

        Assert.Equal("POST", sent.Method.Method);
        Assert.Equal("https://wuyingai.cn-shanghai.aliyuncs.com/", sent.Uri.GetLeftPart(UriPartial.Path));
        Assert.Equal(new[] { "Action", "Format", "Version", "Timestamp", "SignatureNonce" }, sent.Query.Select(p => p.Key));
        Assert.Equal("CallMcpTool", sent.QueryValue("Action"));
        Assert.Equal("json", sent.QueryValue("Format"));
        Assert.Equal("2025-05-06", sent.QueryValue("Version"));
        Assert.Equal("2026-01-29T09:00:00Z", sent.QueryValue("Timestamp"));
        Assert.Matches(new Regex("^[0-9a-f]{32}$"), sent.QueryValue("SignatureNonce"));
    }

    [Fact]
    public async Task Timestamp_follows_the_clock_without_milliseconds()
    {
        var clock = TestSupport.NewClock();
        clock.Advance(TimeSpan.FromHours(5) + TimeSpan.FromMilliseconds(1234.5));
        var handler = new StubHandler().RespondJson(TestSupport.Envelope());
        using var transport = TestSupport.Transport(handler, clock);

        await transport.SendAsync(new AgentBayRequest("GetSession"), async: true, CancellationToken.None);

        Assert.Equal("2026-01-29T14:00:01Z", handler.LastRequest.QueryValue("Timestamp"));
    }

    [Fact]
    public async Task Nonce_differs_between_requests()
    {
        var handler = new StubHandler().RespondJson(TestSupport.Envelope());
        using var transport = TestSupport.Transport(handler, TestSupport.NewClock());
        await transport.SendAsync(new AgentBayRequest("GetSession"), async: true, CancellationToken.None);
        await transport.SendAsync(new AgentBayRequest("GetSession"), async: true, CancellationToken.None);

        Assert.NotEqual(handler.Requests[0].QueryValue("SignatureNonce"), handler.Requests[1].QueryValue("SignatureNonce"));
    }

    [Fact]
    public async Task Form_is_sorted_ordinally_with_authorization_in_the_body()
    {
        var request = new AgentBayRequest("CallMcpTool");
        request.Add("SessionId", "session-04bdwfj84pts8knif");
        request.Add("Server", "wuying_shell");
        request.Add("Name", "shell");
        request.Add("AutoGenSession", false);
        request.AddJson("Args", w =>
        {
            w.WriteStartObject();
            w.WriteString("command", "ls -la");
            w.WriteNumber("timeout_ms", 50000);
            w.WriteEndObject();
        });
        request.Add("aLower", "z");

        RecordedRequest sent = await SendOne(request);

        Assert.Equal(new[] { "Args", "Authorization", "AutoGenSession", "Name", "Server", "SessionId", "aLower" },
            sent.Form.Select(p => p.Key));
        Assert.Equal("Bearer " + TestSupport.ApiKey, sent.FormValue("Authorization"));
        Assert.Equal("""{"command":"ls -la","timeout_ms":50000}""", sent.FormValue("Args"));
        Assert.Equal("false", sent.FormValue("AutoGenSession"));
        Assert.Null(sent.QueryValue("Authorization"));
        Assert.Equal("application/x-www-form-urlencoded", sent.ContentType);
    }

    [Fact]
    public async Task Body_is_form_urlencoded_like_the_official_runtime()
    {
        var request = new AgentBayRequest("CallMcpTool");
        request.Add("Name", "a b&c=d/é+");
        request.Add("Empty", "");

        RecordedRequest sent = await SendOne(request);

        Assert.Equal($"Authorization=Bearer+{TestSupport.ApiKey}&Empty=&Name=a+b%26c%3Dd%2F%C3%A9%2B", sent.RawBody);
    }

    [Fact]
    public async Task Authorization_goes_to_the_query_when_asked()
    {
        var request = new AgentBayRequest("SyncContext") { AuthorizationLocation = ParameterLocation.Query };
        request.Add("SessionId", "s-1");
        request.Add("Mode", "upload");

        RecordedRequest sent = await SendOne(request);

        Assert.Equal("Bearer " + TestSupport.ApiKey, sent.QueryValue("Authorization"));
        Assert.Null(sent.FormValue("Authorization"));
        Assert.Equal("Mode=upload&SessionId=s-1", sent.RawBody);
    }

    [Fact]
    public async Task Query_parameters_follow_the_common_ones()
    {
        var request = new AgentBayRequest("GetSessionDetail");
        request.Add("SessionId", "s 1", ParameterLocation.Query);

        RecordedRequest sent = await SendOne(request);

        Assert.Equal("s 1", sent.QueryValue("SessionId"));
        Assert.Equal("SessionId", sent.Query.Last().Key);
        Assert.Contains("SessionId=s%201", sent.RawQuery);
        Assert.Null(sent.FormValue("SessionId"));
        Assert.Equal("Authorization=Bearer+" + TestSupport.ApiKey, sent.RawBody);
    }

    [Fact]
    public async Task Headers_name_the_action_and_version()
    {
        RecordedRequest sent = await SendOne(new AgentBayRequest("ListSession"));

        Assert.Equal("ListSession", sent.Headers["x-acs-action"]);
        Assert.Equal("2025-05-06", sent.Headers["x-acs-version"]);
        Assert.False(sent.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task Scalars_are_written_in_invariant_wire_form()
    {
        var previous = Thread.CurrentThread.CurrentCulture;
        Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            var request = new AgentBayRequest("X");
            request.Add("True", true);
            request.Add("False", false);
            request.Add("Long", 1234567890123L);
            request.Add("Double", 2.5);
            request.Add("NullString", (string?)null);
            request.Add("NullBool", (bool?)null);
            request.Add("NullLong", (long?)null);
            request.Add("NullDouble", (double?)null);

            Assert.Equal(
                new[] { "Double=2.5", "False=false", "Long=1234567890123", "True=true" },
                request.FormParameters.Select(p => p.Key + "=" + p.Value));
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Adding_a_name_twice_keeps_the_last_value()
    {
        var request = new AgentBayRequest("X");
        request.Add("A", "1");
        request.Add("A", "2");
        request.Add("A", "q", ParameterLocation.Query);

        Assert.Equal("2", Assert.Single(request.FormParameters).Value);
        Assert.Equal("q", Assert.Single(request.QueryParameters).Value);
    }

    [Fact]
    public void Json_parameters_are_compact_and_keep_non_ascii_text()
    {
        var request = new AgentBayRequest("SetLabel");
        request.AddJson("Labels", w => WireWriter.WriteUntyped(w, new System.Collections.Generic.Dictionary<string, object?>
        {
            ["项目"] = "测试 <a&b>",
            ["n"] = 1,
        }));

        Assert.Equal("""{"项目":"测试 <a&b>","n":1}""", request.FormParameters.Single().Value);
    }

    [Fact]
    public void AddJson_rejects_a_writer_that_writes_nothing_or_half_a_value()
    {
        var request = new AgentBayRequest("X");
        Assert.Throws<InvalidOperationException>(() => request.AddJson("A", _ => { }));
        Assert.Throws<InvalidOperationException>(() => request.AddJson("B", w => w.WriteStartObject()));
        Assert.Empty(request.FormParameters);
    }

    [Fact]
    public void Authorization_cannot_be_added_as_a_parameter()
    {
        var request = new AgentBayRequest("X");
        var error = Assert.Throws<ArgumentException>(() => request.Add("Authorization", "Bearer x"));
        Assert.Equal("name", error.ParamName);
    }

    [Fact]
    public void Action_must_not_be_blank()
    {
        Assert.Throws<ArgumentException>(() => new AgentBayRequest(" "));
    }

    [Fact]
    public void ToString_lists_parameters_and_shortens_long_values()
    {
        var request = new AgentBayRequest("GetSessionDetail");
        request.Add("SessionId", "s-1", ParameterLocation.Query);
        request.Add("Content", new string('x', 1000));

        string text = request.ToString();

        Assert.StartsWith("GetSessionDetail query { SessionId=s-1 } form { Content=xxx", text);
        Assert.EndsWith("…(1000 chars) }", text);
        Assert.DoesNotContain("Authorization", text);
    }
}
