using Calico.Routing.Vxlan;
using Calico.Sdk.Linux;
using Calico.Sdk.Linux.Routing;
using Calico.Sdk.Routing;
using Xunit;
using static Calico.Routing.Tests.Model;

namespace Calico.Routing.Tests.Unit;

public sealed class VxlanV6PlannerTests
{
    private const int Vx = 7;
    private const int Vx6 = 8;
    private const int Eth = 2;
    private static readonly RouteProtocol Proto = (RouteProtocol)81;
    private static readonly VxlanDevices DualStack = new(Vx, Eth, Net("198.18.1.0/24"), Proto) { V6Index = Vx6, V6ParentIndex = Eth, V6LocalSubnet = Net("fd00:18:1::/64") };
    private static readonly RoutingNode N1 = NodeV6("n1", 1);
    private static readonly RoutingNode N2 = NodeV6("n2", 2);
    private static readonly RoutingNode N3 = NodeV6("n3", 3, subnet: 2);

    [Fact]
    public void Ipv6_blocks_route_through_the_ipv6_vtep_on_vxlan_v6_with_ipv6_fdb_and_neighbour_entries()
    {
        var plan = VxlanPlanner.Plan(State(N1, [N1, N2, N3], BlockV6(1, "n1", Encapsulation.VxlanAlways), BlockV6(2, "n2", Encapsulation.VxlanAlways),
            BlockV6(3, "n3", Encapsulation.VxlanAlways), Block(2, "n2", Encapsulation.VxlanAlways)), DualStack);

        Assert.Equal(
            [
                new RouteInfo(Net("198.19.2.0/26")) { Gateway = Ip("198.19.2.1"), OutputInterface = Vx, OnLink = true, Protocol = Proto },
                new RouteInfo(Net("fd00:19:2::/122")) { Gateway = Ip("fd00:19:2::1"), OutputInterface = Vx6, OnLink = true, Protocol = Proto },
                new RouteInfo(Net("fd00:19:3::/122")) { Gateway = Ip("fd00:19:3::1"), OutputInterface = Vx6, OnLink = true, Protocol = Proto },
            ],
            plan.Routes);
        Assert.Equal(
            [
                new FdbEntry(Vx, VtepMac.Derive("n2")) { Destination = Ip("198.18.1.2") },
                new FdbEntry(Vx, VtepMac.Derive("n3")) { Destination = Ip("198.18.2.3") },
                new FdbEntry(Vx6, VtepMac.DeriveV6("n2")) { Destination = Ip("fd00:18:1::2") },
                new FdbEntry(Vx6, VtepMac.DeriveV6("n3")) { Destination = Ip("fd00:18:2::3") },
            ],
            plan.FdbEntries);
        Assert.Equal(
            [new NeighbourInfo(Vx6, Ip("fd00:19:2::1"), VtepMac.DeriveV6("n2")), new NeighbourInfo(Vx6, Ip("fd00:19:3::1"), VtepMac.DeriveV6("n3"))],
            plan.Neighbours.Where(n => n.InterfaceIndex == Vx6));
    }

    [Fact]
    public void Ipv6_crosssubnet_goes_direct_inside_the_ipv6_subnet_and_a_stored_v6_mac_wins()
    {
        var n2 = N2 with { VxlanTunnelMacV6 = "66:00:00:00:00:02" };
        var plan = VxlanPlanner.Plan(State(N1, [n2, N3], BlockV6(2, "n2", Encapsulation.VxlanCrossSubnet), BlockV6(3, "n3", Encapsulation.VxlanCrossSubnet)), DualStack);

        Assert.Equal(new RouteInfo(Net("fd00:19:2::/122")) { Gateway = Ip("fd00:18:1::2"), OutputInterface = Eth, Protocol = Proto }, plan.Routes[0]);
        Assert.Equal(Vx6, plan.Routes[1].OutputInterface);
        Assert.Contains(new FdbEntry(Vx6, VtepMac.Parse("66:00:00:00:00:02")) { Destination = Ip("fd00:18:1::2") }, plan.FdbEntries);
    }

    [Fact]
    public void Without_a_v6_device_or_a_v6_vtep_nothing_ipv6_is_planned_and_ipv4_is_unaffected()
    {
        var v4Only = VxlanPlanner.Plan(State(N1, [N2], BlockV6(2, "n2", Encapsulation.VxlanAlways), Block(2, "n2", Encapsulation.VxlanAlways)),
            new VxlanDevices(Vx, Eth, Net("198.18.1.0/24"), Proto));
        Assert.Equal([Net("198.19.2.0/26")], v4Only.Routes.Select(r => r.Destination));
        Assert.All(v4Only.FdbEntries, e => Assert.Equal(Vx, e.InterfaceIndex));

        var noV6Vtep = N2 with { VxlanTunnelAddressV6 = null };
        var v6Only = VxlanPlanner.Plan(State(N1, [noV6Vtep, N3], BlockV6(2, "n2", Encapsulation.VxlanAlways), BlockV6(3, "n3", Encapsulation.VxlanAlways),
            Block(3, "n3", Encapsulation.VxlanAlways)), DualStack with { VxlanIndex = 0, ParentIndex = 0 });
        Assert.Equal([Net("fd00:19:3::/122")], v6Only.Routes.Select(r => r.Destination));
        Assert.Equal([Vx6], v6Only.FdbEntries.Select(e => e.InterfaceIndex));
    }

    [Fact]
    public void A_borrowed_ipv6_address_routes_to_the_ipv6_vtep_of_the_node_that_uses_it()
    {
        var borrowed = new RoutedBlock(Net("fd00:19:3::9/128"), "n2", Encapsulation.VxlanAlways);
        var plan = VxlanPlanner.Plan(State(N1, [N2, N3], BlockV6(3, "n3", Encapsulation.VxlanAlways), borrowed), DualStack);
        Assert.Equal(Ip("fd00:19:2::1"), plan.Routes.Single(r => r.Destination.PrefixLength == 128).Gateway);
        Assert.Equal(Ip("fd00:19:3::1"), plan.Routes.Single(r => r.Destination.PrefixLength == 122).Gateway);
    }
}
