using Calico.TestSupport;

namespace Calico.Cni.Tests.Harness;

/// <summary>
/// A CNI_PATH directory for one test: <c>calico</c> and <c>calico-ipam</c> as wrappers running the built plugin
/// (<c>dotnet Calico.Cni.dll</c>), and links to Debian's reference plugins from <c>/usr/lib/cni</c>.
/// </summary>
internal sealed class CniBin : IDisposable
{
    public const string ReferenceDirectory = "/usr/lib/cni";

    public CniBin()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("h2-cni-bin-").FullName;
        var dll = Path.Combine(AppContext.BaseDirectory, "Calico.Cni.dll");
        Write("calico", $"#!/bin/sh\nexec dotnet {dll} \"$@\"\n");
        Write("calico-ipam", $"#!/bin/sh\nexec dotnet {dll} calico-ipam \"$@\"\n");
        foreach (var reference in new[] { "host-local", "portmap", "bandwidth", "ptp", "loopback" })
        {
            var target = Path.Combine(ReferenceDirectory, reference);
            if (File.Exists(target))
            {
                File.CreateSymbolicLink(Path.Combine(Directory, reference), target);
            }
        }
    }

    public string Directory { get; }

    public static void RequireReferencePlugins()
    {
        foreach (var p in new[] { "host-local", "portmap", "bandwidth", "ptp" })
        {
            if (!File.Exists(Path.Combine(ReferenceDirectory, p)))
            {
                Requires.Program(Path.Combine(ReferenceDirectory, p));
            }
        }
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp directory.
        }
    }

    private void Write(string name, string script)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, script);
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
