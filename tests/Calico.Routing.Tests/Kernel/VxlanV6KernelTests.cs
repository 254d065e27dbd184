using System.Net.Sockets;
using Calico.Routing.Vxlan;
using Calico.Sdk.Linux;
using Calico.Sdk.Linux.Routing;
using Calico.Sdk.Routing;
using Xunit;
using static Calico.Routing.Tests.Model;

namespace Calico.Routing.Tests.Kernel;

/// <summary>Pod-to-pod IPv6 over <c>vxlan-v6.calico</c> (IPv6 underlay), next to IPv4 over <c>vxlan.calico</c>.</summary>
public sealed class VxlanV6KernelTests
{
    private const int Bytes = 1 << 20;

    private static Cluster DualStack() => Cluster.CreateDualStack(1430, ("n1", 1, 1), ("n2", 2, 1), ("n3", 3, 2));

    private static Task<long> Tcp6Async(SimNode from, SimNode to, CancellationToken ct) =>
        Tcp.SendAsync(from.Pod, to.Pod, to.PodIpV6, 7100 + from.N, Bytes, ct);

    [Fact]
    public async Task Always_carries_ipv6_pod_traffic_through_vxlan_v6_calico_and_ipv4_through_vxlan_calico()
    {
        var ct = TestContext.Current.CancellationToken;
        using var cluster = DualStack();
        await using var routers = await Routers.StartAsync(cluster, Encapsulation.VxlanAlways, ct);

        Assert.Equal(Bytes, await Tcp6Async(cluster["n1"], cluster["n2"], ct));
        Assert.Equal(Bytes, await Tcp6Async(cluster["n1"], cluster["n3"], ct)); // across the fabric's IPv6 router
        Assert.Equal(Bytes, await Tcp6Async(cluster["n3"], cluster["n2"], ct));
        Assert.Equal(Bytes, await cluster["n2"].TcpToAsync(cluster["n3"], Bytes, ct));

        using var netlink = NetlinkRoute.Open(cluster["n1"].Host);
        var v6 = netlink.GetLink("vxlan-v6.calico")!;
        Assert.Equal(1430, v6.Mtu); // veth underlay 1500 - 70
        Assert.Equal(1450, netlink.GetLink("vxlan.calico")!.Mtu);
        Assert.Equal(VtepMac.DeriveV6("n1"), v6.MacAddress);
        Assert.Equal((uint)4096, v6.Vxlan!.Vni);
        Assert.Equal((ushort)4789, v6.Vxlan.Port);
        Assert.False(v6.Vxlan.Learning);
        Assert.Equal(Ip("fd00:18:1::1"), v6.Vxlan.Local);
        Assert.Equal(netlink.GetLink("eth0")!.Index, v6.Vxlan.ParentIndex);
        Assert.Equal(Ip("fd00:19:1::1"), Assert.Single(netlink.GetAddresses(AddressFamily.InterNetworkV6, v6.Index), a => !a.Address.IsIPv6LinkLocal).Address);
        Assert.Equal(
            [(Net("fd00:19:2::/122"), Ip("fd00:19:2::1"), true), (Net("fd00:19:3::/122"), Ip("fd00:19:3::1"), true)],
            netlink.GetRoutes(AddressFamily.InterNetworkV6).Where(r => (byte)r.Protocol == 81).OrderBy(r => r.Destination.ToString(), StringComparer.Ordinal)
                .Select(r => (r.Destination, r.Gateway!, r.OnLink && r.OutputInterface == v6.Index)));
        Assert.Equal(
            [(VtepMac.DeriveV6("n2"), Ip("fd00:18:1::2")), (VtepMac.DeriveV6("n3"), Ip("fd00:18:2::3"))],
            netlink.GetFdbEntries(v6.Index).Select(e => (e.MacAddress, e.Destination!)).OrderBy(e => e.Item2.ToString(), StringComparer.Ordinal));
        Assert.Equal(
            [(Ip("fd00:19:2::1"), VtepMac.DeriveV6("n2")), (Ip("fd00:19:3::1"), VtepMac.DeriveV6("n3"))],
            netlink.GetNeighbours(AddressFamily.InterNetworkV6, v6.Index).Where(n => n.IsPermanent).OrderBy(n => n.Address.ToString(), StringComparer.Ordinal)
                .Select(n => (n.Address, n.LinkAddress!)));
    }

    [Fact]
    public async Task CrossSubnet_routes_same_subnet_ipv6_nodes_over_the_underlay_and_others_through_vxlan_v6()
    {
        var ct = TestContext.Current.CancellationToken;
        using var cluster = DualStack();
        await using var routers = await Routers.StartAsync(cluster, Encapsulation.VxlanCrossSubnet, ct);

        Assert.Equal(Bytes, await Tcp6Async(cluster["n1"], cluster["n2"], ct));
        Assert.Equal(Bytes, await Tcp6Async(cluster["n2"], cluster["n3"], ct));

        using var netlink = NetlinkRoute.Open(cluster["n1"].Host);
        var routes = netlink.GetRoutes(AddressFamily.InterNetworkV6).Where(r => (byte)r.Protocol == 81).OrderBy(r => r.Destination.ToString(), StringComparer.Ordinal).ToList();
        Assert.Equal((Ip("fd00:18:1::2"), netlink.GetLink("eth0")!.Index), (routes[0].Gateway!, routes[0].OutputInterface));
        Assert.Equal((Ip("fd00:19:3::1"), netlink.GetLink("vxlan-v6.calico")!.Index), (routes[1].Gateway!, routes[1].OutputInterface));
    }

