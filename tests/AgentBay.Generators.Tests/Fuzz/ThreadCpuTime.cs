using System;
using System.Globalization;
using System.IO;

namespace AgentBay.Generators.Tests.Fuzz;

/// <summary>
/// CPU time of the calling thread (Linux: /proc/thread-self/stat, 10 ms ticks), so that "a spec takes at most a second"
/// measures the work a spec causes, not how long other builds on a shared machine kept the thread waiting. Null where
/// the file does not exist; callers then fall back to wall-clock time.
/// </summary>
internal static class ThreadCpuTime
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public static TimeSpan? Now()
    {
        try
        {
            var stat = File.ReadAllText("/proc/thread-self/stat");
            // Fields after the command name "(...)": state is field 3, utime field 14, stime field 15.
            var fields = stat.Substring(stat.LastIndexOf(')') + 2).Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / TicksPerSecond);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
