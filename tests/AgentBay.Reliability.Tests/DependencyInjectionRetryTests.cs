using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using AgentBay.Reliability.Tests.Infrastructure;
using AgentBay.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit;

namespace AgentBay.Reliability.Tests;

/// <summary>Retries apply to clients from services.AddAgentBay() too, configured from the AgentBay:Retry section or code.</summary>
public sealed class DependencyInjectionRetryTests
{
    private readonly DrivenClock _clock = FakeClock.New();

    private (ServiceProvider Provider, ScriptedService Service, LogCapture Logs) Build(Dictionary<string, string?> settings)
    {
        var service = new ScriptedService(_clock);
        var logs = new LogCapture();
        var services = new ServiceCollection();
        settings["AgentBay:ApiKey"] = Clients.ApiKey;
        settings["AgentBay:Endpoint"] = "http://scripted.test";
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging(builder => builder.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        services.AddAgentBay(options => options.TimeProvider = _clock).ConfigurePrimaryHttpMessageHandler(() => service);
        return (services.BuildServiceProvider(), service, logs);
    }

    [Fact]
    public async Task Clients_from_the_container_retry_by_default_and_log_each_retry_without_the_key()
    {
        var (provider, service, logs) = Build([]);
        using var _ = provider;
        service.On("GetSession", ScriptedService.Error(503, "ServiceUnavailable"), ScriptedService.Ok(Envelopes.Session("s-1")));
        var client = provider.GetRequiredService<AgentBayClient>();

        var result = await FakeClock.DriveAsync(_clock, () => client.GetAsync("s-1"));

        Assert.True(result.Success, result.ErrorMessage);
        Assert.Equal(2, service.Calls.Count);
        Assert.Contains(logs.Entries, e => e.Contains("AgentBay GetSession attempt 1 failed, retrying in", StringComparison.Ordinal));
        Assert.All(logs.Entries, e => Assert.DoesNotContain(Clients.ApiKey, e, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_configuration_section_sets_attempts_and_delays()
    {
        var (provider, service, _) = Build(new() { ["AgentBay:Retry:MaxAttempts"] = "5", ["AgentBay:Retry:BaseDelayMs"] = "0", ["AgentBay:Retry:MaxDelayMs"] = "0" });
        using var _ = provider;
        service.On("GetSession", ScriptedService.Error(503, "ServiceUnavailable"));
        var options = provider.GetRequiredService<IOptions<AgentBayOptions>>().Value;

        var result = await provider.GetRequiredService<AgentBayClient>().GetAsync("s-1");

        Assert.False(result.Success);
        Assert.Equal(5, service.Calls.Count);
        Assert.Equal(TimeSpan.Zero, options.Retry.MaxDelay);
    }

    [Fact]
    public async Task The_configuration_section_turns_retries_off()
    {
        var (provider, service, _) = Build(new() { ["AgentBay:Retry:Enabled"] = "false" });
        using var _ = provider;
        service.On("GetSession", ScriptedService.Error(503, "ServiceUnavailable"), ScriptedService.Ok(Envelopes.Session("s-1")));

        var result = await provider.GetRequiredService<AgentBayClient>().GetAsync("s-1");

        Assert.False(result.Success);
        Assert.Single(service.Calls);
    }

    [Theory]
    [InlineData("AgentBay:Retry:MaxAttempts", "many")]
    [InlineData("AgentBay:Retry:Enabled", "yes please")]
    [InlineData("AgentBay:Retry:BaseDelayMs", "-5")]
    public void A_bad_retry_setting_names_itself(string key, string value)
    {
        var (provider, _, _) = Build(new() { [key] = value });
        using var _ = provider;

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<AgentBayClient>());

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }
}
