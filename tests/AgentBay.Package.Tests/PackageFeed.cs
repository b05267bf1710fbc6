using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Xunit;

namespace AgentBay.Package.Tests;

/// <summary>
/// Packs the packages (AgentBay.Generated, AgentBay.Generated.AI, and the AgentBay.Emulator and AgentBay.Cli tools) once per test run into a temporary local feed. Each run uses a unique prerelease version, so
/// the NuGet cache can never hand a consumer the bits of an earlier run.
/// </summary>
public sealed class PackageFeed : IAsyncLifetime
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "agentbay-feed-" + Guid.NewGuid().ToString("N")[..8]);

    public string Version { get; } = "0.1.0-t" + DateTime.UtcNow.ToString("yyyyMMddHHmmss") + Random.Shared.Next(1000, 9999);

    public string GeneratedPackage => Path.Combine(Directory, $"AgentBay.Generated.{Version}.nupkg");

    public string EmulatorPackage => Path.Combine(Directory, $"AgentBay.Emulator.{Version}.nupkg");

    public string AIPackage => Path.Combine(Directory, $"AgentBay.Generated.AI.{Version}.nupkg");

    public string CliPackage => Path.Combine(Directory, $"AgentBay.Cli.{Version}.nupkg");

    public TimeSpan PackTime { get; private set; }

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var watch = Stopwatch.StartNew();
        foreach (var project in new[]
                 {
                     "src/AgentBay.Runtime/AgentBay.Runtime.csproj", "src/AgentBay.Emulator/AgentBay.Emulator.csproj",
                     "src/AgentBay.Runtime.AI/AgentBay.Runtime.AI.csproj", "src/AgentBay.Cli/AgentBay.Cli.csproj",
                 })
        {
            (await CommandLine.DotnetAsync($"pack {project} -c Release -o \"{Directory}\" -p:Version={Version} -nologo", CommandLine.RepoRoot))
                .EnsureSuccess("dotnet pack " + project);
        }

        PackTime = watch.Elapsed;
    }

    /// <summary>A nuget.config that adds this feed to the machine's usual sources.</summary>
    public void WriteNuGetConfig(string directory) => File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <add key="agentbay-local" value="{Directory}" />
          </packageSources>
        </configuration>
        """);

    public Task DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackageFeed>
{
    public const string Name = "packages";
}
