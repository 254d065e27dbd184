using System.Diagnostics;
using Calico.Sdk.Linux;

namespace Calico.Bgp.Benchmarks;

/// <summary>Two namespaces (a = 10.99.0.1, b = 10.99.0.2) on a veth pair, daemons with temp dirs; all removed on dispose.</summary>
internal sealed class BenchLab : IDisposable
{
    private readonly List<Process> _processes = [];

    public BenchLab()
    {
        A = "bgpbench" + Environment.ProcessId + "a";
        B = "bgpbench" + Environment.ProcessId + "b";
        Directory = System.IO.Directory.CreateTempSubdirectory("calico-bgp-bench-").FullName;
        Sh.Run("ip", "netns", "add", A);
        Sh.Run("ip", "netns", "add", B);
        Sh.Run("ip", "link", "add", "eth0", "netns", A, "type", "veth", "peer", "name", "eth0", "netns", B);
        foreach (var (ns, ip) in new[] { (A, "10.99.0.1/24"), (B, "10.99.0.2/24") })
        {
            Sh.Run("ip", "-n", ns, "addr", "add", ip, "dev", "eth0");
            Sh.Run("ip", "-n", ns, "link", "set", "eth0", "up");
            Sh.Run("ip", "-n", ns, "link", "set", "lo", "up");
        }

        NamespaceA = NetworkNamespace.OpenByName(A);
        NamespaceB = NetworkNamespace.OpenByName(B);
    }

    public string A { get; }

    public string B { get; }

    public string Directory { get; }

    public NetworkNamespace NamespaceA { get; }

    public NetworkNamespace NamespaceB { get; }

    public Process Start(string ns, string program, params string[] args)
    {
        var process = Sh.Start("ip", ["netns", "exec", ns, program, .. args]);
        _processes.Add(process);
        return process;
    }

    public string Bird(string ns, string name, string config)
    {
        var path = Path.Combine(Directory, name + ".conf");
        File.WriteAllText(path, config);
        var socket = Path.Combine(Directory, name + ".ctl");
        Start(ns, "bird", "-f", "-c", path, "-s", socket, "-P", Path.Combine(Directory, name + ".pid"));
        return socket;
    }

    public static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
    }

    public void Dispose()
    {
        _processes.ForEach(Stop);
        NamespaceA.Dispose();
        NamespaceB.Dispose();
        foreach (var ns in new[] { A, B })
        {
            try
            {
                Sh.Run("ip", "netns", "del", ns);
            }
            catch (InvalidOperationException)
            {
                // already gone
            }
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
