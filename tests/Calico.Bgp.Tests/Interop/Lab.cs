using Calico.Sdk.Linux;
using Calico.TestSupport;

namespace Calico.Bgp.Tests.Interop;

/// <summary>
/// Network namespaces joined to one bridge-less veth star: node i gets 10.99.0.i/24 and fd99::i/64 on its
/// <c>eth0</c>; the hub namespace bridges them. Everything is deleted on dispose, also after a failure.
/// </summary>
internal sealed class Lab : IDisposable
{
    private readonly List<string> _namespaces = [];
    private readonly List<IDisposable> _owned = [];

    private Lab(string prefix) => Prefix = prefix;

    public string Prefix { get; }

    public string Hub => Prefix + "-hub";

    public static Lab Create(int nodes)
    {
        Requires.Root();
        var lab = new Lab("bgp" + Environment.ProcessId % 10000 + "x" + Random.Shared.Next(1000));
        try
        {
            lab.Add(lab.Hub);
            Shell.Run("ip", "-n", lab.Hub, "link", "add", "br0", "type", "bridge");
            Shell.Run("ip", "-n", lab.Hub, "link", "set", "br0", "up");
            for (var i = 1; i <= nodes; i++)
            {
                var ns = lab.Node(i);
                lab.Add(ns);
                Shell.Run("ip", "link", "add", "eth0", "netns", ns, "type", "veth", "peer", "name", "n" + i, "netns", lab.Hub);
                Shell.Run("ip", "-n", lab.Hub, "link", "set", "n" + i, "master", "br0", "up");
                Shell.Run("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0", "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1");
                Shell.Run("ip", "-n", ns, "addr", "add", $"10.99.0.{i}/24", "dev", "eth0");
                Shell.Run("ip", "-n", ns, "addr", "add", $"fd99::{i}/64", "dev", "eth0", "nodad");
                Shell.Run("ip", "-n", ns, "link", "set", "eth0", "up");
                Shell.Run("ip", "-n", ns, "link", "set", "lo", "up");
            }
        }
        catch
        {
            lab.Dispose();
            throw;
        }

        return lab;
    }

    public string Node(int i) => Prefix + "-n" + i;

    public NetworkNamespace Open(int i)
    {
        var ns = NetworkNamespace.OpenByName(Node(i));
        _owned.Add(ns);
        return ns;
    }

    public string Ip(int i, params string[] args) => Shell.Run("ip", ["-n", Node(i), .. args]);

    public T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    public void Dispose()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            try
            {
                owned.Dispose();
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }

        foreach (var ns in _namespaces)
        {
            Shell.TryRun("ip", "netns", "pids", ns).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList()
                .ForEach(pid => Shell.TryRun("kill", "-9", pid.Trim()));
            Shell.TryRun("ip", "netns", "del", ns);
        }
    }

    private void Add(string ns)
    {
        Shell.Run("ip", "netns", "add", ns);
        _namespaces.Add(ns);
    }
}
