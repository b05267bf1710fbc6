// CustomTools: typed wrappers for the tools of a custom image, declared in image-tools.agentbay.yaml. The embedded
// emulator stands in for the image by running each tool as a shell command.
using System;
using System.Collections.Generic;
using AgentBay;
using AgentBay.Emulator;
using AgentBay.Runtime;

await using var emulator = await AgentBayEmulator.StartAsync(new EmulatorOptions
{
    CommandTools = new Dictionary<string, string>
    {
        ["count_lines"] = "wc -l < {path}",
        ["checksum"] = "sha256sum {path} | cut -d' ' -f1",
    },
});
using var client = new AgentBayClient(new AgentBayOptions { ApiKey = emulator.ApiKey, Endpoint = emulator.Endpoint });
await using var session = (await client.CreateAsync()).Session;

await session.Tools.WriteFileAsync("/tmp/poem.txt", "roses\nviolets\nsessions\n");
McpToolResult lines = await session.Tools.CountLinesAsync("/tmp/poem.txt");
McpToolResult checksum = session.Tools.Checksum("/tmp/poem.txt");

Console.WriteLine($"count_lines: {lines.Data?.Trim()} (success: {lines.Success})");
Console.WriteLine($"checksum:    {checksum.Data?.Trim()} (success: {checksum.Success})");
return lines.Success && lines.Data?.Trim() == "3" && checksum.Success ? 0 : 1;
