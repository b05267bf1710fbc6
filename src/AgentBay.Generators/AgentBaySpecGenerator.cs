using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using AgentBay.Generators.Diagnostics;
using AgentBay.Generators.Emit;
using AgentBay.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace AgentBay.Generators;

/// <summary>
/// Generates a typed AgentBay client from the project's <c>*.agentbay.yaml</c>, <c>*.agentbay.yml</c> and
/// <c>*.agentbay.json</c> additional files. The spec files are the only input: C# edits never re-run it.
/// </summary>
/// <summary>A spec file and the namespace the project asks for, if any.</summary>
internal sealed record SpecInput(AdditionalText File, string? NamespaceOverride);

[Generator(LanguageNames.CSharp)]
public sealed class AgentBaySpecGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // The options only contribute one string per file: an .editorconfig edit that does not change it leaves the
        // input equal (same AdditionalText, same string) and the spec is not parsed again.
        var specs = context.AdditionalTextsProvider
            .Where(static file => IsSpecFile(file.Path))
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, _) => new SpecInput(pair.Left, NamespaceOverride(pair.Right.GetOptions(pair.Left), pair.Right.GlobalOptions)))
            .WithTrackingName(TrackingNames.SpecFiles);

        var compiled = specs
            .Select(static (input, cancellationToken) =>
                SpecCompiler.Compile(input.File.Path, input.File.GetText(cancellationToken)?.ToString(), input.NamespaceOverride))
            .WithTrackingName(TrackingNames.Compile);

        var diagnostics = compiled
            .Select(static (compilation, _) => compilation.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (output, found) => Report(output, found));

        var duplicates = compiled
            .Select(static (compilation, _) => compilation.Declarations)
            .WithTrackingName(TrackingNames.Declarations)
            .Collect()
            .Select(static (all, _) => DuplicateDeclarations.Find(all))
            .WithTrackingName(TrackingNames.DuplicateTypes);
        context.RegisterSourceOutput(duplicates, static (output, found) => Report(output, found));

        var files = compiled
            .Select(static (compilation, _) => compilation.Units)
            .WithTrackingName(TrackingNames.Units)
            .SelectMany(static (units, _) => units)
            .WithTrackingName(TrackingNames.Unit)
            .Select(static (unit, _) => EmitSafely(unit))
            .WithTrackingName(TrackingNames.Emit)
            .Collect()
            .WithTrackingName(TrackingNames.GeneratedFiles);
        context.RegisterSourceOutput(files, static (output, generated) => AddSources(output, generated));

        // The tools as Microsoft.Extensions.AI functions, when the compilation references AgentBay.Generated.AI. The
        // compilation is reduced to one bool at once, so a C# edit re-runs only this lookup and leaves everything after
        // it cached; without the package the AI units are dropped here and the output is the same as before.
        var aiReferenced = context.CompilationProvider
            .Select(static (compilation, _) => compilation.GetTypeByMetadataName(AIFunctionLowering.FunctionTypeName) is not null)
            .WithTrackingName(TrackingNames.AIFunctionsReferenced);
        var aiTools = compiled
            .Select(static (compilation, _) => compilation.AIToolUnits)
            .Combine(aiReferenced)
            .Select(static (pair, _) => pair.Right ? pair.Left : EquatableArray<AIToolUnit>.Empty)
            .WithTrackingName(TrackingNames.AITools)
            .SelectMany(static (units, _) => units)
            .WithTrackingName(TrackingNames.AIToolUnit);
        var aiToolFiles = aiTools
            .Select(static (unit, _) => EmitSafely(unit))
            .WithTrackingName(TrackingNames.AIEmit)
            .Collect();
        var aiClassFiles = aiTools
            .Collect()
            .Select(static (all, _) => AIFunctionLowering.Classes(all))
            .WithTrackingName(TrackingNames.AIClasses)
            .SelectMany(static (units, _) => units)
            .Select(static (unit, _) => EmitSafely(unit))
            .Collect();
        var aiFiles = aiToolFiles
            .Combine(aiClassFiles)
            .Select(static (pair, _) => pair.Left.AddRange(pair.Right))
            .WithTrackingName(TrackingNames.AIGeneratedFiles);
        context.RegisterSourceOutput(aiFiles, static (output, generated) => AddSources(output, generated));
    }

    /// <summary>
    /// The namespace to generate into instead of the spec's: the spec file's <c>AgentBayNamespace</c> item metadata,
    /// else the project's <c>AgentBayNamespace</c> property (both made visible to the compiler by the package's props).
    /// </summary>
    private static string? NamespaceOverride(AnalyzerConfigOptions file, AnalyzerConfigOptions global)
    {
        if (file.TryGetValue("build_metadata.AdditionalFiles.AgentBayNamespace", out var perFile) && !string.IsNullOrWhiteSpace(perFile))
        {
            return perFile.Trim();
        }

        return global.TryGetValue("build_property.AgentBayNamespace", out var project) && !string.IsNullOrWhiteSpace(project) ? project.Trim() : null;
    }

    internal static bool IsSpecFile(string path) =>
        path.EndsWith(".agentbay.yaml", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".agentbay.yml", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".agentbay.json", StringComparison.OrdinalIgnoreCase);

    internal static GeneratedFile EmitSafely(EmitUnit unit)
    {
        try
        {
            return Emitter.Emit(unit);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return new GeneratedFile(unit.HintName, "", exception.GetType().Name + ": " + exception.Message.TrimEnd('.'));
        }
    }

    private static void AddSources(SourceProductionContext output, ImmutableArray<GeneratedFile> generated)
    {
        // Two spec files that generate the same type are reported (AGB1012); only the first one's file is added, since a
        // second AddSource with the same hint name would abort the whole generator.
        var added = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in generated)
        {
            if (file.Error is not null)
            {
                output.ReportDiagnostic(Diagnostic.Create(SpecDiagnostics.GeneratorFailure, Location.None, file.HintName, file.Error));
                continue;
            }

            if (added.Add(file.HintName))
            {
                output.AddSource(file.HintName, SourceText.From(file.Text, System.Text.Encoding.UTF8));
            }
        }
    }

    private static void Report(SourceProductionContext output, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (var info in diagnostics)
        {
            output.ReportDiagnostic(ToDiagnostic(info));
        }
    }

    internal static Diagnostic ToDiagnostic(DiagnosticInfo info)
    {
        var location = info.Location;
        var roslynLocation = Location.Create(
            location.FilePath,
            new TextSpan(location.Start, location.Length),
            new LinePositionSpan(new LinePosition(location.StartLine, location.StartColumn), new LinePosition(location.EndLine, location.EndColumn)));
        var arguments = new object[info.Arguments.Count];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = info.Arguments[i];
        }

        return Diagnostic.Create(SpecDiagnostics.Find(info.Id), roslynLocation, arguments);
    }
}
