using System;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace AgentBay.Emulator.Tools;

/// <summary>Host-side checks that a path really lies where the virtual resolution says, after the kernel's view.</summary>
internal static class HostPaths
{
    [DllImport("libc", EntryPoint = "realpath", SetLastError = true)]
    private static extern IntPtr RealPathNative(string path, IntPtr resolved);

    [DllImport("libc", EntryPoint = "free")]
    private static extern void Free(IntPtr pointer);

    /// <summary>The canonical path (all symlinks resolved) of an existing path, or null.</summary>
    public static string? RealPath(string path)
    {
        var result = RealPathNative(path, IntPtr.Zero);
        if (result == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(result);
        }
        finally
        {
            Free(result);
        }
    }

    /// <summary>The canonical path of the file behind an open handle (what the kernel actually opened).</summary>
    public static string? OpenedPath(SafeFileHandle handle)
    {
        var success = false;
        handle.DangerousAddRef(ref success);
        try
        {
            var info = new FileInfo($"/proc/self/fd/{handle.DangerousGetHandle()}");
            return info.LinkTarget;
        }
        finally
        {
            if (success)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="root"/> or lies below it.</summary>
    public static bool IsWithin(string path, string root) =>
        path == root || path.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal);

    /// <summary>
    /// Canonical path of <paramref name="hostPath"/>, or of its deepest existing ancestor joined with the rest
    /// (for a file that is about to be created).
    /// </summary>
    public static string? CanonicalOfDeepestExisting(string hostPath)
    {
        var current = hostPath;
        var rest = string.Empty;
        while (true)
        {
            var real = RealPath(current);
            if (real is not null)
            {
                return rest.Length == 0 ? real : Path.Join(real, rest);
            }

            var parent = Path.GetDirectoryName(current);
            if (parent is null || parent == current)
            {
                return null;
            }

            rest = rest.Length == 0 ? Path.GetFileName(current) : Path.Join(Path.GetFileName(current), rest);
            current = parent;
        }
    }
}
