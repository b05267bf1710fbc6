using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace AgentBay.Analyzers.Tests.Infrastructure;

/// <summary>References for test compilations without a network: the reference pack the installed SDK ships
/// (Microsoft.NETCore.App.Ref next to the running runtime), falling back to the running framework's own assemblies,
/// plus AgentBay.Runtime and its dependencies. The test framework's ReferenceAssemblies would download a package, which CI cannot do.</summary>
internal static class OfflineReferences
{
    /// <summary>A reference set with no package to resolve: the assemblies come from <see cref="All"/>.</summary>
    public static ReferenceAssemblies None { get; } = new ReferenceAssemblies("net10.0");

    public static ImmutableArray<MetadataReference> All { get; } = Load();

    private static ImmutableArray<MetadataReference> Load()
    {
        var framework = ReferencePack() ?? RunningFramework();
        return framework.Concat(RuntimeAndDependencies())
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }

    /// <summary>AgentBay.Runtime and the packages it uses (logging, HTTP, options...), as copied next to the tests: the
    /// generated client's signatures mention their types.</summary>
    private static IEnumerable<string> RuntimeAndDependencies()
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<AssemblyName>();
        pending.Push(typeof(AgentBay.Runtime.AgentBaySessionAttribute).Assembly.GetName());
        while (pending.Count > 0)
        {
            var path = Path.Combine(AppContext.BaseDirectory, pending.Pop().Name + ".dll");
            if (!File.Exists(path) || !found.Add(path))
            {
                continue;
            }

            foreach (var reference in Assembly.LoadFrom(path).GetReferencedAssemblies())
            {
                pending.Push(reference);
            }
        }

        return found;
    }

    private static string[]? ReferencePack()
    {
        // .../shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll -> .../packs/Microsoft.NETCore.App.Ref
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
        var packs = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
        if (!Directory.Exists(packs))
        {
            return null;
        }

        var major = Environment.Version.Major;
        var directory = Directory.GetDirectories(packs)
            .Select(version => Path.Combine(version, "ref", $"net{major}.0"))
            .Where(Directory.Exists)
            .OrderByDescending(path => path, StringComparer.Ordinal)
            .FirstOrDefault();
        return directory is null ? null : Directory.GetFiles(directory, "*.dll");
    }

    private static string[] RunningFramework() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal)
                || Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll" or "Microsoft.Win32.Primitives.dll")
            .ToArray();
}
