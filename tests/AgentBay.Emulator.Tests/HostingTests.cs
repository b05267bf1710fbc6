using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using AgentBay.Emulator.Hosting;
using AgentBay.Emulator.Tests.Infrastructure;
using Xunit;

namespace AgentBay.Emulator.Tests;

/// <summary>Starting and stopping the emulator: loopback only, free ports, HTTPS, cleanup, command line.</summary>
public sealed class HostingTests
{
    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("192.168.1.10")]
    [InlineData("10.0.0.1")]
    [InlineData("example.com")]
    [InlineData("*")]
    public async Task NonLoopbackAddressesAreRefused(string host)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => AgentBayEmulator.StartAsync(new EmulatorOptions { Host = host, ApiKeys = ["k"] }));
        Assert.Contains($"'{host}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("loopback", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PortZeroPicksAFreePortAndAKeyIsGeneratedWhenNoneIsGiven()
    {
        await using var emulator = await AgentBayEmulator.StartAsync();
        Assert.Matches(@"^http://127\.0\.0\.1:\d+$", emulator.Endpoint);
        Assert.NotEqual(0, emulator.Port);
        Assert.StartsWith("akm-emulator-", emulator.ApiKey, StringComparison.Ordinal);
        using var http = new HttpClient();
        var client = new EmulatorClient(http, emulator.Endpoint, emulator.ApiKey);
        await client.CreateSessionAsync();
        Assert.Equal(1, emulator.SessionCount);
    }

    [Fact]
    public async Task Ipv6LoopbackWorks()
    {
        if (!Socket.OSSupportsIPv6)
        {
            return; // nothing to check on a machine without IPv6
        }

        await using var emulator = await AgentBayEmulator.StartAsync(new EmulatorOptions { Host = "::1", ApiKeys = ["k"] });
        Assert.StartsWith("http://[::1]:", emulator.Endpoint, StringComparison.Ordinal);
        using var http = new HttpClient();
        await new EmulatorClient(http, emulator.Endpoint, "k").OkAsync("ListSession");
    }

    [Fact]
    public async Task HttpsServesASelfSignedLoopbackCertificateWrittenAsPem()
    {
        var pem = Path.Combine(Path.GetTempPath(), "agentbay-cert-" + Guid.NewGuid().ToString("N"), "cert.pem");
        try
        {
            await using var emulator = await AgentBayEmulator.StartAsync(new EmulatorOptions { ApiKeys = ["k"], UseHttps = true, CertificateOutputPath = pem });
            Assert.StartsWith("https://127.0.0.1:", emulator.Endpoint, StringComparison.Ordinal);
            var text = File.ReadAllText(pem);
            Assert.StartsWith("-----BEGIN CERTIFICATE-----", text, StringComparison.Ordinal);
            Assert.DoesNotContain("PRIVATE KEY", text, StringComparison.Ordinal);

            using var trusted = X509Certificate2.CreateFromPem(text);
            var san = trusted.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
            Assert.Contains("localhost", san.EnumerateDnsNames());
            Assert.Contains(System.Net.IPAddress.Loopback, san.EnumerateIPAddresses());

            // Trust exactly that certificate, as a client given the PEM file would.
            using var handler = new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
                {
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(trusted);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return certificate is not null && chain.Build(certificate);
                },
            };
            using var http = new HttpClient(handler);
            await new EmulatorClient(http, emulator.Endpoint, "k").CreateSessionAsync();
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(pem)!, recursive: true);
        }
    }

    [Fact]
    public async Task DisposeKillsSessionProcessesAndDeletesFolders()
    {
        var marker = "dispose-" + Guid.NewGuid().ToString("N");
        var test = await TestEmulator.StartAsync();
        var workDirectory = test.Emulator.WorkDirectory;
        for (var i = 0; i < 2; i++)
        {
            var sessionId = await test.Client.CreateSessionAsync();
            await test.Client.ShellAsync(sessionId, $"nohup sh -c 'sleep 300; : {marker}' >/dev/null 2>&1 &");
        }

        await Poll.UntilAsync(() => Host.Pgrep(marker).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 2, "two background processes");
        await test.DisposeAsync();
        Assert.False(Directory.Exists(workDirectory));
        await Poll.UntilAsync(() => Host.Pgrep(marker).Length == 0, "the processes to die");
    }

    [Fact]
    public void CommandLineIsParsed()
    {
        var options = CommandLine.Parse(["--port", "9000", "--api-key", "a", "--api-key", "b", "--https", "--cert-out", "c.pem", "--sandbox", "none", "--delay-ms", "50"], "env-key");
        Assert.Equal(9000, options.Port);
        Assert.Equal(["a", "b"], options.ApiKeys);
        Assert.True(options.UseHttps);
        Assert.Equal("c.pem", options.CertificateOutputPath);
        Assert.Equal(SandboxPreference.None, options.Sandbox);
        Assert.Equal(TimeSpan.FromMilliseconds(50), options.PauseDelay);

        Assert.Equal(["env-key"], CommandLine.Parse([], "env-key").ApiKeys);
        Assert.Equal(8080, CommandLine.Parse([], null).Port);
        Assert.Throws<FormatException>(() => CommandLine.Parse(["--cert-out", "x.pem"], null));
        Assert.Throws<FormatException>(() => CommandLine.Parse(["--port", "abc"], null));
        Assert.Throws<FormatException>(() => CommandLine.Parse(["--bogus"], null));
        Assert.Throws<FormatException>(() => CommandLine.Parse(["--api-key"], null));
    }

    [Theory]
    [InlineData("auto", SandboxPreference.Auto)]
    [InlineData("bwrap", SandboxPreference.Bubblewrap)]
    [InlineData("bubblewrap", SandboxPreference.Bubblewrap)]
    [InlineData("namespaces", SandboxPreference.Namespaces)]
    [InlineData("NONE", SandboxPreference.None)]
    public void TheSandboxModeIsReadFromTheCommandLine(string name, SandboxPreference expected) =>
        Assert.Equal(expected, CommandLine.Parse(["--sandbox", name], null).Sandbox);

    [Fact]
    public void AnUnknownSandboxModeNamesTheChoices()
    {
        var error = Assert.Throws<FormatException>(() => CommandLine.Parse(["--sandbox", "docker"], null));
        Assert.Equal("--sandbox must be auto, bwrap, namespaces or none (got 'docker').", error.Message);
    }

    [Fact]
    public async Task AFailedStartLeavesNoWorkFolderBehind()
    {
        var root = Path.Combine(Path.GetTempPath(), "agentbay-start-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => AgentBayEmulator.StartAsync(new EmulatorOptions
            {
                ApiKeys = ["k"],
                WorkRoot = root,
                ToolSpecPath = Path.Combine(root, "no-such-spec.json"),
            }));
            Assert.Empty(Directory.GetFileSystemEntries(root));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
