using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Calico.Sdk.Datastore;
using Calico.Sdk.Ipam;
using Calico.Sdk.Linux;
using Calico.Sdk.Linux.Workloads;
using Calico.Sdk.Resources;
using Calico.Sdk.Serialization;
using Calico.Sdk.Status;
using Calico.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Calico.Node.Tests;

/// <summary>
/// Three real calico-node processes with <c>CALICO_NETWORKING_BACKEND=bird</c> and a pool without encapsulation: the
/// managed BGP speaker inside each meshes with the others, every node routes the others' blocks (protocol 84, via the
/// peer node's address, no tunnel device), pods on different nodes reach each other, and the node status file (what
/// <c>calicoctl node status</c> prints) shows every mesh peer Established. The agent owns the blackholes of its own
/// blocks (protocol 80); the speaker installs none.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class BgpMeshTests
{
    private const string Pool = "10.245.0.0/16";
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Three_calico_nodes_mesh_over_bgp_and_pods_reach_each_other_unencapsulated()
    {
        Requires.Root();
        Requires.Program("curl");
        using var cluster = new BgpCluster();
        cluster.CreateUnderlay(3);
        for (var i = 1; i <= 3; i++)
        {
            cluster.StartAgent(i, Pool);
        }

        for (var i = 1; i <= 3; i++)
        {
            var node = i;
            await EventuallyAsync(() => Ready(cluster, node), $"node-{node} ready", 120, () => cluster.Logs());
        }

        await using var services = Store(cluster.Database);
        var store = services.GetRequiredService<IDatastore>();
        var ipam = new CalicoIpam(store);
        await store.CreateAsync(ResourceKinds.Profile, Calico.Sdk.Policy.KubernetesProfiles.ForNamespace("t", null), Ct);

        // One pod per node, its address from the node's own block (IPAM gives each node an affine /26).
        var pods = new List<(BgpCluster.Pod Pod, IPAddress Address, int Node)>();
        for (var i = 1; i <= 3; i++)
        {
            var pod = cluster.AddPod("p" + i);
            var address = (await ipam.AutoAssignAsync(new AutoAssignRequest("k8s-pod-network.cid-p" + i, "node-" + i, 1, 0)
            {
                Attributes = new Dictionary<string, string> { ["node"] = "node-" + i, ["namespace"] = "t", ["pod"] = "p" + i },
            }, Ct)).IPv4[0].Address;
            using var host = NetworkNamespace.OpenByName(cluster.Node(i));
            var iface = WorkloadPlumbing.HostInterfaceName("t.p" + i);
            WorkloadPlumbing.Attach(host, pod.Namespace, new WorkloadNetworkSpec { HostInterface = iface, Addresses = [address] });
            await store.CreateAsync(ResourceKinds.WorkloadEndpoint, Endpoint(i, iface, address), Ct);
            pods.Add((pod, address, i));
        }

        var blocks = (await store.ListAllAsync(ResourceKinds.IPAMBlock, cancellationToken: Ct)).Items.OfType<IPAMBlock>()
            .ToDictionary(b => b.Spec.Affinity!["host:".Length..], b => IPNetwork.Parse(b.Spec.Cidr!));
        Assert.Equal(3, blocks.Count);

        // Every node: the other two blocks via the owner's underlay address, protocol 84, no encapsulation device.
        for (var i = 1; i <= 3; i++)
        {
            var node = i;
            await EventuallyAsync(
                () => Enumerable.Range(1, 3).Where(j => j != node).All(j => HasBgpRoute(cluster, node, blocks["node-" + j], BgpCluster.Address(j))),
                $"node-{node} routes the other blocks over BGP", 90, () => BgpCluster.Ip("-n", cluster.Node(node), "route") + cluster.Logs());
            Assert.Equal(string.Empty, BgpCluster.Ip("-n", cluster.Node(node), "link", "show", "type", "vxlan").Trim());
            using var nodeNs = NetworkNamespace.OpenByName(cluster.Node(node));
            using var netlink = NetlinkRoute.Open(nodeNs);
            var own = netlink.GetRoutes().Where(r => r.Destination == blocks["node-" + node]).ToList();
            var blackhole = Assert.Single(own);
            Assert.Equal((RouteType.Blackhole, (RouteProtocol)80), (blackhole.Type, blackhole.Protocol));
        }

        // Pods on different nodes reach each other (TCP, source = the pod's own address).
        foreach (var (from, to) in new[] { (0, 1), (1, 2), (2, 0) })
        {
            var (source, target) = (pods[from], pods[to]);
            await EventuallyAsync(() => Connects(source.Pod, target.Pod, target.Address), $"pod on node-{source.Node} reaches pod on node-{target.Node}", 30, () => BgpCluster.Ip("-n", cluster.Node(source.Node), "route"));
        }

        // The node status file lists both mesh peers Established (calicoctl node status reads this file).
        for (var i = 1; i <= 3; i++)
        {
            var node = i;
            NodeAgentStatus? status = null;
            await EventuallyAsync(
                () => (status = ReadStatus(cluster.StatusPrefix(node))) is { } s && s.BgpPeers.Count == 2 && s.BgpPeers.All(p => p is { State: "Established", RoutesReceived: 1 }),
                $"node-{node} status shows 2 Established mesh peers with one block each", 30,
                () => status is null ? "no status" : string.Join("; ", status.BgpPeers.Select(p => $"{p.PeerAddress} {p.State} {p.Info} received {p.RoutesReceived}")));
            Assert.Equal(["bgp"], status!.Routers);
            Assert.Equal(Enumerable.Range(1, 3).Where(j => j != node).Select(BgpCluster.Address), status.BgpPeers.Select(p => p.PeerAddress).Order());
            Assert.All(status.BgpPeers, p => Assert.Equal(("node-to-node mesh", 64512L, 1), (p.PeerType, p.AsNumber ?? 0, p.RoutesAdvertised)));
        }

        // A live BGP change in the running agents: the mesh switched off drops every session and its routes.
        await store.CreateAsync(ResourceKinds.BGPConfiguration, new BGPConfiguration { Metadata = { Name = "default" }, Spec = { NodeToNodeMeshEnabled = false } }, Ct);
        await EventuallyAsync(
            () => ReadStatus(cluster.StatusPrefix(1)) is { BgpPeers.Count: 0 } && !HasBgpRoute(cluster, 1, blocks["node-2"], BgpCluster.Address(2)),
            "mesh disabled: node-1 has no peers and no BGP routes", 30, () => BgpCluster.Ip("-n", cluster.Node(1), "route"));
        for (var i = 1; i <= 3; i++)
        {
            Assert.False(cluster.AgentExited(i), cluster.Logs());
        }
    }

    private static ServiceProvider Store(string database)
    {
        var services = new ServiceCollection();
        services.AddCalico(o =>
        {
            o.NodeName = "test";
            o.Datastore = new DatastoreOptions { Type = DatastoreType.Sqlite, SqlitePath = database };
        }).AddSqliteDatastore();
        return services.BuildServiceProvider();
    }

    private static WorkloadEndpoint Endpoint(int node, string iface, IPAddress address)
    {
        var wep = new WorkloadEndpoint();
        wep.Metadata.Name = $"node--{node}-k8s-p{node}-eth0";
        wep.Metadata.Namespace = "t";
        wep.Metadata.Labels = new Dictionary<string, string> { ["projectcalico.org/namespace"] = "t", ["projectcalico.org/orchestrator"] = "k8s" };
        wep.Spec.Orchestrator = "k8s";
        wep.Spec.Node = "node-" + node;
        wep.Spec.Pod = "p" + node;
        wep.Spec.Endpoint = "eth0";
        wep.Spec.ContainerId = "cid-p" + node;
        wep.Spec.InterfaceName = iface;
        wep.Spec.IpNetworks = [address + "/32"];
        wep.Spec.Profiles = ["kns.t"];
        return wep;
    }

    private static bool Ready(BgpCluster cluster, int node)
    {
        if (cluster.AgentExited(node))
        {
            Assert.Fail($"calico-node on node-{node} exited:\n" + cluster.Logs(40));
        }

        try
        {
            BgpCluster.Ip("netns", "exec", cluster.Node(node), "curl", "-sf", "-o", "/dev/null", "http://127.0.0.1:9099/readiness");
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool HasBgpRoute(BgpCluster cluster, int node, IPNetwork block, string via)
    {
        using var ns = NetworkNamespace.OpenByName(cluster.Node(node));
        using var netlink = NetlinkRoute.Open(ns);
        return netlink.GetRoutes().Any(r => r.Destination == block && r.Protocol == (RouteProtocol)84 && r.Type == RouteType.Unicast && IPAddress.Parse(via).Equals(r.Gateway));
    }

    private static NodeAgentStatus? ReadStatus(string prefix)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(StatusPaths.NodeStatusFile(prefix)), StatusJsonContext.Default.NodeAgentStatus);
        }
        catch (Exception error) when (error is IOException or JsonException)
        {
            return null; // not written yet, or being replaced
        }
    }

    private static bool Connects(BgpCluster.Pod from, BgpCluster.Pod to, IPAddress address)
    {
        using var listener = to.Namespace.Run(() =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(address, 0));
            socket.Listen(1);
            return socket;
        });
        using var client = from.Namespace.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        try
        {
            if (!client.ConnectAsync(listener.LocalEndPoint!).Wait(TimeSpan.FromSeconds(2)))
            {
                return false;
            }

            using var accepted = listener.Accept();
            return accepted.Connected;
        }
        catch (AggregateException)
        {
            return false;
        }
    }

    private static async Task EventuallyAsync(Func<bool> condition, string what, int seconds, Func<string> describe)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (condition())
            {
                return;
            }

            await Task.Delay(250, Ct);
        }

        Assert.Fail("timed out waiting for " + what + ": " + describe());
    }
}
