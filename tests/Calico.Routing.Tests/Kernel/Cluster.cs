using System.Net;
using System.Net.Sockets;
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
/// pod 198.19.N.2 (Calico's veth model, built by WorkloadPlumbing) in its own namespace. Everything disappears
/// with the namespaces on dispose.
/// </summary>
internal sealed class Cluster : IDisposable
{
    private readonly List<NetworkNamespace> _namespaces = [];

    private Cluster()
    {
    }

    internal NetworkNamespace Fabric { get; private set; } = null!;

    internal List<SimNode> Nodes { get; } = [];

    internal SimNode this[string name] => Nodes.Single(n => n.Name == name);

    /// <summary>Skips unless root, then builds the fabric and nodes (name, number, subnet 1 or 2).</summary>
    internal static Cluster Create(int podMtu, params (string Name, int N, int Subnet)[] nodes)
    {
        Requires.Root();
        var cluster = new Cluster();
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
    internal RoutingState StateFor(string local, Encapsulation encapsulation) =>
        new(this[local].Routing, [.. Nodes.Select(n => n.Routing)], [.. Nodes.Select(n => Block(n.N, n.Name, encapsulation))]);

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
            WorkloadPlumbing.Attach(host, pod, new WorkloadNetworkSpec { HostInterface = "cali" + n, Addresses = [Ip($"198.19.{n}.2")], Mtu = podMtu });
            Nodes.Add(new SimNode(name, n, host, pod, Node(name, n, subnet)));
        }
    }
}

/// <summary>One simulated node: its host namespace, its pod's namespace and its routing model.</summary>
internal sealed record SimNode(string Name, int N, NetworkNamespace Host, NetworkNamespace Pod, RoutingNode Routing)
{
    internal IPAddress PodIp => Ip($"198.19.{N}.2");

    /// <summary>Sends <paramref name="bytes"/> over TCP from this node's pod to <paramref name="to"/>'s pod; returns what arrived.</summary>
    internal async Task<long> TcpToAsync(SimNode to, int bytes, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        using var listener = to.Pod.Run(() =>
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            s.Bind(new IPEndPoint(to.PodIp, 7000 + N));
            s.Listen();
            return s;
        });
        using var client = Pod.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        var accept = listener.AcceptAsync(timeout.Token).AsTask();
        await client.ConnectAsync(new IPEndPoint(to.PodIp, 7000 + N), timeout.Token);
        using var server = await accept;
        var send = Task.Run(async () =>
        {
            var chunk = new byte[16384];
            Random.Shared.NextBytes(chunk);
            for (var left = bytes; left > 0; left -= chunk.Length)
            {
                await client.SendAsync(chunk.AsMemory(0, Math.Min(left, chunk.Length)), timeout.Token);
            }

            client.Shutdown(SocketShutdown.Send);
        }, timeout.Token);
        long received = 0;
        var buffer = new byte[65536];
        int read;
        while ((read = await server.ReceiveAsync(buffer, timeout.Token)) > 0)
        {
            received += read;
        }

        await send;
        return received;
    }

    /// <summary>Whether a TCP connection from this pod to <paramref name="to"/>'s pod is refused or times out.</summary>
    internal async Task<bool> CannotReachAsync(SimNode to, CancellationToken cancellationToken)
    {
        using var client = Pod.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await client.ConnectAsync(new IPEndPoint(to.PodIp, 9), timeout.Token);
            return false;
        }
        catch (Exception error) when (error is SocketException or OperationCanceledException)
        {
            // Refused would mean the packet reached the pod (nothing listens on 9): only unreachable or silence counts.
            return error is OperationCanceledException || ((SocketException)error).SocketErrorCode is SocketError.HostUnreachable or SocketError.NetworkUnreachable;
        }
    }
}
