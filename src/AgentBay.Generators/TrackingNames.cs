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
}
