using System.Net;
using System.Net.Sockets;
using Calico.Dataplane.Nftables;
using Calico.Sdk.Linux;
using Calico.Sdk.Resources;
using Calico.TestSupport;
using Xunit;

namespace Calico.Dataplane.Tests.Kernel;

/// <summary>
/// NAT outgoing in a fresh node: pod a (10.65.0.2, pool 10.65.0.0/16) connects to the external namespace, which
/// holds an address outside every pool (203.0.113.10) and one inside a second pool (10.66.0.5). The server side
/// reports which source address arrived.
/// </summary>
public sealed class NatOutgoingTests
{
    private static readonly IPAddress NodeAddress = IPAddress.Parse("172.18.0.2");
    private static readonly IPAddress Outside = IPAddress.Parse("203.0.113.10");
    private static readonly IPAddress OtherPool = IPAddress.Parse("10.66.0.5");
    private static readonly IPAddress PodA = IPAddress.Parse("10.65.0.2");

    [Fact]
    public async Task Pool_traffic_to_outside_all_pools_leaves_with_the_node_address_and_pool_to_pool_is_not_nated()
    {
        Requires.Root();
        await using var node = Node.Start();
        var ct = TestContext.Current.CancellationToken;
        AddOtherPoolPeer(node);
        var pools = new[] { Pool("pods", "10.65.0.0/16", nat: true), Pool("other", "10.66.0.0/16", nat: false) };

        await node.Dataplane.SetIpPoolsAsync(pools, ct);
        Assert.Equal("<absent>", await node.ListAsync("table inet calico")); // nothing before the first reconcile
        Assert.Equal(PodA, await SourceSeenAsync(node, Outside, ct));

        await node.Dataplane.ReconcileAsync(Node.Baseline(), ct);
        Assert.Equal(NodeAddress, await SourceSeenAsync(node, Outside, ct)); // masqueraded
        Assert.Equal(PodA, await SourceSeenAsync(node, OtherPool, ct)); // destination inside a pool: not NATed

        await node.Dataplane.SetIpPoolsAsync([Pool("pods", "10.65.0.0/16", nat: false), pools[1]], ct);
        Assert.Equal(PodA, await SourceSeenAsync(node, Outside, ct)); // natOutgoing switched off

        await node.Dataplane.SetIpPoolsAsync(pools, ct);
        await node.Dataplane.ReconcileAsync(Node.Baseline(2), ct); // a full rebuild keeps the pools
        Assert.Equal(NodeAddress, await SourceSeenAsync(node, Outside, ct));
    }

    [Fact]
    public async Task A_pool_without_a_valid_cidr_is_refused_by_name_and_nothing_changes()
    {
        Requires.Root();
        await using var node = Node.Start();
        var ct = TestContext.Current.CancellationToken;
        await node.Dataplane.ReconcileAsync(Node.Baseline(), ct);
        await node.Dataplane.SetIpPoolsAsync([Pool("pods", "10.65.0.0/16", nat: true)], ct);
        var before = await node.ListAsync("table inet calico");

        var e = await Assert.ThrowsAsync<ArgumentException>(() => node.Dataplane.SetIpPoolsAsync([Pool("broken", "10.65.0.1/16", nat: true)], ct));
        Assert.Contains("IPPool 'broken'", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, await node.ListAsync("table inet calico"));
        Assert.Contains("masquerade", before, StringComparison.Ordinal);
    }

    private static IPPool Pool(string name, string cidr, bool nat)
    {
        var pool = new IPPool();
        pool.Metadata.Name = name;
        pool.Spec.Cidr = cidr;
        pool.Spec.NatOutgoing = nat;
        return pool;
    }

    // 10.66.0.5 lives in the external namespace; the node routes the second pool there through the uplink.
    private static void AddOtherPoolPeer(Node node)
    {
        using (var external = NetlinkRoute.Open(node.Kernel.External))
        {
            external.AddAddress(new AddressInfo(external.GetLink("lo")!.Index, OtherPool, 32));
        }

        using var host = NetlinkRoute.Open(node.Kernel.Host);
        host.AddRoute(new RouteInfo(new IPNetwork(IPAddress.Parse("10.66.0.0"), 16))
        {
            Gateway = Calico.Conformance.NetpolKernel.KernelNode.UplinkGateway,
            OutputInterface = host.GetLink("eth0")!.Index,
        });
    }

    private static async Task<IPAddress> SourceSeenAsync(Node node, IPAddress destination, CancellationToken ct)
    {
        using var listener = node.Kernel.External.Run(() =>
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            s.Bind(new IPEndPoint(destination, 0));
            s.Listen(4);
            return s;
        });
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        using var client = node.Kernel.Namespace("a").Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        var accept = listener.AcceptAsync(timeout.Token).AsTask();
        await client.ConnectAsync(new IPEndPoint(destination, port), timeout.Token);
        using var accepted = await accept;
        return ((IPEndPoint)accepted.RemoteEndPoint!).Address;
    }
}
