using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using AgentBay.Emulator;
using AgentBay.Runtime;
using Xunit;

namespace AgentBay.AI.Tests;

/// <summary>Whatever goes wrong reaches the model as <c>{"error":"..."}</c>: the chat loop never sees an exception.</summary>
public sealed class ErrorTests(SessionFixture fixture) : IClassFixture<SessionFixture>
{
    [Fact]
    public async Task A_range_violation_is_the_typed_methods_message_with_the_name_the_model_sent()
    {
        var result = await fixture.Session.InvokeJsonAsync("shell", """{"command":"echo never","timeout_ms":999999}""");

        Assert.Equal("Invalid argument timeout_ms: timeout_ms must be in the range [1, 50000]; it was 999999.", result.Error());
        Assert.False(result.TryGetProperty("success", out _));
    }

    [Fact]
    public async Task A_range_violation_of_a_parameter_the_spec_renames_names_the_schema_s_argument()
    {
        // run_code's C# parameter is timeoutSeconds (a name: in the spec), not a camel-cased timeout_s.
        var result = await fixture.Session.InvokeJsonAsync("run_code", """{"code":"print(1)","language":"python","timeout_s":99999}""");

        Assert.StartsWith("Invalid argument timeout_s: timeout_s must be in the range", result.Error(), StringComparison.Ordinal);
        Assert.DoesNotContain("timeoutSeconds", result.Error(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_misspelt_argument_is_refused_with_the_names_the_tool_takes_and_nothing_runs()
    {
        var marker = "/tmp/ai-tests/misspelt-" + Guid.NewGuid().ToString("N")[..8];
        var result = await fixture.Session.InvokeJsonAsync("shell", "{\"command\":\"touch " + marker + "\",\"timeout\":1000}");

        Assert.Equal("Unknown argument 'timeout'; shell takes command, timeout_ms, cwd, envs.", result.Error());
        var probe = await fixture.Session.Tools.ShellAsync("test -e " + marker + " && echo ran || echo not-run");
        Assert.Equal("not-run", probe.Stdout?.Trim());
    }

    [Fact]
    public async Task A_schema_that_allows_other_names_takes_them_and_a_parameter_named_in_a_message_is_replaced_as_a_word()
    {
        var open = new AgentBay.Runtime.AI.AgentBayToolFunction("open", "any arguments",
            AgentBay.Runtime.AI.AgentBayToolFunction.ParseSchema("""{"type":"object","properties":{"path_list":{"type":"array"}},"additionalProperties":true}"""),
            (_, _) => throw new ArgumentException("pathList and pathListing differ", "pathList"),
            new Dictionary<string, string> { ["pathList"] = "path_list" });

        var result = Assert.IsType<System.Text.Json.JsonElement>(await open.InvokeAsync(new Microsoft.Extensions.AI.AIFunctionArguments { ["extra"] = 1 }));

        Assert.Equal("Invalid argument path_list: path_list and pathListing differ", result.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_value_outside_allowed_is_an_error()
    {
        var result = await fixture.Session.InvokeJsonAsync("write_file", """{"path":"/tmp/ai-tests/x.txt","content":"x","mode":"truncate"}""");

        Assert.Contains("mode must be one of overwrite, append, create_new; it was 'truncate'", result.Error(), StringComparison.Ordinal);
        var language = await fixture.Session.InvokeJsonAsync("run_code", """{"code":"1","language":"cobol"}""");
        Assert.Contains("language must be one of", language.Error(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_required_argument_is_named()
    {
        var result = await fixture.Session.InvokeJsonAsync("shell", """{"timeout_ms":1000}""");
        var nullCommand = await fixture.Session.InvokeJsonAsync("shell", """{"command":null}""");

        Assert.Equal("Missing required argument 'command'.", result.Error());
        Assert.Equal("Missing required argument 'command'.", nullCommand.Error());
    }

    [Theory]
    [InlineData("""{"command":"ls","timeout_ms":"soon"}""", "Argument 'timeout_ms' must be a 32-bit integer; it was \"soon\".")]
    [InlineData("""{"command":"ls","timeout_ms":1.5}""", "Argument 'timeout_ms' must be a 32-bit integer; it was 1.5.")]
    [InlineData("""{"command":"ls","timeout_ms":1e12}""", "Argument 'timeout_ms' must be a 32-bit integer; it was 1e12.")]
    [InlineData("""{"command":["ls"]}""", "Argument 'command' must be a string; it was [\"ls\"].")]
    [InlineData("""{"command":"ls","envs":[1]}""", "Argument 'envs' must be a JSON object; it was [1].")]
    public async Task A_value_of_the_wrong_type_is_an_error(string arguments, string error)
    {
        var result = await fixture.Session.InvokeJsonAsync("shell", arguments);

        Assert.Equal(error, result.Error());
    }

    [Fact]
    public async Task A_mistyped_record_list_is_an_error()
    {
        var result = await fixture.Session.InvokeJsonAsync("edit_file", """{"path":"/tmp/a","edits":{"oldText":"a"}}""");

        Assert.Equal("Argument 'edits' must be a JSON array; it was {\"oldText\":\"a\"}.", result.Error());
    }

    [Fact]
    public async Task An_unsupported_clr_value_is_an_error_not_an_exception()
    {
        var result = await fixture.Session.InvokeAsync("shell", new Dictionary<string, object?> { ["command"] = new object() });

        Assert.Equal("Argument 'command' must be a string; it was Object.", result.Error());
    }

    [Fact]
    public async Task A_transport_failure_is_an_error()
    {
        // A session whose service is gone: the call fails in the transport.
        var emulator = await AgentBayEmulator.StartAsync(new EmulatorOptions());
        using var client = new AgentBayClient(new AgentBayOptions
        {
            ApiKey = emulator.ApiKey,
            Endpoint = emulator.Endpoint,
            Timeout = TimeSpan.FromSeconds(5),
            Retry = new AgentBayRetryOptions { Enabled = false },
        });
        var created = await client.CreateAsync(new CreateSessionParams { ImageId = "linux_latest" });
        Assert.True(created.Success, created.ErrorMessage);
        // Not disposed: its service is stopped below, so there is nothing left to delete it from.
        var session = created.Session;
        var shell = session.Tools.AsAIFunctions("shell")[0];
        await emulator.DisposeAsync();

        var result = await shell.InvokeAsync(Calls.FromJson("""{"command":"echo gone"}"""));

        var element = Assert.IsType<System.Text.Json.JsonElement>(result);
        Assert.False(string.IsNullOrEmpty(element.Error()), element.GetRawText());
    }
}
