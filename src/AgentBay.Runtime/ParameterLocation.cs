namespace AgentBay.Runtime;

/// <summary>Where a request parameter travels.</summary>
public enum ParameterLocation
{
    /// <summary>The form-urlencoded body (the default for every parameter).</summary>
    Form,
    /// <summary>The query string, next to Action/Format/Version/Timestamp/SignatureNonce.</summary>
    Query,
}
