using System.Net.NetworkInformation;
using Calico.Routing.Vxlan;
using Calico.Sdk.Linux;
using Calico.Sdk.Linux.Routing;
using Calico.Sdk.Routing;
using Xunit;
using static Calico.Routing.Tests.Model;

namespace Calico.Routing.Tests.Unit;

public sealed class VxlanPlannerTests
{
    private const int Vx = 7;
    private const int Eth = 2;
    private static readonly VxlanDevices Devices = new(Vx, Eth, Net("198.18.1.0/24"), (RouteProtocol)81);
    private static readonly RoutingNode N1 = Node("n1", 1);
    private static readonly RoutingNode N2 = Node("n2", 2);
    private static readonly RoutingNode N3 = Node("n3", 3, subnet: 2);

    [Fact]
    public void Always_routes_every_remote_block_through_its_vtep_onlink()
    {
        var plan = VxlanPlanner.Plan(State(N1, [N1, N2, N3], Block(1, "n1", Encapsulation.VxlanAlways), Block(2, "n2", Encapsulation.VxlanAlways), Block(3, "n3", Encapsulation.VxlanAlways)), Devices);

        Assert.Equal(
            [
                new RouteInfo(Net("198.19.2.0/26")) { Gateway = Ip("198.19.2.1"), OutputInterface = Vx, OnLink = true, Protocol = (RouteProtocol)81 },
                new RouteInfo(Net("198.19.3.0/26")) { Gateway = Ip("198.19.3.1"), OutputInterface = Vx, OnLink = true, Protocol = (RouteProtocol)81 },
            ],
            plan.Routes);
        Assert.Equal([new NeighbourInfo(Vx, Ip("198.19.2.1"), VtepMac.Derive("n2")), new NeighbourInfo(Vx, Ip("198.19.3.1"), VtepMac.Derive("n3"))], plan.Neighbours);
        Assert.Equal(
            [new FdbEntry(Vx, VtepMac.Derive("n2")) { Destination = Ip("198.18.1.2") }, new FdbEntry(Vx, VtepMac.Derive("n3")) { Destination = Ip("198.18.2.3") }],
            plan.FdbEntries);
    }

    [Fact]
    public void CrossSubnet_routes_same_subnet_nodes_directly_and_others_through_the_vtep()
    {
        var plan = VxlanPlanner.Plan(State(N1, [N2, N3], Block(2, "n2", Encapsulation.VxlanCrossSubnet), Block(3, "n3", Encapsulation.VxlanCrossSubnet)), Devices);

        Assert.Equal(new RouteInfo(Net("198.19.2.0/26")) { Gateway = Ip("198.18.1.2"), OutputInterface = Eth, Protocol = (RouteProtocol)81 }, plan.Routes[0]);
        Assert.Equal(new RouteInfo(Net("198.19.3.0/26")) { Gateway = Ip("198.19.3.1"), OutputInterface = Vx, OnLink = true, Protocol = (RouteProtocol)81 }, plan.Routes[1]);
        Assert.Equal(2, plan.FdbEntries.Count); // VTEPs are programmed for every node, whatever the pool mode.
    }

    [Fact]
    public void CrossSubnet_without_a_known_local_subnet_encapsulates_everything()
    {
        var plan = VxlanPlanner.Plan(State(N1, [N2], Block(2, "n2", Encapsulation.VxlanCrossSubnet)), Devices with { LocalSubnet = null });
        Assert.Equal(Vx, Assert.Single(plan.Routes).OutputInterface);
    }

    [Fact]
    public void Blocks_of_other_pools_local_blocks_and_nodes_without_a_vtep_get_no_route()
    {
        var noVtep = Node("n4", 4) with { VxlanTunnelAddress = null };
        var plan = VxlanPlanner.Plan(
            State(N1, [N2, noVtep], Block(1, "n1", Encapsulation.VxlanAlways), Block(2, "n2", Encapsulation.None), Block(5, "n2", Encapsulation.IpipAlways),
                Block(4, "n4", Encapsulation.VxlanAlways), Block(6, "unknown", Encapsulation.VxlanAlways)),
            Devices);
        Assert.Empty(plan.Routes);
        Assert.Single(plan.FdbEntries); // n2 still has a VTEP
    }

    [Fact]
    public void A_node_mac_from_the_datastore_wins_and_a_bad_one_drops_only_that_node()
    {
        var warnings = new List<string>();
        var given = N2 with { VxlanTunnelMac = "66:aa:bb:cc:dd:ee" };
        var bad = N3 with { VxlanTunnelMac = "01:00:5e:00:00:01" };
        var plan = VxlanPlanner.Plan(State(N1, [given, bad], Block(2, "n2", Encapsulation.VxlanAlways), Block(3, "n3", Encapsulation.VxlanAlways)), Devices, warnings.Add);

        Assert.Equal(PhysicalAddress.Parse("66-AA-BB-CC-DD-EE"), Assert.Single(plan.Neighbours).LinkAddress);
        Assert.Single(plan.Routes);
        Assert.Contains("n3", Assert.Single(warnings), StringComparison.Ordinal);
        Assert.Contains("multicast", warnings[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Borrowed_addresses_route_to_the_node_that_uses_them()
    {
        var borrowed = new RoutedBlock(Net("198.19.3.9/32"), "n2", Encapsulation.VxlanAlways);
        var plan = VxlanPlanner.Plan(State(N1, [N2, N3], Block(3, "n3", Encapsulation.VxlanAlways), borrowed), Devices);
        Assert.Equal(Ip("198.19.2.1"), plan.Routes.Single(r => r.Destination.PrefixLength == 32).Gateway);
        Assert.Equal(Ip("198.19.3.1"), plan.Routes.Single(r => r.Destination.PrefixLength == 26).Gateway);
    }

    [Fact]
    public void Planning_is_deterministic_whatever_the_input_order()
    {
        var blocks = new[] { Block(3, "n3", Encapsulation.VxlanAlways), Block(2, "n2", Encapsulation.VxlanCrossSubnet) };
        var a = VxlanPlanner.Plan(State(N1, [N2, N3], blocks), Devices);
        var b = VxlanPlanner.Plan(State(N1, [N3, N2], [.. blocks.Reverse()]), Devices);
        Assert.Equal(a.Routes, b.Routes);
        Assert.Equal(a.FdbEntries, b.FdbEntries);
        Assert.Equal(a.Neighbours, b.Neighbours);
    }
}
