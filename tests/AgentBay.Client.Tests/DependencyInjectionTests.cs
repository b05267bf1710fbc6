using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AgentBay;
using AgentBay.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit;

namespace AgentBay.Client.Tests;

/// <summary>services.AddAgentBay(...): IHttpClientFactory, options from configuration and code, request logging without the key.</summary>
public sealed class DependencyInjectionTests
{
    private static (ServiceProvider Provider, StubService Stub, CapturingLoggerProvider Logs) Build(Dictionary<string, string?> configuration, Action<AgentBayOptions>? configure = null)
    {
        var stub = new StubService();
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());
        services.AddLogging(builder => builder.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        services.AddAgentBay(configure).ConfigurePrimaryHttpMessageHandler(() => stub);
        return (services.BuildServiceProvider(), stub, logs);
    }

    [Fact]
    public async Task The_client_resolves_with_options_from_the_AgentBay_section_and_sends_through_the_factory()
    {
        var (provider, stub, _) = Build(new()
        {
            ["AgentBay:ApiKey"] = StubService.ApiKey,
            ["AgentBay:Endpoint"] = "http://stub.test",
            ["AgentBay:TimeoutMs"] = "1234",
            ["AgentBay:RegionId"] = "cn-shanghai",
        });
        using var _ = provider;
        stub.Reply("GetLabel", StubService.Ok("{\"Labels\":\"{}\"}"));

        var client = provider.GetRequiredService<AgentBayClient>();
        await new Session(client.Transport, "s-1").GetLabelsAsync();

        var options = provider.GetRequiredService<IOptions<AgentBayOptions>>().Value;
        Assert.Equal(TimeSpan.FromMilliseconds(1234), options.Timeout);
        Assert.Equal("cn-shanghai", options.RegionId);
        Assert.Equal("Bearer " + StubService.ApiKey, stub.Last("GetLabel").Form["Authorization"]);
    }

    [Fact]
    public void Code_configuration_wins_over_the_configuration_section()
    {
        var (provider, _, _) = Build(new() { ["AgentBay:ApiKey"] = "from-config", ["AgentBay:Endpoint"] = "http://config.test" },
            options => options.Endpoint = "http://code.test");
        using var _ = provider;

        var client = provider.GetRequiredService<AgentBayClient>();

        Assert.Equal("http://code.test/", client.Transport.BaseAddress.AbsoluteUri);
    }

    [Fact]
    public void A_bad_timeout_in_configuration_names_the_setting()
    {
        var (provider, _, _) = Build(new() { ["AgentBay:ApiKey"] = "k", ["AgentBay:TimeoutMs"] = "soon" });
        using var _ = provider;

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<AgentBayClient>());
        Assert.Contains("AgentBay:TimeoutMs", error.Message);
    }

    [Fact]
    public async Task Requests_are_logged_with_action_request_id_duration_and_outcome_but_never_the_key()
    {
        var (provider, stub, logs) = Build(new() { ["AgentBay:ApiKey"] = StubService.ApiKey, ["AgentBay:Endpoint"] = "http://stub.test" });
        using var _ = provider;
        stub.Reply("GetLabel", StubService.Ok("{\"Labels\":\"{}\"}"));
        stub.Reply("SyncContext", "{\"RequestId\":\"R-E\",\"Code\":\"Boom\",\"Message\":\"bad " + StubService.ApiKey + "\"}", System.Net.HttpStatusCode.InternalServerError);
        stub.Reply("DeleteSessionAsync", StubService.Ok()).Reply("GetSessionDetail", StubService.Ok("{\"Status\":\"FINISH\"}"));
        var session = new Session(provider.GetRequiredService<AgentBayClient>().Transport, "s-1");

        await session.GetLabelsAsync();
        await session.DeleteAsync(syncContext: true);

        var success = Assert.Single(logs.Messages, m => m.Contains("GetLabel succeeded"));
        Assert.Contains("REQ-1", success);
        Assert.Matches("in [0-9]+[.,][0-9] ms", success);
        Assert.Contains(logs.Messages, m => m.Contains("SyncContext failed") && m.Contains("R-E"));
        Assert.All(logs.Messages, m => Assert.DoesNotContain(StubService.ApiKey, m));
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Queue { get; } = new();

        public IReadOnlyList<string> Messages => Queue.ToList();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Queue.Enqueue($"{category} {logLevel}: {formatter(state, exception)} {exception}");
        }
    }
}