    [Fact]
    public async Task Losing_the_ipv6_tunnel_address_removes_vxlan_v6_calico_and_its_routes_but_keeps_ipv4()
    {
        var ct = TestContext.Current.CancellationToken;
        using var cluster = DualStack();
        await using var routers = await Routers.StartAsync(cluster, Encapsulation.VxlanAlways, ct);
        var n1 = cluster["n1"];

        await routers["n1"].ApplyAsync(new RoutingUpdate { UpsertedNodes = [n1.Routing with { VxlanTunnelAddressV6 = null }] }, ct);

        using var netlink = NetlinkRoute.Open(n1.Host);
        Assert.Null(netlink.GetLink("vxlan-v6.calico"));
        Assert.DoesNotContain(netlink.GetRoutes(AddressFamily.InterNetworkV6), r => (byte)r.Protocol == 81);
        Assert.Equal(2, netlink.GetRoutes(AddressFamily.InterNetwork).Count(r => (byte)r.Protocol == 81));
        Assert.Equal(Bytes, await n1.TcpToAsync(cluster["n3"], Bytes, ct));

        // A second reconcile with nothing changed sends nothing: the removal left no stale state behind.
        await routers["n1"].ReconcileAsync(cluster.StateFor("n1", Encapsulation.VxlanAlways) with { LocalNode = n1.Routing with { VxlanTunnelAddressV6 = null } }, ct);
        Assert.Equal(0, routers["n1"].LastChangeCount);
    }

    [Fact]
    public async Task A_restarted_router_leaves_both_devices_alone_and_removes_only_its_own_ipv6_leftovers()
    {
        var ct = TestContext.Current.CancellationToken;
        using var cluster = DualStack();
        var n1 = cluster["n1"];
        await using (var first = await Routers.StartAsync(cluster, Encapsulation.VxlanAlways, ct))
        {
            Assert.Equal(12, first["n1"].LastChangeCount); // per family and remote node: neighbour, FDB entry, route
        }

        using var netlink = NetlinkRoute.Open(n1.Host);
        var v6 = netlink.GetLink("vxlan-v6.calico")!.Index;
        var foreign = new RouteInfo(Net("fd00:99::/64")) { Gateway = Ip("fd00:19:2::1"), OutputInterface = v6, OnLink = true, Protocol = RouteProtocol.Static };
        var leftover = new RouteInfo(Net("fd00:98::/64")) { Gateway = Ip("fd00:19:2::1"), OutputInterface = v6, OnLink = true, Protocol = (RouteProtocol)81 };
        netlink.AddRoute(foreign);
        netlink.AddRoute(leftover);

        await using var restarted = new VxlanRouter(new VxlanRoutingOptions { Namespace = n1.Host }, null);
        await restarted.StartAsync(n1.Routing, ct);
        await restarted.ReconcileAsync(cluster.StateFor("n1", Encapsulation.VxlanAlways), ct);

        Assert.Equal(1, restarted.LastChangeCount); // only the leftover goes
        Assert.Equal(v6, netlink.GetLink("vxlan-v6.calico")!.Index); // not recreated
        var routes = netlink.GetRoutes(AddressFamily.InterNetworkV6);
        Assert.DoesNotContain(routes, r => r.Destination == leftover.Destination);
        Assert.Contains(routes, r => r.Destination == foreign.Destination && r.Protocol == RouteProtocol.Static);
        Assert.Equal(Bytes, await Tcp6Async(n1, cluster["n3"], ct));
    }

    [Fact]
    public async Task An_ipv6_only_node_runs_only_vxlan_v6_calico_and_drops_an_old_ipv4_device()
    {
        var ct = TestContext.Current.CancellationToken;
        using var cluster = DualStack();
        var v6Only = cluster.Nodes.Select(n => n.Routing with { IPv4Address = null, IPv4Subnet = null, VxlanTunnelAddress = null }).ToList();
        var routers = new List<VxlanRouter>();
        try
        {
            foreach (var node in cluster.Nodes)
            {
                var router = new VxlanRouter(new VxlanRoutingOptions { Namespace = node.Host }, null);
                routers.Add(router);
                await router.StartAsync(node.Routing, ct); // dual-stack first: both devices
                var local = v6Only.Single(n => n.Name == node.Name);
                await router.ReconcileAsync(cluster.StateFor(node.Name, Encapsulation.VxlanAlways) with { LocalNode = local, Nodes = v6Only }, ct);
            }

            using var netlink = NetlinkRoute.Open(cluster["n1"].Host);
            Assert.Null(netlink.GetLink("vxlan.calico"));
            Assert.NotNull(netlink.GetLink("vxlan-v6.calico"));
            Assert.DoesNotContain(netlink.GetRoutes(AddressFamily.InterNetwork), r => (byte)r.Protocol == 81);
            Assert.Equal(Bytes, await Tcp6Async(cluster["n1"], cluster["n3"], ct));
        }
        finally
        {
            foreach (var router in routers)
            {
                await router.DisposeAsync();
            }
        }
    }
}
