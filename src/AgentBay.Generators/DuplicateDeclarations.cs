using System.Collections.Generic;
using System.Collections.Immutable;
using AgentBay.Generators.Diagnostics;
using AgentBay.Generators.Model;

namespace AgentBay.Generators;

/// <summary>Finds generated files (types, tool methods) that more than one spec file would produce.</summary>
internal static class DuplicateDeclarations
{
    public static EquatableArray<DiagnosticInfo> Find(ImmutableArray<EquatableArray<Declaration>> all)
    {
        var first = new Dictionary<string, Declaration>(System.StringComparer.OrdinalIgnoreCase);
        var found = new List<DiagnosticInfo>();
        foreach (var declarations in all)
        {
            foreach (var declaration in declarations)
            {
                if (!first.TryGetValue(declaration.Name, out var earlier))
                {
                    first.Add(declaration.Name, declaration);
                    continue;
                }

                if (earlier.FilePath != declaration.FilePath)
                {
                    found.Add(DiagnosticInfo.Create(SpecDiagnostics.DuplicateType.Id, declaration.Location, TypeName(declaration.Name), declaration.Location.FilePath, earlier.FilePath));
                }
            }
        }

        return EquatableArray.From(found);
    }

    /// <summary><c>AgentBay.SessionTools.Shell.g.cs</c> → <c>AgentBay.SessionTools.Shell</c>.</summary>
    private static string TypeName(string hintName) => hintName.EndsWith(".g.cs", System.StringComparison.Ordinal) ? hintName.Substring(0, hintName.Length - 5) : hintName;
}
