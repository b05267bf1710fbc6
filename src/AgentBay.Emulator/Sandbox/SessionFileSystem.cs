using System;
using System.Collections.Generic;
using System.IO;

namespace AgentBay.Emulator.Sandbox;

/// <summary>A directory of the session as its commands see it, and where it lives on the host.</summary>
/// <param name="VirtualPath">Absolute path inside the session, e.g. <c>/tmp</c>.</param>
/// <param name="HostPath">Absolute host path of the same directory.</param>
internal sealed record Mount(string VirtualPath, string HostPath);

/// <summary>
/// The private, writable part of a session's file system: <c>/tmp</c> and the home directory, both kept under the
/// session's root folder on the host. The sandbox binds exactly these onto the same virtual paths, which is what
/// makes file tools and shell commands agree on every path.
/// </summary>
internal sealed class SessionFileSystem
{
    /// <summary>Home directory of the session user, and the default working directory of commands.</summary>
    public const string VirtualHome = "/home/user";

    /// <summary>The session's temporary directory.</summary>
    public const string VirtualTmp = "/tmp";

    private HostPathRewriter? _rewriter;

    private SessionFileSystem(string root)
    {
        Root = root;
        HostTmp = Path.Combine(root, "tmp");
        HostHome = Path.Combine(root, "home");
        Mounts = [new Mount(VirtualTmp, HostTmp), new Mount(VirtualHome, HostHome)];
    }

    /// <summary>Host folder holding everything of the session.</summary>
    public string Root { get; }

    /// <summary>Host folder seen as <c>/tmp</c>.</summary>
    public string HostTmp { get; }

    /// <summary>Host folder seen as <c>/home/user</c>.</summary>
    public string HostHome { get; }

    /// <summary>The writable directories, each with its virtual and host path.</summary>
    public IReadOnlyList<Mount> Mounts { get; }

    /// <summary>The session's namespace in namespaces mode (made on its first command); unused in the other modes.</summary>
    public NamespaceSlot Namespace { get; } = new();

    /// <summary>In the none mode: the rewriting of session paths to these folders and back.</summary>
    public HostPathRewriter Rewriter => _rewriter ??= new HostPathRewriter(this);

    /// <summary>Creates the folders of a new session under <paramref name="root"/>.</summary>
    public static SessionFileSystem Create(string root)
    {
        var fs = new SessionFileSystem(root);
        Directory.CreateDirectory(fs.HostTmp);
        Directory.CreateDirectory(fs.HostHome);
        return fs;
    }

    /// <summary>
    /// Ends the session's namespace (killing what still runs in it), then removes the session's folders; best effort,
    /// since a killed process may still be closing files.
    /// </summary>
    public void Delete()
    {
        Namespace.Dispose();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                if (Directory.Exists(Root))
                {
                    Directory.Delete(Root, recursive: true);
                }

                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                System.Threading.Thread.Sleep(20);
            }
        }
    }
}
