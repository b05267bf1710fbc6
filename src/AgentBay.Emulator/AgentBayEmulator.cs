using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using AgentBay.Emulator.Actions;
using AgentBay.Emulator.Contexts;
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
    private readonly ContextStore _contexts;
    private int _disposed;

    private AgentBayEmulator(
        WebApplication app, CancellationTokenSource stopping, SessionStore store, SessionLifecycle lifecycle, ContextStore contexts,
        string apiKey, string workDirectory, SandboxMode sandbox, string? sandboxFallback, X509Certificate2? certificate, EmulatorFaults faults)
    {
        Faults = faults;
        _app = app;
        _stopping = stopping;
        _store = store;
        _lifecycle = lifecycle;
        _contexts = contexts;
        ApiKey = apiKey;
        WorkDirectory = workDirectory;
        Sandbox = sandbox;
        SandboxFallbackReason = sandboxFallback;
        Certificate = certificate;
    }

    /// <summary>True when bubblewrap works on this machine (probed once per process).</summary>
    public static bool BubblewrapAvailable => SandboxProbe.BubblewrapUsable;

    /// <summary>Whether <paramref name="mode"/> works on this machine, and if not, what is missing (probed once per process).</summary>
    public static SandboxAvailability ProbeSandbox(SandboxMode mode) => SandboxProbe.Probe(mode);

    /// <summary>Base URL of the emulator, e.g. <c>http://127.0.0.1:43127</c> (no trailing slash).</summary>
    public string Endpoint { get; private set; } = string.Empty;

    /// <summary>The TCP port listened on.</summary>
    public int Port { get; private set; }

    /// <summary>The first accepted API key (the generated one when none was configured).</summary>
    public string ApiKey { get; }

    /// <summary>Number of live sessions (DELETING included, deleted ones not).</summary>
    public int SessionCount => _store.Count;

    /// <summary>The sandbox mode the session commands run in.</summary>
    public SandboxMode Sandbox { get; }

    /// <summary><c>bwrap</c>, <c>namespaces</c> or <c>none</c>: <see cref="Sandbox"/> as the command line and messages name it.</summary>
    public string SandboxName => SandboxModes.Name(Sandbox);

    /// <summary>
    /// When the mode was left to the machine and a better one does not work here: why (each better mode and what it
    /// lacks); otherwise null.
    /// </summary>
    public string? SandboxFallbackReason { get; }

    /// <summary>True when commands run in an OS sandbox (bubblewrap or namespaces); false in the none mode.</summary>
    public bool IsSandboxed => Sandbox != SandboxMode.None;

    /// <summary>The emulator's own temporary folder (session roots live below it); removed on dispose.</summary>
    public string WorkDirectory { get; }

    /// <summary>
    /// The folder holding the contexts: <see cref="EmulatorOptions.DataDirectory"/> (kept), or a folder inside
    /// <see cref="WorkDirectory"/> (removed on dispose).
    /// </summary>
    public string DataDirectory => _contexts.DataDirectory;

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
    /// <exception cref="InvalidOperationException">
    /// The sandbox mode asked for (by the options or <c>AGENTBAY_EMULATOR_SANDBOX</c>) does not work here; the message
    /// names what is missing and how to install it.
    /// </exception>
    /// <exception cref="FormatException"><c>AGENTBAY_EMULATOR_SANDBOX</c> holds an unknown mode.</exception>
    public static async Task<AgentBayEmulator> StartAsync(EmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmulatorOptions();
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException(
                "The AgentBay emulator runs on Linux (it uses /proc, process groups and setsid): on Windows run it in WSL 2, on macOS in a Linux VM or container.");
        }

        var address = LoopbackAddress.Parse(options.Host);
        if (options.ApiKeys.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("API keys must not be blank.", nameof(options));
        }

        if (options.MaxSessions < 1 || options.MaxRequestBodyBytes < 1 || options.MaxContextFileBytes < 1)
        {
            throw new ArgumentException("MaxSessions, MaxRequestBodyBytes and MaxContextFileBytes must be positive.", nameof(options));
        }

        var faults = new EmulatorFaults(options.Faults);

        var keys = options.ApiKeys.Count > 0 ? options.ApiKeys : ["akm-emulator-" + RandomNumberGenerator.GetHexString(24, lowercase: true)];
        var (sandbox, sandboxFallback) = ChooseSandbox(options.Sandbox);

        var instanceId = RandomNumberGenerator.GetHexString(12, lowercase: true);
        var workDirectory = Path.Combine(options.WorkRoot ?? Path.GetTempPath(), "agentbay-emulator-" + instanceId);
        Directory.CreateDirectory(Path.Combine(workDirectory, "sessions"));

        X509Certificate2? certificate = null;
        WebApplication? app = null;
        ContextStore? contextStore = null;
        AgentBayEmulator emulator;
        string source;
        ILogger log;
        try
        {
            if (options.UseHttps)
            {
                certificate = SelfSignedCertificate.Create();
                if (options.CertificateOutputPath is { } certificatePath)
                {
                    SelfSignedCertificate.WritePem(certificate, certificatePath);
                }
            }

            app = BuildHost(options, address, workDirectory, certificate);
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AgentBay.Emulator");
            var catalog = ToolCatalog.Load(options.ToolSpecPath, logger).WithCommandTools(options.CommandTools);
            var launcher = new CommandLauncher(sandbox, sandbox == SandboxMode.Namespaces ? SandboxProbe.NamespaceFlavor : null, workDirectory, instanceId);
            var store = new SessionStore(Path.Combine(workDirectory, "sessions"), options.MaxSessions, sandbox);
            contextStore = new ContextStore(
                options.DataDirectory is { } data ? Path.GetFullPath(data) : Path.Combine(workDirectory, "data"),
                persistent: options.DataDirectory is not null, options.TimeProvider, logger);
            var owners = keys.Select((key, i) => (Owner: $"key-{i + 1}", Id: contextStore.OwnerId(key)))
                .DistinctBy(o => o.Owner).ToDictionary(o => o.Owner, o => o.Id, StringComparer.Ordinal);
            var contexts = new ContextService(contextStore, store, owners, logger);
            var stopping = new CancellationTokenSource();
            var lifecycle = new SessionLifecycle(store, launcher, options, contexts, stopping.Token, logger);
            emulator = new AgentBayEmulator(app, stopping, store, lifecycle, contextStore, keys[0], workDirectory, sandbox, sandboxFallback, certificate, faults);
            var views = new SessionViews(catalog, () => emulator.Endpoint, contexts.SessionView);
            var transfers = new ContextTransfers(contextStore, options.TimeProvider, () => emulator.Endpoint, options.MaxContextFileBytes, logger);
            var actions = ActionTable.Create(
                new SessionActions(store, views, contexts),
                new LifecycleActions(store, lifecycle),
                new ToolActions(store, catalog, new ToolDispatcher(catalog, logger, options.CommandTools), launcher),
                new ContextActions(store, contexts, transfers));
            var router = new ActionRouter(keys, actions, stopping.Token, logger, new FaultInjector(faults, logger), options.MaxRequestBodyBytes);

            // The presigned context file URLs live on the same host; everything else is the action endpoint.
            app.Run(http => http.Request.Path.Value?.StartsWith(ContextTransfers.RoutePrefix, StringComparison.Ordinal) == true
                ? transfers.HandleAsync(http, stopping.Token)
                : router.HandleAsync(http));
            source = catalog.Source;
            log = logger;
        }
        catch
        {
            // Nothing started yet: a bad tool spec or certificate path must not leave the work folder behind.
            if (app is not null)
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }

            certificate?.Dispose();
            contextStore?.Dispose();
            Directory.Delete(workDirectory, recursive: true);
            throw;
        }

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
        if (sandbox == SandboxMode.None)
        {
            log.LogWarning(
                "No OS sandbox ({Reason}): commands run on the real file system with the session's paths rewritten; "
                + "the emulator is a development tool, not a security boundary.",
                sandboxFallback ?? "sandbox none was asked for");
        }
        else if (sandboxFallback is not null)
        {
            log.LogInformation("Sandbox {Sandbox}, because {Reason}", SandboxModes.Name(sandbox), sandboxFallback);
        }

        log.LogInformation(
            "AgentBay emulator listening on {Endpoint}; sandbox: {Sandbox}; tools: {ToolSource}; {KeyCount} API key(s)",
            emulator.Endpoint, SandboxModes.Name(sandbox), source, keys.Count);
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
            _contexts.Dispose();
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

    /// <summary>
    /// The mode to run in: the one asked for (the options, else <c>AGENTBAY_EMULATOR_SANDBOX</c>), which must work
    /// here, or with Auto the best that works, with why the better ones were passed over.
    /// </summary>
    private static (SandboxMode Mode, string? Fallback) ChooseSandbox(SandboxPreference preference)
    {
        if (preference == SandboxPreference.Auto
            && Environment.GetEnvironmentVariable(SandboxModes.EnvironmentVariable) is { Length: > 0 } named)
        {
            preference = SandboxModes.Parse(named, SandboxModes.EnvironmentVariable);
        }

        SandboxMode? required = preference switch
        {
            SandboxPreference.Bubblewrap => SandboxMode.Bubblewrap,
            SandboxPreference.Namespaces => SandboxMode.Namespaces,
            SandboxPreference.None => SandboxMode.None,
            _ => null,
        };
        if (required is { } mode)
        {
            var availability = SandboxProbe.Probe(mode);
            return availability.IsAvailable
                ? (mode, null)
                : throw new InvalidOperationException($"The emulator's sandbox '{SandboxModes.Name(mode)}' was asked for but does not work here: {availability.Detail}.");
        }

        var passedOver = new List<string>();
        foreach (var candidate in new[] { SandboxMode.Bubblewrap, SandboxMode.Namespaces, SandboxMode.None })
        {
            var availability = SandboxProbe.Probe(candidate);
            if (availability.IsAvailable)
            {
                return (candidate, passedOver.Count == 0 ? null : string.Join("; ", passedOver));
            }

            passedOver.Add($"{SandboxModes.Name(candidate)}: {availability.Detail}");
        }

        throw new PlatformNotSupportedException("The AgentBay emulator cannot run session commands here: " + string.Join("; ", passedOver) + ".");
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
