using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AgentBay.Emulator.Http;

namespace AgentBay.Emulator.Tools;

/// <summary>
/// <c>get_metrics</c>: the machine's CPU, memory, disk and network figures from /proc. CPU and network rates are
/// measured over a short window inside the call, so every call stands alone (no state between calls).
/// </summary>
internal static class MetricsTool
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(100);

    public static async Task<ToolResult> ReadAsync(ToolContext context)
    {
        var cpu0 = ReadCpu();
        var net0 = ReadNetwork();
        await Task.Delay(Window, context.CancellationToken).ConfigureAwait(false);
        var cpu1 = ReadCpu();
        var net1 = ReadNetwork();

        var busy = (cpu1.Total - cpu1.Idle) - (cpu0.Total - cpu0.Idle);
        var total = cpu1.Total - cpu0.Total;
        var memory = File.ReadAllLines("/proc/meminfo")
            .Select(l => l.Split(':', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => long.Parse(p[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024);
        var drive = new DriveInfo(context.Session.FileSystem.Root);
        var seconds = Window.TotalSeconds;

        var text = new JsonObject
        {
            ["cpu_count"] = Environment.ProcessorCount,
            ["cpu_used_pct"] = total > 0 ? Math.Round(100.0 * busy / total, 2) : 0.0,
            ["disk_total"] = drive.TotalSize,
            ["disk_used"] = drive.TotalSize - drive.TotalFreeSpace,
            ["mem_total"] = memory.GetValueOrDefault("MemTotal"),
            ["mem_used"] = memory.GetValueOrDefault("MemTotal") - memory.GetValueOrDefault("MemAvailable"),
            ["rx_rate_kbyte_per_s"] = Math.Round((net1.Rx - net0.Rx) / 1024.0 / seconds, 2),
            ["tx_rate_kbyte_per_s"] = Math.Round((net1.Tx - net0.Tx) / 1024.0 / seconds, 2),
            ["rx_used_kbyte"] = Math.Round(net1.Rx / 1024.0, 2),
            ["tx_used_kbyte"] = Math.Round(net1.Tx / 1024.0, 2),
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        }.ToJsonString(JsonText.Options);
        return new ToolResult(text);
    }

    private static (long Total, long Idle) ReadCpu()
    {
        // First line: "cpu  user nice system idle iowait irq softirq steal ..."; idle + iowait count as idle.
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        return (fields.Take(8).Sum(), fields[3] + (fields.Length > 4 ? fields[4] : 0));
    }

    private static (long Rx, long Tx) ReadNetwork()
    {
        long rx = 0, tx = 0;
        foreach (var line in File.ReadLines("/proc/net/dev").Skip(2))
        {
            var parts = line.Split(':', 2);
            if (parts.Length != 2 || parts[0].Trim() == "lo")
            {
                continue;
            }

            var numbers = parts[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            rx += long.Parse(numbers[0], CultureInfo.InvariantCulture);
            tx += long.Parse(numbers[8], CultureInfo.InvariantCulture);
        }

        return (rx, tx);
    }
}
