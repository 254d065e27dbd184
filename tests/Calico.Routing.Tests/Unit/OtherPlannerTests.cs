using Calico.Routing.Direct;
using Calico.Routing.Ipip;
using Calico.Sdk.Linux;
using Calico.Sdk.Routing;
using Xunit;
using static Calico.Routing.Tests.Model;

namespace Calico.Routing.Tests.Unit;

public sealed class OtherPlannerTests
{
    private static readonly RoutingNode N1 = Node("n1", 1);
    private static readonly RoutingNode N2 = Node("n2", 2);
    private static readonly RoutingNode N3 = Node("n3", 3, subnet: 2);

    [Fact]
    public void Noencap_routes_remote_blocks_via_the_node_address_out_of_the_underlay()
    {
        var devices = new DirectDevices(2, Net("198.18.1.0/24"), 0, null, (RouteProtocol)82);
        var plan = DirectPlanner.Plan(State(N1, [N2], Block(1, "n1", Encapsulation.None), Block(2, "n2", Encapsulation.None), Block(4, "n2", Encapsulation.VxlanAlways)), devices);
        Assert.Equal(new RouteInfo(Net("198.19.2.0/26")) { Gateway = Ip("198.18.1.2"), OutputInterface = 2, Protocol = (RouteProtocol)82 }, Assert.Single(plan.Routes));
        Assert.Empty(plan.FdbEntries);
    }

    [Fact]
    public void Noencap_skips_nodes_outside_the_local_subnet_with_a_warning()
    {
        var warnings = new List<string>();
        var devices = new DirectDevices(2, Net("198.18.1.0/24"), 0, null, (RouteProtocol)82);
        var plan = DirectPlanner.Plan(State(N1, [N3], Block(3, "n3", Encapsulation.None)), devices, warnings.Add);
        Assert.Empty(plan.Routes);
        Assert.Contains("outside the local subnet 198.18.1.0/24", Assert.Single(warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Noencap_routes_ipv6_blocks_via_the_node_ipv6_address()
    {
        var n2 = N2 with { IPv6Address = Ip("fd00:18::2") };
        var devices = new DirectDevices(2, null, 2, Net("fd00:18::/64"), (RouteProtocol)82);
        var block = new RoutedBlock(Net("fd00:19:2::/122"), "n2", Encapsulation.None);
        var route = Assert.Single(DirectPlanner.Plan(State(N1, [n2], block), devices).Routes);
        Assert.Equal(Ip("fd00:18::2"), route.Gateway);
        Assert.Equal(2, route.OutputInterface);
    }

    [Fact]
    public void Ipip_routes_via_the_node_address_through_tunl0_onlink_and_crosssubnet_directly()
    {
        var devices = new IpipDevices(3, 5, Net("198.18.1.0/24"), (RouteProtocol)83);
        var plan = IpipPlanner.Plan(
            State(N1, [N2, N3], Block(2, "n2", Encapsulation.IpipCrossSubnet), Block(3, "n3", Encapsulation.IpipCrossSubnet), Block(4, "n2", Encapsulation.IpipAlways),
                Block(6, "n2", Encapsulation.VxlanAlways)),
            devices);
        Assert.Equal(
            [
                new RouteInfo(Net("198.19.2.0/26")) { Gateway = Ip("198.18.1.2"), OutputInterface = 5, Protocol = (RouteProtocol)83 },
                new RouteInfo(Net("198.19.3.0/26")) { Gateway = Ip("198.18.2.3"), OutputInterface = 3, OnLink = true, Protocol = (RouteProtocol)83 },
                new RouteInfo(Net("198.19.4.0/26")) { Gateway = Ip("198.18.1.2"), OutputInterface = 3, OnLink = true, Protocol = (RouteProtocol)83 },
            ],
            plan.Routes);
    }

    [Fact]
    public void Borrowed_addresses_route_to_their_holder_with_noencap_and_ipip_while_the_block_routes_to_its_owner()
    {
        var borrowed = new RoutedBlock(Net("198.19.2.9/32"), "n3", Encapsulation.None);
        var direct = DirectPlanner.Plan(State(N1, [N2, N3 with { IPv4Address = Ip("198.18.1.3") }], Block(2, "n2", Encapsulation.None), borrowed),
            new DirectDevices(2, Net("198.18.1.0/24"), 0, null, (RouteProtocol)82));
        Assert.Equal(
            [(Net("198.19.2.0/26"), Ip("198.18.1.2")), (Net("198.19.2.9/32"), Ip("198.18.1.3"))],
            direct.Routes.Select(r => (r.Destination, r.Gateway!)));

        var ipip = IpipPlanner.Plan(State(N1, [N2, N3], Block(2, "n2", Encapsulation.IpipAlways), borrowed with { Encapsulation = Encapsulation.IpipAlways }),
            new IpipDevices(3, 5, Net("198.18.1.0/24"), (RouteProtocol)83));
        Assert.Equal(
            [(Net("198.19.2.0/26"), Ip("198.18.1.2"), 3), (Net("198.19.2.9/32"), Ip("198.18.2.3"), 3)],
            ipip.Routes.Select(r => (r.Destination, r.Gateway!, r.OutputInterface)));

        // An address this node borrowed from another node's block is the agent's workload route, not the router's.
        var mine = IpipPlanner.Plan(State(N1, [N2], Block(2, "n2", Encapsulation.IpipAlways), new RoutedBlock(Net("198.19.2.9/32"), "n1", Encapsulation.IpipAlways)),
            new IpipDevices(3, 5, Net("198.18.1.0/24"), (RouteProtocol)83));
        Assert.Equal([Net("198.19.2.0/26")], mine.Routes.Select(r => r.Destination));
    }
}
