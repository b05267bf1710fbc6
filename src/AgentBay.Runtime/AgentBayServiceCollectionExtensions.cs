using System;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentBay.Runtime;

/// <summary>Registers AgentBay clients with dependency injection and IHttpClientFactory.</summary>
public static class AgentBayServiceCollectionExtensions
{
    /// <summary>The configuration section options are bound from.</summary>
    public const string ConfigurationSection = "AgentBay";

    /// <summary>
    /// Registers <typeparamref name="TClient"/> as a typed HttpClient. Options come, later winning, from the environment
    /// (AGENTBAY_*), the <c>AgentBay</c> configuration section (ApiKey, Endpoint, TimeoutMs, RegionId, and
    /// Retry:Enabled, Retry:MaxAttempts, Retry:BaseDelayMs, Retry:MaxDelayMs) when an IConfiguration is registered, and
    /// <paramref name="configure"/>. Retries happen in the client's transport (<see cref="AgentBayOptions.Retry"/>); do not
    /// add a second retrying handler to the returned builder, or turn these retries off. Requests are logged through ILogger, never with
    /// the key; HttpClientFactory's own request logging is removed because one action carries the key in its query.
    /// </summary>
    /// <typeparam name="TClient">A generated client, e.g. AgentBayClient.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Settings in code, applied last.</param>
    /// <returns>The HttpClient builder, to add handlers (e.g. resilience) to.</returns>
    public static IHttpClientBuilder AddAgentBay<TClient>(this IServiceCollection services, Action<AgentBayOptions>? configure = null)
        where TClient : class, IAgentBayClient<TClient>
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<AgentBayOptions>()
            .Configure<IServiceProvider>(static (options, provider) =>
            {
                ApplyEnvironment(options);
                if (provider.GetService<IConfiguration>() is { } configuration)
                {
                    ApplyConfiguration(options, configuration.GetSection(ConfigurationSection));
                }
            });
        if (configure is not null)
        {
            services.Configure(configure);
        }

        return services.AddHttpClient<TClient, TClient>(CreateClient<TClient>)
            .RemoveAllLoggers()
            .ConfigureHttpClient(static client => client.Timeout = System.Threading.Timeout.InfiniteTimeSpan);
    }

    private static TClient CreateClient<TClient>(System.Net.Http.HttpClient httpClient, IServiceProvider provider)
        where TClient : class, IAgentBayClient<TClient>
    {
        var options = provider.GetRequiredService<IOptions<AgentBayOptions>>().Value;
        var logger = provider.GetService<ILoggerFactory>()?.CreateLogger("AgentBay.Transport");
        return TClient.Create(new AgentBayTransport(options, TClient.ServiceInfo, httpClient, logger));
    }

    private static void ApplyEnvironment(AgentBayOptions options)
    {
        var environment = AgentBayOptions.FromEnvironment();
        options.ApiKey = environment.ApiKey ?? options.ApiKey;
        options.Endpoint = environment.Endpoint ?? options.Endpoint;
        options.RegionId = environment.RegionId ?? options.RegionId;
        if (Environment.GetEnvironmentVariable(AgentBayOptions.TimeoutVariable) is not null)
        {
            options.Timeout = environment.Timeout;
        }
    }

    // Read by hand rather than with the configuration binder, which needs reflection (not trimming/AOT safe).
    private static void ApplyConfiguration(AgentBayOptions options, IConfiguration section)
    {
        options.ApiKey = section["ApiKey"] ?? options.ApiKey;
        options.Endpoint = section["Endpoint"] ?? options.Endpoint;
        options.RegionId = section["RegionId"] ?? options.RegionId;
        if (section["TimeoutMs"] is { } timeout)
        {
            options.Timeout = int.TryParse(timeout, NumberStyles.Integer, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds > 0
                ? TimeSpan.FromMilliseconds(milliseconds)
                : throw new OptionsValidationException(nameof(AgentBayOptions), typeof(AgentBayOptions),
                    new[] { $"{ConfigurationSection}:TimeoutMs must be a positive number of milliseconds; it was '{timeout}'." });
        }
        options.Retry ??= new AgentBayRetryOptions();
        ApplyRetryConfiguration(options.Retry, section.GetSection("Retry"));
    }

    private static void ApplyRetryConfiguration(AgentBayRetryOptions retry, IConfiguration section)
    {
        if (section["Enabled"] is { } enabled)
        {
            retry.Enabled = bool.TryParse(enabled, out bool value) ? value : throw Invalid("Retry:Enabled", "true or false", enabled);
        }
        if (section["MaxAttempts"] is { } attempts)
        {
            retry.MaxAttempts = ParseInteger(attempts, 1, "Retry:MaxAttempts", "a number of attempts from 1 to 10");
        }
        if (section["BaseDelayMs"] is { } baseDelay)
        {
            retry.BaseDelay = TimeSpan.FromMilliseconds(ParseInteger(baseDelay, 0, "Retry:BaseDelayMs", "a number of milliseconds"));
        }
        if (section["MaxDelayMs"] is { } maxDelay)
        {
            retry.MaxDelay = TimeSpan.FromMilliseconds(ParseInteger(maxDelay, 0, "Retry:MaxDelayMs", "a number of milliseconds"));
        }
    }

    private static int ParseInteger(string text, int minimum, string key, string expected)
        => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= minimum
            ? value
            : throw Invalid(key, expected, text);

    private static OptionsValidationException Invalid(string key, string expected, string text)
        => new(nameof(AgentBayOptions), typeof(AgentBayOptions), new[] { $"{ConfigurationSection}:{key} must be {expected}; it was '{text}'." });
}
