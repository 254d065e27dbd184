using System.Net.Sockets;
using Calico.Sdk.Linux;
using Calico.Sdk.Linux.Routing;
using Calico.Sdk.Routing;
using Xunit;
using static Calico.Routing.Tests.Model;

namespace Calico.Routing.Tests.Kernel;

/// <summary>Pod-to-pod TCP across simulated nodes over the routers' VXLAN programming.</summary>
public sealed class VxlanKernelTests
{
    private const int Bytes = 1 << 20;

    private static Cluster ThreeNodes() => Cluster.Create(1450, ("n1", 1, 1), ("n2", 2, 1), ("n3", 3, 2));

    private static List<RouteInfo> OwnRoutes(SimNode node)
    {
        using var netlink = NetlinkRoute.Open(node.Host);
        return [.. netlink.GetRoutes(AddressFamily.InterNetwork).Where(r => (byte)r.Protocol == 81).OrderBy(r => r.Destination.ToString(), StringComparer.Ordinal)];
    }

    [Fact]
    public async Task Always_carries_pod_to_pod_tcp_between_three_nodes_through_vxlan_calico()
    {
        var ct = TestContext.Current.CancellationToken;
        using var cluster = ThreeNodes();
        await using var routers = await Routers.StartAsync(cluster, Encapsulation.VxlanAlways, ct);

        Assert.Equal(Bytes, await cluster["n1"].TcpToAsync(cluster["n2"], Bytes, ct));
        Assert.Equal(Bytes, await cluster["n1"].TcpToAsync(cluster["n3"], Bytes, ct));
        Assert.Equal(Bytes, await cluster["n3"].TcpToAsync(cluster["n2"], Bytes, ct));

        using var netlink = NetlinkRoute.Open(cluster["n1"].Host);
        var vxlan = netlink.GetLink("vxlan.calico")!;
        Assert.Equal(1450, vxlan.Mtu); // veth underlay 1500 - 50
        Assert.Equal(VtepMac.Derive("n1"), vxlan.MacAddress);
        Assert.Equal((uint)4096, vxlan.Vxlan!.Vni);
        Assert.False(vxlan.Vxlan.Learning);
        Assert.Equal(Ip("198.18.1.1"), vxlan.Vxlan.Local);
        Assert.Equal(Ip("198.19.1.1"), Assert.Single(netlink.GetAddresses(AddressFamily.InterNetwork, vxlan.Index)).Address);
        Assert.Equal(
            [(Ip("198.19.2.1"), vxlan.Index, true), (Ip("198.19.3.1"), vxlan.Index, true)],
            OwnRoutes(cluster["n1"]).Select(r => (r.Gateway!, r.OutputInterface, r.OnLink)));
        Assert.Equal(
            [(VtepMac.Derive("n2"), Ip("198.18.1.2")), (VtepMac.Derive("n3"), Ip("198.18.2.3"))],
            netlink.GetFdbEntries(vxlan.Index).Select(e => (e.MacAddress, e.Destination!)).OrderBy(e => e.Item2.ToString(), StringComparer.Ordinal));
    }

    [Fact]
    public async Task CrossSubnet_routes_same_subnet_nodes_over_the_underlay_and_others_through_vxlan()
    {
        var ct = TestContext.Current.CancellationToken;
        using var cluster = ThreeNodes();
        await using var routers = await Routers.StartAsync(cluster, Encapsulation.VxlanCrossSubnet, ct);

        Assert.Equal(Bytes, await cluster["n1"].TcpToAsync(cluster["n2"], Bytes, ct));
        Assert.Equal(Bytes, await cluster["n1"].TcpToAsync(cluster["n3"], Bytes, ct));
        Assert.Equal(Bytes, await cluster["n2"].TcpToAsync(cluster["n3"], Bytes, ct));

        using var netlink = NetlinkRoute.Open(cluster["n1"].Host);
        var routes = OwnRoutes(cluster["n1"]);
        Assert.Equal((Ip("198.18.1.2"), netlink.GetLink("eth0")!.Index, false), (routes[0].Gateway!, routes[0].OutputInterface, routes[0].OnLink));
        Assert.Equal((Ip("198.19.3.1"), netlink.GetLink("vxlan.calico")!.Index, true), (routes[1].Gateway!, routes[1].OutputInterface, routes[1].OnLink));
    }

    [Fact]
    public async Task Withdrawing_a_node_removes_its_routes_fdb_and_neighbour_entries()
    {
        var ct = TestContext.Current.CancellationToken;
        using var cluster = ThreeNodes();
        await using var routers = await Routers.StartAsync(cluster, Encapsulation.VxlanAlways, ct);
        Assert.Equal(Bytes, await cluster["n1"].TcpToAsync(cluster["n2"], Bytes, ct));

        await routers["n1"].ApplyAsync(new RoutingUpdate { RemovedBlocks = [Net("198.19.2.0/26")], RemovedNodes = ["n2"] }, ct);

        using var netlink = NetlinkRoute.Open(cluster["n1"].Host);
        var vxlan = netlink.GetLink("vxlan.calico")!.Index;
        Assert.Equal([Net("198.19.3.0/26")], OwnRoutes(cluster["n1"]).Select(r => r.Destination));
        Assert.Equal([VtepMac.Derive("n3")], netlink.GetFdbEntries(vxlan).Select(e => e.MacAddress));
        Assert.Equal([Ip("198.19.3.1")], netlink.GetNeighbours(AddressFamily.InterNetwork, vxlan).Where(n => n.IsPermanent).Select(n => n.Address));
        Assert.True(await cluster["n1"].CannotReachAsync(cluster["n2"], ct));
        Assert.Equal(Bytes, await cluster["n1"].TcpToAsync(cluster["n3"], Bytes, ct));
    }
}
