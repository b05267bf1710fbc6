using System;
using System.Collections.Generic;
using AgentBay.Generators.Binding;
using AgentBay.Generators.Diagnostics;
using AgentBay.Generators.Emit;
using AgentBay.Generators.Model;
using AgentBay.Generators.Spec.Syntax;
using AgentBay.Generators.Validation;

namespace AgentBay.Generators;

/// <summary>A type or member a spec file generates, for finding two files that generate the same one.</summary>
internal sealed record Declaration(string Name, string FilePath, SpecLocation Location);

/// <summary>
/// What one spec file yields: its diagnostics, its emit units (none when it has errors), its declarations, and the units
/// of its tools as Microsoft.Extensions.AI functions (emitted only when the compilation references AgentBay.Generated.AI).
/// </summary>
internal sealed record SpecCompilation(
    EquatableArray<DiagnosticInfo> Diagnostics,
    EquatableArray<EmitUnit> Units,
    EquatableArray<Declaration> Declarations,
    EquatableArray<AIToolUnit>? AITools = null)
{
    /// <summary>The AI function units; empty when the spec has errors or no tools.</summary>
    public EquatableArray<AIToolUnit> AIToolUnits => AITools ?? EquatableArray<AIToolUnit>.Empty;
}

/// <summary>Runs the stages for one spec file: read → bind → validate → lower. Never throws.</summary>
internal static class SpecCompiler
{
    public static SpecCompilation Compile(string filePath, string? text, string? namespaceOverride = null)
    {
        try
        {
            return CompileCore(filePath, text, namespaceOverride);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A bug of ours must not break the user's build silently (CS8785 with no output): say what happened, where.
            var diagnostic = DiagnosticInfo.Create(SpecDiagnostics.GeneratorFailure.Id, SpecLocation.FileStart(filePath), filePath,
                exception.GetType().Name + ": " + exception.Message.TrimEnd('.'));
            return new SpecCompilation(new EquatableArray<DiagnosticInfo>(new[] { diagnostic }), EquatableArray<EmitUnit>.Empty, EquatableArray<Declaration>.Empty);
        }
    }

    /// <summary>Binds and validates without lowering; tests use it to look at the model.</summary>
    public static SpecModel? Bind(string filePath, string text, out List<DiagnosticInfo> diagnostics, string? namespaceOverride = null) =>
        Bind(filePath, text, out diagnostics, namespaceOverride, out _);

    /// <summary>Binds and validates, handing back the bind's source map for locating declarations.</summary>
    private static SpecModel? Bind(string filePath, string text, out List<DiagnosticInfo> diagnostics, string? namespaceOverride, out BindingContext context)
    {
        context = new BindingContext(filePath, BindingContext.ExpectedNodes(text));
        diagnostics = context.Diagnostics;
        var read = SpecReader.Read(text, filePath);
        if (read.Error is { } error)
        {
            context.Report(SpecDiagnostics.SyntaxError, context.ToLocation(error.Range), error.Message);
            return null;
        }

        var model = SpecBinder.Bind(read.Root!, context);
        if (model is not null && namespaceOverride is not null)
        {
            model = model with { Namespace = namespaceOverride };
        }

        if (model is not null && !context.HasErrors)
        {
            SpecValidator.Validate(model, context);
        }

        return model;
    }

    private static SpecCompilation CompileCore(string filePath, string? text, string? namespaceOverride)
    {
        if (text is null)
        {
            var unreadable = DiagnosticInfo.Create(SpecDiagnostics.SyntaxError.Id, SpecLocation.FileStart(filePath), "the file could not be read");
            return new SpecCompilation(new EquatableArray<DiagnosticInfo>(new[] { unreadable }), EquatableArray<EmitUnit>.Empty, EquatableArray<Declaration>.Empty);
        }

        var model = Bind(filePath, text, out var diagnostics, namespaceOverride, out var context);
        if (model is null || diagnostics.Count > 0)
        {
            return new SpecCompilation(EquatableArray.From(diagnostics), EquatableArray<EmitUnit>.Empty, EquatableArray<Declaration>.Empty);
        }

        var units = SpecLowering.Lower(model);
        return new SpecCompilation(EquatableArray<DiagnosticInfo>.Empty, units, Declare(filePath, context, units),
            AIFunctionLowering.Lower(model, SpecLowering.TypesOf(model)));
    }

    private static EquatableArray<Declaration> Declare(string filePath, BindingContext context, EquatableArray<EmitUnit> units)
    {
        // The bind's source map locates declarations, so a valid spec's units stay free of positions without reading the
        // spec a second time.
        var declarations = new List<Declaration>();
        foreach (var unit in units)
        {
            var path = unit switch
            {
                EnumUnit enumUnit => "enums." + enumUnit.Enum.Name,
                RecordUnit recordUnit => "records." + recordUnit.Record.Name,
                ClientUnit => "client.class",
                SessionUnit => "session.class",
                GroupUnit groupUnit => (groupUnit.SessionIdWire is null ? "client" : "session") + ".groups." + groupUnit.Group.Key + ".class",
                ToolsClassUnit => "session.tools",
                ToolUnit toolUnit => "tools." + toolUnit.Tool.Name,
                _ => "",
            };
            var location = path.StartsWith("enums.", StringComparison.Ordinal) || path.StartsWith("records.", StringComparison.Ordinal) || path.StartsWith("tools.", StringComparison.Ordinal)
                ? context.KeyLocationOf(path)
                : context.LocationOf(path);
            declarations.Add(new Declaration(unit.HintName, filePath, location));
        }

        return EquatableArray.From(declarations);
    }
}
