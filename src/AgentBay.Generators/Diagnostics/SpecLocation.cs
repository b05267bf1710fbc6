namespace AgentBay.Generators.Diagnostics;

/// <summary>A position in a spec file, kept as plain values so diagnostics can flow through the incremental pipeline.</summary>
internal sealed record SpecLocation(string FilePath, int Start, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn)
{
    /// <summary>The start of the file, for problems that belong to no particular node.</summary>
    public static SpecLocation FileStart(string filePath) => new(filePath, 0, 0, 0, 0, 0, 0);
}
