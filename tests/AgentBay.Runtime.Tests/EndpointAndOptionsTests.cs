using System;
using System.Collections.Generic;
using System.Net.Http;

namespace AgentBay.Runtime.Tests;

public class EndpointAndOptionsTests
{
    private static Uri BaseAddress(string? endpoint)
    {
        using var transport = new AgentBayTransport(new AgentBayOptions { ApiKey = "k-123456", Endpoint = endpoint },
            TestSupport.Service, new HttpClient(new StubHandler()));
        return transport.BaseAddress;
    }

    [Theory]
    [InlineData(null, "https://wuyingai.cn-shanghai.aliyuncs.com/")]
    [InlineData("wuyingai.ap-southeast-1.aliyuncs.com", "https://wuyingai.ap-southeast-1.aliyuncs.com/")]
    [InlineData("127.0.0.1:8443", "https://127.0.0.1:8443/")]
    [InlineData(" localhost:9000 ", "https://localhost:9000/")]
    [InlineData("[::1]:8443", "https://[::1]:8443/")]
    [InlineData("http://127.0.0.1:8080", "http://127.0.0.1:8080/")]
    [InlineData("https://emulator.local/", "https://emulator.local/")]
    [InlineData("http://localhost:5000/agentbay", "http://localhost:5000/agentbay/")]
    public void Endpoint_forms_resolve_to_a_base_address(string? endpoint, string expected)
    {
        Assert.Equal(expected, BaseAddress(endpoint).AbsoluteUri);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("host/with/path")]
    [InlineData("ftp://example.com")]
    [InlineData("http://host:8080/?x=1")]
    [InlineData("host:notaport")]
    [InlineData("two words")]
    [InlineData("user@host")]
    public void Invalid_endpoints_are_rejected_by_name(string endpoint)
    {
        var error = Assert.Throws<ArgumentException>(() => BaseAddress(endpoint));
        Assert.Contains($"'{endpoint.Trim()}'", error.Message);
    }

    [Fact]
    public void Requests_go_to_a_plain_http_endpoint_as_given()
    {
        var handler = new StubHandler().RespondJson(TestSupport.Envelope());
        using var transport = TestSupport.Transport(handler, endpoint: "http://127.0.0.1:8080");
        transport.SendAsync(new AgentBayRequest("GetSession"), async: false, default).EnsureCompleted();

        Assert.Equal("http://127.0.0.1:8080/", handler.LastRequest.Uri.GetLeftPart(UriPartial.Path));
    }

    [Fact]
    public void Missing_api_key_fails_with_the_sdk_message()
    {
        foreach (string? key in new[] { null, "", "  " })
        {
            var error = Assert.Throws<AuthenticationException>(
                () => new AgentBayTransport(new AgentBayOptions { ApiKey = key }, TestSupport.Service));
            Assert.Equal("API key is required. Provide it as a parameter or set the AGENTBAY_API_KEY environment variable", error.Message);
        }
    }

    [Fact]
    public void Transport_exposes_its_settings()
    {
        var clock = TestSupport.NewClock();
        var options = new AgentBayOptions { ApiKey = "k-123456", TimeProvider = clock };
        using var transport = new AgentBayTransport(options, TestSupport.Service);

        Assert.Same(options, transport.Options);
        Assert.Same(TestSupport.Service, transport.Service);
        Assert.Same(clock, transport.TimeProvider);
    }

    [Fact]
    public void Owned_transport_refuses_requests_after_dispose()
    {
        var transport = new AgentBayTransport(new AgentBayOptions { ApiKey = "k-123456" }, TestSupport.Service);
        transport.Dispose();
        transport.Dispose();
        Assert.Throws<ObjectDisposedException>(() => transport.SendAsync(new AgentBayRequest("X"), async: false, default));
    }

