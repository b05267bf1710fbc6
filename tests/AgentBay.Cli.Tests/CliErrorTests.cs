using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AgentBay.Cli.Tests.Infrastructure;
using Xunit;

namespace AgentBay.Cli.Tests;

/// <summary>Errors: one line, exit code 2, no stack trace, never the key.</summary>
public sealed class CliErrorTests
{
    private const string Key = "akm-secret-key-1234";

    /// <summary>A fake service: answers each action with the given JSON (HTTP 200), records the actions asked for.</summary>
    private sealed class FakeService(Func<string, string, (HttpStatusCode Status, string Body)> reply) : HttpMessageHandler
    {
        public List<string> Actions { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var action = System.Web.HttpUtility.ParseQueryString(request.RequestUri!.Query)["Action"] ?? "";
            var form = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            lock (Actions)
            {
                Actions.Add(action);
            }

            var (status, body) = reply(action, form);
            return new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        }
    }

    private static string Ok(string data) => $$"""{"RequestId":"r","Success":true,"Code":"ok","Message":"","HttpStatusCode":200,"Data":{{data}}}""";

    private static string Refused(string code, string message) => $$"""{"RequestId":"r","Success":false,"Code":"{{code}}","Message":"{{message}}","HttpStatusCode":200}""";

    private static void AssertOneLineError(CliRun run, string expected)
    {
        Assert.True(run.ExitCode == 2, run.ToString());
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var error = Assert.Single(lines, l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal); // no stack frames
        Assert.DoesNotContain(Key, run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_api_key_names_the_variable()
    {
        var run = await Run.CliAsync(["spec", "pull", "--image", "linux_latest"]);
        AssertOneLineError(run, "error: no API key: the environment variable AGENTBAY_API_KEY is not set");
        var other = await Run.CliAsync(["spec", "pull", "--image", "linux_latest", "--api-key-env", "MY_KEY"], new Dictionary<string, string> { ["AGENTBAY_API_KEY"] = Key });
        AssertOneLineError(other, "the environment variable MY_KEY is not set");
    }

    [Fact]
    public async Task An_unreachable_endpoint_is_named()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there any more

        var run = await Run.CliAsync(["spec", "pull", "--image", "linux_latest", "--endpoint", $"http://127.0.0.1:{port}"], Run.Key(Key));
        AssertOneLineError(run, $"error: could not create a session with image 'linux_latest' at http://127.0.0.1:{port}: the endpoint is unreachable");
    }

    [Fact]
    public async Task An_invalid_endpoint_is_named()
    {
        var run = await Run.CliAsync(["spec", "pull", "--image", "linux_latest", "--endpoint", "ftp://x"], Run.Key(Key));
        AssertOneLineError(run, "error: invalid endpoint 'ftp://x'");
    }

    [Fact]
    public async Task An_unknown_image_is_named_and_nothing_is_left_behind()
    {
        var service = new FakeService((action, _) => action == "CreateMcpSession"
            ? (HttpStatusCode.OK, Refused("InvalidImageId.NotFound", "The image nope_latest does not exist."))
            : (HttpStatusCode.OK, Ok("null")));
        using var http = new HttpMessageInvoker(service);
        var run = await Run.CliAsync(["spec", "pull", "--image", "nope_latest", "--endpoint", "http://fake"], Run.Key(Key), http);
        AssertOneLineError(run, "error: could not create a session with image 'nope_latest' at http://fake: [InvalidImageId.NotFound] The image nope_latest does not exist.");
        Assert.Equal(["CreateMcpSession"], service.Actions);
    }

    [Fact]
    public async Task An_image_without_tools_is_an_error_and_the_session_is_deleted()
    {
        var service = new FakeService((action, _) => action == "CreateMcpSession"
            ? (HttpStatusCode.OK, Ok("""{"SessionId":"session-1"}"""))
            : (HttpStatusCode.OK, Ok("\"[]\"")));
        using var http = new HttpMessageInvoker(service);
        var run = await Run.CliAsync(["spec", "pull", "--image", "odd_image", "--endpoint", "http://fake"], Run.Key(Key), http);
        AssertOneLineError(run, "error: image 'odd_image' lists no tools at http://fake (is the image id right?)");
        Assert.Equal(["CreateMcpSession", "ListMcpTools", "DeleteSessionAsync"], service.Actions);
    }

    [Fact]
    public async Task A_failed_listing_still_deletes_the_session_and_the_key_is_never_echoed()
    {
        var service = new FakeService((action, form) => action switch
        {
            "CreateMcpSession" => (HttpStatusCode.OK, Ok("""{"SessionId":"session-1"}""")),
            // A server that echoes what it was sent, key included.
            "ListMcpTools" => (HttpStatusCode.BadRequest, $$"""{"RequestId":"r","Code":"InvalidParameter","Message":"bad request {{Uri.UnescapeDataString(form.Replace('+', ' '))}}"}"""),
            _ => (HttpStatusCode.OK, Ok("null")),
        });
        using var http = new HttpMessageInvoker(service);
        var run = await Run.CliAsync(["spec", "pull", "--image", "linux_latest", "--endpoint", "http://fake"], Run.Key(Key), http);
        AssertOneLineError(run, "error: could not list the tools of image 'linux_latest' at http://fake:");
        Assert.Equal(["CreateMcpSession", "ListMcpTools", "DeleteSessionAsync"], service.Actions);
    }

    [Fact]
    public async Task A_refused_key_is_reported()
    {
        var service = new FakeService((_, _) => (HttpStatusCode.Unauthorized, """{"RequestId":"r","Code":"InvalidApiKey.Invalid","Message":"Invalid API key"}"""));
        using var http = new HttpMessageInvoker(service);
        var run = await Run.CliAsync(["spec", "pull", "--image", "linux_latest", "--endpoint", "http://fake"], Run.Key(Key), http);
        AssertOneLineError(run, "the API key was refused");
    }

    [Fact]
    public async Task A_tool_list_that_is_not_json_is_an_error_after_cleanup()
    {
        var service = new FakeService((action, _) => action switch
        {
            "CreateMcpSession" => (HttpStatusCode.OK, Ok("""{"SessionId":"session-1"}""")),
            "ListMcpTools" => (HttpStatusCode.OK, Ok("\"[{not json\"")),
            _ => (HttpStatusCode.OK, Ok("null")),
        });
        using var http = new HttpMessageInvoker(service);
        var run = await Run.CliAsync(["spec", "pull", "--image", "linux_latest", "--endpoint", "http://fake"], Run.Key(Key), http);
        AssertOneLineError(run, "error: the tool list is not valid JSON");
        Assert.Equal("DeleteSessionAsync", service.Actions.Last());
    }

    [Fact]
    public async Task A_given_session_is_used_and_not_deleted()
    {
        var service = new FakeService((action, _) => (HttpStatusCode.OK, Ok("\"[{\\\"name\\\":\\\"t\\\",\\\"server\\\":\\\"s\\\",\\\"inputSchema\\\":{}}]\"")));
        using var http = new HttpMessageInvoker(service);
        var run = await Run.CliAsync(["spec", "pull", "--image", "linux_latest", "--endpoint", "http://fake", "--session", "session-9"], Run.Key(Key), http);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["ListMcpTools"], service.Actions);
        Assert.Contains("  t:\n    server: s\n    method: T\n    result: text\n", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], "Usage:")]
    [InlineData(new[] { "frobnicate" }, "error: unknown command 'frobnicate'")]
    [InlineData(new[] { "spec" }, "error: spec needs a subcommand: pull or diff")]
    [InlineData(new[] { "spec", "pull" }, "error: --image is required")]
    [InlineData(new[] { "spec", "pull", "--image" }, "error: --image needs a value")]
    [InlineData(new[] { "spec", "pull", "--image", "x", "--bogus" }, "error: unknown option '--bogus'")]
    [InlineData(new[] { "spec", "diff", "--image", "x" }, "error: spec diff needs the spec FILE to compare")]
    public async Task Usage_errors_exit_with_2(string[] args, string expected)
    {
        var run = await Run.CliAsync(args, Run.Key(Key));
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(expected, run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_of_a_missing_file_is_an_error()
    {
        var run = await Run.CliAsync(["spec", "diff", "/nonexistent/x.agentbay.yaml", "--image", "x"], Run.Key(Key));
        AssertOneLineError(run, "error: could not read '/nonexistent/x.agentbay.yaml'");
    }

    [Fact]
    public async Task Help_exits_with_0()
    {
        var run = await Run.CliAsync(["--help"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("agentbay spec pull --image IMAGE", run.Stdout, StringComparison.Ordinal);
    }
}
