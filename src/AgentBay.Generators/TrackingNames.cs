namespace AgentBay.Generators;

/// <summary>Names of the pipeline steps, for incremental tests (trackIncrementalGeneratorSteps).</summary>
internal static class TrackingNames
{
    public const string SpecFiles = nameof(SpecFiles);
    public const string Compile = nameof(Compile);
    public const string Diagnostics = nameof(Diagnostics);
    public const string Declarations = nameof(Declarations);
    public const string DuplicateTypes = nameof(DuplicateTypes);
    public const string Units = nameof(Units);
    public const string Unit = nameof(Unit);
    public const string Emit = nameof(Emit);
    public const string GeneratedFiles = nameof(GeneratedFiles);

    /// <summary>Whether the compilation references AgentBay.Generated.AI: one bool, so C# edits leave it equal.</summary>
    public const string AIFunctionsReferenced = nameof(AIFunctionsReferenced);
    public const string AITools = nameof(AITools);
    public const string AIToolUnit = nameof(AIToolUnit);
    public const string AIEmit = nameof(AIEmit);
    public const string AIClasses = nameof(AIClasses);
    public const string AIGeneratedFiles = nameof(AIGeneratedFiles);
}
