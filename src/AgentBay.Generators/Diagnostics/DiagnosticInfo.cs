using AgentBay.Generators.Model;

namespace AgentBay.Generators.Diagnostics;

/// <summary>A diagnostic as an equatable value: descriptor id, message arguments and location.</summary>
internal sealed record DiagnosticInfo(string Id, EquatableArray<string> Arguments, SpecLocation Location)
{
    public static DiagnosticInfo Create(string id, SpecLocation location, params string[] arguments) =>
        new(id, new EquatableArray<string>(arguments), location);

    /// <summary>The message as the compiler will show it, for tests and for logs.</summary>
    public string FormatMessage()
    {
        var descriptor = SpecDiagnostics.Find(Id);
        var args = new object[Arguments.Count];
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = Arguments[i];
        }

        return string.Format(System.Globalization.CultureInfo.InvariantCulture, descriptor.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture), args);
    }
}
