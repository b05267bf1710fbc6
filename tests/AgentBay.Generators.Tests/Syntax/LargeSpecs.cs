using System.Text;

namespace AgentBay.Generators.Tests.Syntax;

/// <summary>Builds big, valid specs in the style of the real one, in YAML and JSON.</summary>
internal static class LargeSpecs
{
    public static string Yaml(int minChars)
    {
        var sb = new StringBuilder("# yaml-language-server: $schema=agentbay-spec.schema.json\nagentbay: 1\nnamespace: AgentBay\nrecords:\n");
        for (int i = 0; sb.Length < minChars; i++)
        {
            sb.Append("  Record").Append(i).Append(":\n");
            sb.Append("    doc: >\n      Detailed information about record ").Append(i).Append(",\n      as returned by info().\n");
            sb.Append("    fields:\n");
            sb.Append("      RequestId: { type: string, from: requestId, doc: Unique identifier of this API request. }\n");
            sb.Append("      Success: { type: bool, from: success, doc: \"True if the operation succeeded.\" }\n");
            sb.Append("      Labels: { type: \"map<string,string>?\", wire: Labels, encode: json, default: \"{}\" }\n");
            sb.Append("      Port:\n        type: int?\n        range: [30100, 30199]\n        error: 'Invalid port value: {value}.'\n");
            sb.Append("    tools:\n      - name: shell\n        doc: |\n          Runs a shell command.\n          Returns stdout, stderr and exit_code.\n");
            sb.Append("        allowed: [python, javascript, py, python3, js, node, nodejs]\n\n");
        }

        return sb.ToString();
    }

    public static string Json(int minChars)
    {
        var sb = new StringBuilder("{\n  \"agentbay\": 1,\n  \"namespace\": \"AgentBay\",\n  \"records\": {\n");
        for (int i = 0; sb.Length < minChars; i++)
        {
            if (i > 0)
            {
                sb.Append(",\n");
            }

            sb.Append("    \"Record").Append(i).Append("\": {\n");
            sb.Append("      \"doc\": \"Detailed information about record ").Append(i).Append(",\\nas returned by info().\\n\",\n");
            sb.Append("      \"fields\": {\n");
            sb.Append("        \"RequestId\": { \"type\": \"string\", \"from\": \"requestId\", \"doc\": \"Unique identifier of this API request.\" },\n");
            sb.Append("        \"Labels\": { \"type\": \"map<string,string>?\", \"wire\": \"Labels\", \"default\": \"{}\" },\n");
            sb.Append("        \"Port\": { \"type\": \"int?\", \"range\": [30100, 30199], \"error\": \"Invalid port value: {value}.\\u00e9\" }\n");
            sb.Append("      },\n      \"allowed\": [\"python\", \"javascript\", true, false, null, -1.5e3]\n    }");
        }

        return sb.Append("\n  }\n}\n").ToString();
    }
}
