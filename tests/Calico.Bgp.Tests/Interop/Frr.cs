using Calico.TestSupport;

namespace Calico.Bgp.Tests.Interop;

/// <summary>FRR's bgpd (no zebra) in a namespace with a temp config and vty socket directory.</summary>
internal sealed class Frr : IDisposable
{
    private readonly Daemon _daemon;
    private readonly string _ns;

    private Frr(Daemon daemon, string ns)
    {
        _daemon = daemon;
        _ns = ns;
    }

    public string VtyDirectory => _daemon.Directory;

    public static Frr Start(string ns, string config)
    {
        const string bgpd = "/usr/lib/frr/bgpd";
        if (!File.Exists(bgpd))
        {
            Requires.Program("frr-bgpd");
        }

        Requires.Program("vtysh");
        var directory = Daemon.TempDirectory("frr");
        var path = Path.Combine(directory, "bgpd.conf");
        File.WriteAllText(path, config);
        var frr = new Frr(Daemon.Start(ns, directory, bgpd, "-Z", "-S", "-P", "0", "--vty_socket", directory, "-i", Path.Combine(directory, "bgpd.pid"), "-f", path, "--log", "stdout"), ns);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!File.Exists(Path.Combine(directory, "bgpd.vty")) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(100);
        }

        return frr;
    }

    public string Vtysh(params string[] commands)
    {
        var args = new List<string> { "netns", "exec", _ns, "vtysh", "--vty_socket", VtyDirectory, "-d", "bgpd" };
        foreach (var command in commands)
        {
            args.Add("-c");
            args.Add(command);
        }

        return Shell.TryRun("ip", [.. args]).Output;
    }

    public void Kill() => _daemon.Kill();

    public void Dispose() => _daemon.Dispose();
}
