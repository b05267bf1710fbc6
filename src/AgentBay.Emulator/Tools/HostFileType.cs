using System;
using System.Runtime.InteropServices;

namespace AgentBay.Emulator.Tools;

/// <summary>File types via statx(2), whose layout is the same on every Linux architecture (unlike struct stat).</summary>
internal static class HostFileType
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const int ModeOffset = 28;
    private const int TypeMask = 0xF000;
    private const int RegularFile = 0x8000;

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int dirFd, string path, int flags, uint mask, [Out] byte[] buffer);

    /// <summary>True when <paramref name="hostPath"/> (symlinks followed) is a regular file, so reading it cannot block.</summary>
    public static bool IsRegularFile(string hostPath)
    {
        var buffer = new byte[256];
        if (Statx(AtFdCwd, hostPath, 0, StatxType, buffer) != 0)
        {
            return false;
        }

        var mode = BitConverter.ToUInt16(buffer, ModeOffset);
        return (mode & TypeMask) == RegularFile;
    }
}
