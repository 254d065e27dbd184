using System.Net.Sockets;
using Calico.Routing.Vxlan;
using Calico.Sdk.Linux;
using Calico.Sdk.Routing;
using Xunit;
using static Calico.Routing.Tests.Model;

namespace Calico.Routing.Tests.Kernel;

/// <summary>One owner per kernel object: what another owner wrote survives; own leftovers go only after a full sync.</summary>
public sealed class OwnershipKernelTests
{
    [Fact]
    public async Task Reconcile_removes_own_leftovers_only_and_a_restart_changes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var cluster = Cluster.Create(1450, ("n1", 1, 1), ("n2", 2, 1));
        var n1 = cluster["n1"];
        await using (var first = await Routers.StartAsync(cluster, Encapsulation.VxlanAlways, ct))
        {
            Assert.Equal(3, first["n1"].LastChangeCount); // neighbour, FDB entry, route
        }

        using var netlink = NetlinkRoute.Open(n1.Host);
        var vxlan = netlink.GetLink("vxlan.calico")!.Index;
        var foreign = new RouteInfo(Net("198.19.99.0/24")) { Gateway = Ip("198.19.2.1"), OutputInterface = vxlan, OnLink = true, Protocol = RouteProtocol.Static };
        var leftover = new RouteInfo(Net("198.19.98.0/24")) { Gateway = Ip("198.19.2.1"), OutputInterface = vxlan, OnLink = true, Protocol = (RouteProtocol)81 };
        var workload = new RouteInfo(Net("198.19.1.7/32")) { OutputInterface = netlink.GetLink("cali1")!.Index, Protocol = RouteProtocol.Calico };
        netlink.AddRoute(foreign);
        netlink.AddRoute(leftover);
        netlink.AddRoute(workload);

        await using var restarted = new VxlanRouter(new VxlanRoutingOptions { Namespace = n1.Host }, null);
        await restarted.StartAsync(n1.Routing, ct);

        // Before the first full sync an update touches only what it mentions: the leftover survives it.
        await restarted.ApplyAsync(new RoutingUpdate { UpsertedNodes = [cluster["n2"].Routing], UpsertedBlocks = [Block(2, "n2", Encapsulation.VxlanAlways)] }, ct);
        Assert.Equal(0, restarted.LastChangeCount); // everything it needs is already there
        Assert.Contains(Routes(netlink), r => r.Destination == leftover.Destination);

        await restarted.ReconcileAsync(cluster.StateFor("n1", Encapsulation.VxlanAlways), ct);
        Assert.Equal(1, restarted.LastChangeCount);
        var routes = Routes(netlink);
        Assert.DoesNotContain(routes, r => r.Destination == leftover.Destination);
        Assert.Contains(routes, r => r.Destination == foreign.Destination && r.Protocol == RouteProtocol.Static);
        Assert.Contains(routes, r => r.Destination == workload.Destination && r.Protocol == RouteProtocol.Calico);
        Assert.Contains(routes, r => r.Destination == Net("198.19.2.0/26") && (byte)r.Protocol == 81);

        await restarted.ReconcileAsync(cluster.StateFor("n1", Encapsulation.VxlanAlways), ct);
        Assert.Equal(0, restarted.LastChangeCount);
        Assert.Equal(1 << 16, await n1.TcpToAsync(cluster["n2"], 1 << 16, ct));
    }

    [Fact]
    public async Task A_tampered_vxlan_device_is_rebuilt_on_reconcile_with_its_entries()
    {
        var ct = TestContext.Current.CancellationToken;
        using var cluster = Cluster.Create(1450, ("n1", 1, 1), ("n2", 2, 1));
        await using var routers = await Routers.StartAsync(cluster, Encapsulation.VxlanAlways, ct);
        using var netlink = NetlinkRoute.Open(cluster["n1"].Host);
        netlink.DeleteLink("vxlan.calico");
        Assert.True(await cluster["n1"].CannotReachAsync(cluster["n2"], ct));

        await routers["n1"].ReconcileAsync(cluster.StateFor("n1", Encapsulation.VxlanAlways), ct);

        Assert.Equal(3, routers["n1"].LastChangeCount);
        Assert.Equal(1 << 16, await cluster["n1"].TcpToAsync(cluster["n2"], 1 << 16, ct));
    }

    [Fact]
    public async Task An_interface_of_another_kind_named_vxlan_calico_is_not_replaced()
    {
        var ct = TestContext.Current.CancellationToken;
        using var cluster = Cluster.Create(1500, ("n1", 1, 1));
        using var netlink = NetlinkRoute.Open(cluster["n1"].Host);
        netlink.AddLink(new BridgeLink("vxlan.calico"));
        await using var router = new VxlanRouter(new VxlanRoutingOptions { Namespace = cluster["n1"].Host }, null);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => router.StartAsync(cluster["n1"].Routing, ct));

        Assert.Contains("exists as a bridge device, not VXLAN", error.Message, StringComparison.Ordinal);
        Assert.Equal("bridge", netlink.GetLink("vxlan.calico")!.Kind);
    }

    private static List<RouteInfo> Routes(NetlinkRoute netlink) => [.. netlink.GetRoutes(AddressFamily.InterNetwork)];
}
