using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using AgentBay.Emulator.Actions;
using AgentBay.Emulator.Hosting;
using AgentBay.Emulator.Http;
using AgentBay.Emulator.Sandbox;
using AgentBay.Emulator.Sessions;
using AgentBay.Emulator.Tools;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentBay.Emulator;

/// <summary>
/// A local AgentBay service on loopback that speaks the real wire protocol and runs real sessions (a private
/// folder and sandboxed processes each). Start it with <see cref="StartAsync"/>; disposing it kills every process
/// it started and deletes every folder it created.
/// </summary>
public sealed class AgentBayEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping;
    private readonly SessionStore _store;
    private readonly SessionLifecycle _lifecycle;
    private int _disposed;

    private AgentBayEmulator(
        WebApplication app, CancellationTokenSource stopping, SessionStore store, SessionLifecycle lifecycle,
        string apiKey, string workDirectory, bool sandboxed, X509Certificate2? certificate, EmulatorFaults faults)
    {
        Faults = faults;
        _app = app;
        _stopping = stopping;
        _store = store;
        _lifecycle = lifecycle;
        ApiKey = apiKey;
        WorkDirectory = workDirectory;
        IsSandboxed = sandboxed;
        Certificate = certificate;
    }

    /// <summary>True when bubblewrap works on this machine (probed once per process).</summary>
    public static bool BubblewrapAvailable => SandboxProbe.BubblewrapUsable;

    /// <summary>Base URL of the emulator, e.g. <c>http://127.0.0.1:43127</c> (no trailing slash).</summary>
    public string Endpoint { get; private set; } = string.Empty;

    /// <summary>The TCP port listened on.</summary>
    public int Port { get; private set; }

    /// <summary>The first accepted API key (the generated one when none was configured).</summary>
    public string ApiKey { get; }

    /// <summary>Number of live sessions (DELETING included, deleted ones not).</summary>
    public int SessionCount => _store.Count;

    /// <summary>True when shell commands run in a bubblewrap sandbox; false in the direct fallback mode.</summary>
    public bool IsSandboxed { get; }

    /// <summary>The emulator's own temporary folder (session roots live below it); removed on dispose.</summary>
    public string WorkDirectory { get; }

    /// <summary>With HTTPS: the self-signed certificate served (public part); otherwise null.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>The fault mode: on when <see cref="EmulatorOptions.Faults"/> has rules; can be switched and inspected.</summary>
    public EmulatorFaults Faults { get; }

    /// <summary>Starts an emulator and returns once it accepts connections.</summary>
    /// <param name="options">Settings; null for the defaults (free port, generated key).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="ArgumentException">
    /// The host is not a loopback address (refused before anything is bound), an API key is blank, a limit is not
    /// positive, or the fault rules are invalid.
    /// </exception>
    /// <exception cref="PlatformNotSupportedException">Not Linux.</exception>
    /// <exception cref="InvalidOperationException">Bubblewrap was required but does not work here.</exception>
    public static async Task<AgentBayEmulator> StartAsync(EmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmulatorOptions();
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The AgentBay emulator runs on Linux (it uses /proc, process groups and bubblewrap).");
        }

        var address = LoopbackAddress.Parse(options.Host);
        if (options.ApiKeys.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("API keys must not be blank.", nameof(options));
        }

        if (options.MaxSessions < 1 || options.MaxRequestBodyBytes < 1)
        {
            throw new ArgumentException("MaxSessions and MaxRequestBodyBytes must be positive.", nameof(options));
        }

        var faults = new EmulatorFaults(options.Faults);

        var keys = options.ApiKeys.Count > 0 ? options.ApiKeys : ["akm-emulator-" + RandomNumberGenerator.GetHexString(24, lowercase: true)];
        var sandboxed = options.Sandbox switch
        {
            SandboxPreference.None => false,
            SandboxPreference.Bubblewrap => SandboxProbe.BubblewrapUsable
                ? true
                : throw new InvalidOperationException("Bubblewrap was required but does not work here: " + SandboxProbe.Detail),
            _ => SandboxProbe.BubblewrapUsable,
        };

        var instanceId = RandomNumberGenerator.GetHexString(12, lowercase: true);
        var workDirectory = Path.Combine(options.WorkRoot ?? Path.GetTempPath(), "agentbay-emulator-" + instanceId);
        Directory.CreateDirectory(Path.Combine(workDirectory, "sessions"));

        X509Certificate2? certificate = null;
        if (options.UseHttps)
        {
            certificate = SelfSignedCertificate.Create();
            if (options.CertificateOutputPath is { } certificatePath)
            {
                SelfSignedCertificate.WritePem(certificate, certificatePath);
            }
        }

        var app = BuildHost(options, address, workDirectory, certificate);
        var stopping = new CancellationTokenSource();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AgentBay.Emulator");
        var catalog = ToolCatalog.Load(options.ToolSpecPath, logger);
        var launcher = new CommandLauncher(sandboxed, workDirectory, instanceId);
        var store = new SessionStore(Path.Combine(workDirectory, "sessions"), options.MaxSessions);
        var lifecycle = new SessionLifecycle(store, launcher, options, stopping.Token, logger);
        var emulator = new AgentBayEmulator(app, stopping, store, lifecycle, keys[0], workDirectory, sandboxed, certificate, faults);
        var views = new SessionViews(catalog, () => emulator.Endpoint);
        var actions = ActionTable.Create(
            new SessionActions(store, views),
            new LifecycleActions(store, lifecycle),
            new ToolActions(store, catalog, new ToolDispatcher(catalog, logger, options.CommandTools), launcher),
            new ContextActions(store));
        var router = new ActionRouter(keys, actions, stopping.Token, logger, new FaultInjector(faults, logger), options.MaxRequestBodyBytes);
        app.Run(router.HandleAsync);

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await emulator.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        emulator.Port = bound.Port;
        emulator.Endpoint = $"{(certificate is null ? "http" : "https")}://{LoopbackAddress.ForUrl(address)}:{bound.Port}";
        if (!sandboxed)
        {
            logger.LogWarning(
                "No sandbox ({Reason}): shell commands see the real file system; the emulator is a development tool, not a security boundary.",
                options.Sandbox == SandboxPreference.None ? "disabled by configuration" : SandboxProbe.Detail);
        }

        logger.LogInformation(
            "AgentBay emulator listening on {Endpoint}; sandbox: {Sandbox}; tools: {ToolSource}; {KeyCount} API key(s)",
            emulator.Endpoint, sandboxed ? "bubblewrap" : "none", catalog.Source, keys.Count);
        return emulator;
    }

    /// <summary>Stops the server, kills every process of every session and deletes the emulator's folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.StopAll();
            await _app.DisposeAsync().ConfigureAwait(false);
            _stopping.Dispose();
            Certificate?.Dispose();
            try
            {
                Directory.Delete(WorkDirectory, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
                // already gone
            }
        }
    }

    private static WebApplication BuildHost(EmulatorOptions options, IPAddress address, string workDirectory, X509Certificate2? certificate)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(AgentBayEmulator).Assembly.GetName().Name,
            ContentRootPath = workDirectory, // no appsettings.json from whatever the current directory is
            EnvironmentName = Environments.Production,
        });
        builder.Logging.ClearProviders();
        options.ConfigureLogging?.Invoke(builder.Logging);

        // Hosting logs full request URLs at Information, and SyncContext carries the API key in its query string.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.Services.AddSingleton<IHostLifetime, PassiveLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        if (certificate is not null)
        {
            builder.WebHost.UseKestrelHttpsConfiguration();
        }

        // One body limit for Kestrel (chunked bodies) and the form reader (whose own per-value limit is 4 MiB).
        builder.Services.Configure<FormOptions>(form =>
        {
            form.ValueLengthLimit = (int)Math.Min(int.MaxValue, options.MaxRequestBodyBytes);
            form.BufferBodyLengthLimit = options.MaxRequestBodyBytes;
        });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            kestrel.Listen(address, options.Port, listen =>
            {
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
        });
        return builder.Build();
    }
}