    [Fact]
    public void Options_default_to_the_sdk_values()
    {
        var options = new AgentBayOptions();
        Assert.Equal(TimeSpan.FromMilliseconds(60000), options.Timeout);
        Assert.Same(TimeProvider.System, options.TimeProvider);
        Assert.Null(options.ApiKey);
        Assert.Null(options.Endpoint);
        Assert.Null(options.RegionId);
    }

    [Fact]
    public void Options_are_read_from_variables()
    {
        var variables = new Dictionary<string, string>
        {
            ["AGENTBAY_API_KEY"] = "akm-from-env",
            ["AGENTBAY_ENDPOINT"] = "127.0.0.1:8443",
            ["AGENTBAY_TIMEOUT_MS"] = "1500",
            ["AGENTBAY_REGION_ID"] = "cn-hangzhou",
        };

        AgentBayOptions options = AgentBayOptions.FromEnvironment(name => variables.GetValueOrDefault(name));

        Assert.Equal("akm-from-env", options.ApiKey);
        Assert.Equal("127.0.0.1:8443", options.Endpoint);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), options.Timeout);
        Assert.Equal("cn-hangzhou", options.RegionId);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("-10")]
    [InlineData("0")]
    [InlineData("99999999999")]
    [InlineData("")]
    public void A_bad_timeout_variable_keeps_the_default(string value)
    {
        AgentBayOptions options = AgentBayOptions.FromEnvironment(name => name == "AGENTBAY_TIMEOUT_MS" ? value : null);
        Assert.Equal(TimeSpan.FromMilliseconds(60000), options.Timeout);
        Assert.Null(options.ApiKey);
    }

    [Fact]
    public void FromEnvironment_reads_the_process_environment()
    {
        // Only this test touches these variables, so it cannot race with others.
        string?[] saved = Array.ConvertAll(Variables, Environment.GetEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable("AGENTBAY_API_KEY", "akm-process-env");
            Environment.SetEnvironmentVariable("AGENTBAY_ENDPOINT", "http://127.0.0.1:9999");
            Environment.SetEnvironmentVariable("AGENTBAY_TIMEOUT_MS", "2500");
            Environment.SetEnvironmentVariable("AGENTBAY_REGION_ID", "ap-southeast-1");

            AgentBayOptions options = AgentBayOptions.FromEnvironment();

            Assert.Equal("akm-process-env", options.ApiKey);
            Assert.Equal("http://127.0.0.1:9999", options.Endpoint);
            Assert.Equal(TimeSpan.FromMilliseconds(2500), options.Timeout);
            Assert.Equal("ap-southeast-1", options.RegionId);

            Environment.SetEnvironmentVariable("AGENTBAY_TIMEOUT_MS", "soon");
            Environment.SetEnvironmentVariable("AGENTBAY_API_KEY", null);
            options = AgentBayOptions.FromEnvironment();
            Assert.Equal(TimeSpan.FromMilliseconds(60000), options.Timeout);
            Assert.Null(options.ApiKey);
        }
        finally
        {
            for (int i = 0; i < Variables.Length; i++)
            {
                Environment.SetEnvironmentVariable(Variables[i], saved[i]);
            }
        }
    }

    private static readonly string[] Variables = ["AGENTBAY_API_KEY", "AGENTBAY_ENDPOINT", "AGENTBAY_TIMEOUT_MS", "AGENTBAY_REGION_ID"];

    [Fact]
    public void Options_ToString_hides_the_key()
    {
        var options = new AgentBayOptions { ApiKey = TestSupport.ApiKey, Endpoint = "127.0.0.1:8443", RegionId = "cn-hangzhou" };
        string text = options.ToString();

        Assert.DoesNotContain(TestSupport.ApiKey, text);
        Assert.Contains("ApiKey = ***", text);
        Assert.Contains("Endpoint = 127.0.0.1:8443", text);
        Assert.Contains("Timeout = 60000 ms", text);
        Assert.Contains("RegionId = cn-hangzhou", text);
        Assert.Contains("ApiKey = (not set)", new AgentBayOptions().ToString());
    }
}
