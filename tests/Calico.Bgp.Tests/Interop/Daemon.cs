using System.Diagnostics;

namespace Calico.Bgp.Tests.Interop;

/// <summary>A routing daemon started in a namespace with its own temp directory; killed and cleaned up on dispose.</summary>
internal sealed class Daemon : IDisposable
{
    private readonly Process _process;

    private Daemon(Process process, string directory)
    {
        _process = process;
        Directory = directory;
    }

    public string Directory { get; }

    public bool HasExited => _process.HasExited;

    public static string TempDirectory(string name)
    {
        var directory = Path.Combine(Path.GetTempPath(), "calico-bgp-" + name + "-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(directory);
        return directory;
    }

    public static Daemon Start(string ns, string directory, string program, params string[] args)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["netns", "exec", ns, program, .. args])
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        var log = Path.Combine(directory, "stdout.log");
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new Daemon(process, directory);
    }

    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A daemon may still be writing its socket; the temp directory is removed with the next reboot.
        }
    }

    private static void Append(string path, string? line)
    {
        if (line is not null)
        {
            lock (typeof(Daemon))
            {
                File.AppendAllText(path, line + "\n");
            }
        }
    }
}
