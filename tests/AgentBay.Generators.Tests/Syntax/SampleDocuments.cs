namespace AgentBay.Generators.Tests.Syntax;

/// <summary>The representative spec of the reader's brief, in YAML and the same document in JSON.</summary>
internal static class SampleDocuments
{
    public const string Yaml = """
        # yaml-language-server: $schema=agentbay-spec.schema.json
        agentbay: 1
        namespace: AgentBay
        service:
          endpoint: wuyingai.cn-shanghai.aliyuncs.com
          apiVersion: "2025-05-06"
        enums:
          SessionStatus:
            doc: Status of a session.
            values: { Running: RUNNING, Pausing: PAUSING, Paused: PAUSED }
        records:
          SessionInfo:
            doc: >
              Detailed information about a session,
              as returned by info().
            fields:
              SessionId:   { type: string,  wire: SessionId, doc: "The session identifier." }
              ResourceUrl: { type: string?, wire: ResourceUrl }
        tools:
          shell:
            server: wuying_shell
            method: Shell
            doc: |
              Runs a shell command.
              Returns stdout, stderr and exit_code.
            args:
              command: { type: string }
              timeout_ms: { type: int, name: timeoutMs, default: 50000, range: [1, 50000] }
              envs:
                type: "map<string,string>?"
            result:
              record: ShellResult
              format: json
          list:
            - a
            - b: 1
              c: 2
            -   - nested

        """;

    public const string Json = """
        {
          "agentbay": 1,
          "namespace": "AgentBay",
          "service": {
            "endpoint": "wuyingai.cn-shanghai.aliyuncs.com",
            "apiVersion": "2025-05-06"
          },
          "enums": {
            "SessionStatus": {
              "doc": "Status of a session.",
              "values": { "Running": "RUNNING", "Pausing": "PAUSING", "Paused": "PAUSED" }
            }
          },
          "records": {
            "SessionInfo": {
              "doc": "Detailed information about a session, as returned by info().\n",
              "fields": {
                "SessionId": { "type": "string", "wire": "SessionId", "doc": "The session identifier." },
                "ResourceUrl": { "type": "string?", "wire": "ResourceUrl" }
              }
            }
          },
          "tools": {
            "shell": {
              "server": "wuying_shell",
              "method": "Shell",
              "doc": "Runs a shell command.\nReturns stdout, stderr and exit_code.\n",
              "args": {
                "command": { "type": "string" },
                "timeout_ms": { "type": "int", "name": "timeoutMs", "default": 50000, "range": [1, 50000] },
                "envs": { "type": "map<string,string>?" }
              },
              "result": { "record": "ShellResult", "format": "json" }
            },
            "list": ["a", { "b": 1, "c": 2 }, ["nested"]]
          }
        }
        """;
}
