using System.Net;
using Calico.Sdk.Linux;
using Calico.Sdk.Linux.Workloads;
using Calico.Sdk.Routing;
using Calico.TestSupport;
using static Calico.Routing.Tests.Model;

namespace Calico.Routing.Tests.Kernel;

/// <summary>
/// Simulated nodes in fresh network namespaces. A "fabric" namespace holds bridge br0, which every node's eth0 is
/// plugged into; br0 also routes between the two underlay subnets 198.18.1.0/24 and 198.18.2.0/24 (so nodes in
/// subnet 2 are "cross-subnet" for nodes in subnet 1). Node N is 198.18.S.N, owns block 198.19.N.0/26 and has one
/// pod 198.19.N.2 (Calico's veth model, built by WorkloadPlumbing) in its own namespace. A dual-stack cluster adds
/// the IPv6 underlay fd00:18:S::N/64 (the fabric routes between fd00:18:1::/64 and fd00:18:2::/64), IPv6 block
/// fd00:19:N::/122, IPv6 VXLAN tunnel address fd00:19:N::1 and pod address fd00:19:N::2. Everything disappears
/// with the namespaces on dispose.
/// </summary>
internal sealed class Cluster : IDisposable
{
    private readonly List<NetworkNamespace> _namespaces = [];
    private bool _dualStack;

    private Cluster()
    {
    }

    internal NetworkNamespace Fabric { get; private set; } = null!;

    internal List<SimNode> Nodes { get; } = [];

    internal SimNode this[string name] => Nodes.Single(n => n.Name == name);

    /// <summary>Skips unless root, then builds the fabric and nodes (name, number, subnet 1 or 2).</summary>
    internal static Cluster Create(int podMtu, params (string Name, int N, int Subnet)[] nodes) => Create(podMtu, false, nodes);

    /// <summary>Like <see cref="Create(int, (string, int, int)[])"/> with an IPv6 underlay, IPv6 blocks and IPv6 pods as well.</summary>
    internal static Cluster CreateDualStack(int podMtu, params (string Name, int N, int Subnet)[] nodes) => Create(podMtu, true, nodes);

    private static Cluster Create(int podMtu, bool dualStack, (string Name, int N, int Subnet)[] nodes)
    {
        Requires.Root();
        var cluster = new Cluster { _dualStack = dualStack };
        try
        {
            cluster.Build(podMtu, nodes);
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    /// <summary>The desired routing state as node <paramref name="local"/> sees it, every block in one encapsulation.</summary>
    internal RoutingState StateFor(string local, Encapsulation encapsulation, params RoutedBlock[] extra) =>
        new(this[local].Routing, [.. Nodes.Select(n => n.Routing)],
            [.. Nodes.Select(n => Block(n.N, n.Name, encapsulation)), .. _dualStack ? Nodes.Select(n => BlockV6(n.N, n.Name, encapsulation)) : [], .. extra]);

    /// <summary>Adds a pod with <paramref name="address"/> to <paramref name="node"/> (host interface <paramref name="hostInterface"/>).</summary>
    internal NetworkNamespace AddPod(SimNode node, string hostInterface, IPAddress address)
    {
        var pod = NewNamespace();
        WorkloadPlumbing.Attach(node.Host, pod, new WorkloadNetworkSpec { HostInterface = hostInterface, Addresses = [address], Mtu = 1400 });
        return pod;
    }

    public void Dispose()
    {
        foreach (var ns in _namespaces)
        {
            ns.Dispose();
        }
    }

    private NetworkNamespace NewNamespace()
    {
        var ns = NetworkNamespace.CreateAnonymous();
        _namespaces.Add(ns);
        using var netlink = NetlinkRoute.Open(ns);
        netlink.SetLink("lo", new LinkSettings { Up = true });
        return ns;
    }

    private void Build(int podMtu, (string Name, int N, int Subnet)[] nodes)
    {
        Fabric = NewNamespace();
        using var fabric = NetlinkRoute.Open(Fabric);
        var bridge = fabric.AddLink(new BridgeLink("br0") { Up = true });
        fabric.AddAddress(new AddressInfo(bridge.Index, Ip("198.18.1.254"), 24));
        fabric.AddAddress(new AddressInfo(bridge.Index, Ip("198.18.2.254"), 24));
        if (_dualStack)
        {
            fabric.AddAddress(new AddressInfo(bridge.Index, Ip("fd00:18:1::fe"), 64) { NoDad = true });
            fabric.AddAddress(new AddressInfo(bridge.Index, Ip("fd00:18:2::fe"), 64) { NoDad = true });
        }

        WorkloadPlumbing.ConfigureHost(Fabric);
        foreach (var (name, n, subnet) in nodes)
        {
            var host = NewNamespace();
            var pod = NewNamespace();
            using var netlink = NetlinkRoute.Open(host);
            var eth0 = netlink.AddLink(new VethLink("eth0", "port" + n) { PeerNamespace = Fabric, Up = true });
            fabric.SetLink("port" + n, new LinkSettings { MasterIndex = bridge.Index, Up = true });
            netlink.AddAddress(new AddressInfo(eth0.Index, Ip($"198.18.{subnet}.{n}"), 24));
            netlink.AddRoute(new RouteInfo(Net("0.0.0.0/0")) { Gateway = Ip($"198.18.{subnet}.254") });
            WorkloadPlumbing.ConfigureHost(host);
            IPAddress[] podAddresses = [Ip($"198.19.{n}.2")];
            var routing = Node(name, n, subnet);
            if (_dualStack)
            {
                netlink.AddAddress(new AddressInfo(eth0.Index, Ip($"fd00:18:{subnet}::{n}"), 64) { NoDad = true });
                netlink.AddRoute(new RouteInfo(Net("::/0")) { Gateway = Ip($"fd00:18:{subnet}::fe") });
                podAddresses = [.. podAddresses, Ip($"fd00:19:{n}::2")];
                routing = NodeV6(name, n, subnet);
            }

            WorkloadPlumbing.Attach(host, pod, new WorkloadNetworkSpec { HostInterface = "cali" + n, Addresses = podAddresses, Mtu = podMtu });
            Nodes.Add(new SimNode(name, n, host, pod, routing));
        }
    }
}

/// <summary>One simulated node: its host namespace, its pod's namespace and its routing model.</summary>
internal sealed record SimNode(string Name, int N, NetworkNamespace Host, NetworkNamespace Pod, RoutingNode Routing)
{
    internal IPAddress PodIp => Ip($"198.19.{N}.2");

    internal IPAddress PodIpV6 => Ip($"fd00:19:{N}::2");

    /// <summary>Sends <paramref name="bytes"/> over TCP from this node's pod to <paramref name="to"/>'s pod; returns what arrived.</summary>
    internal Task<long> TcpToAsync(SimNode to, int bytes, CancellationToken cancellationToken) =>
        Tcp.SendAsync(Pod, to.Pod, to.PodIp, 7000 + N, bytes, cancellationToken);

    /// <summary>Whether a TCP connection from this pod to <paramref name="to"/>'s pod is refused or times out.</summary>
    internal Task<bool> CannotReachAsync(SimNode to, CancellationToken cancellationToken) => Tcp.CannotConnectAsync(Pod, to.PodIp, cancellationToken);
}
