using System.Net;
using Calico.Sdk.Routing;

namespace Calico.Routing.Tests;

/// <summary>Builders for routing models: node N has underlay address 198.18.S.N, block 198.19.N.0/26 and tunnel 198.19.N.1
/// (IPv6: fd00:18:S::N, fd00:19:N::/122, fd00:19:N::1).</summary>
internal static class Model
{
    internal static IPAddress Ip(string text) => IPAddress.Parse(text);

    internal static IPNetwork Net(string text) => IPNetwork.Parse(text);

    internal static RoutingNode Node(string name, int n, int subnet = 1) =>
        new(name, Ip($"198.18.{subnet}.{n}"), null)
        {
            IPv4Subnet = Net($"198.18.{subnet}.0/24"),
            VxlanTunnelAddress = Ip($"198.19.{n}.1"),
            IpipTunnelAddress = Ip($"198.19.{n}.1"),
        };

    /// <summary>Node N dual-stack: also underlay fd00:18:S::N (subnet fd00:18:S::/64) and IPv6 VXLAN tunnel fd00:19:N::1.</summary>
    internal static RoutingNode NodeV6(string name, int n, int subnet = 1) =>
        Node(name, n, subnet) with { IPv6Address = Ip($"fd00:18:{subnet}::{n}"), VxlanTunnelAddressV6 = Ip($"fd00:19:{n}::1") };

    internal static RoutedBlock Block(int n, string node, Encapsulation encapsulation) => new(Net($"198.19.{n}.0/26"), node, encapsulation);

    internal static RoutedBlock BlockV6(int n, string node, Encapsulation encapsulation) => new(Net($"fd00:19:{n}::/122"), node, encapsulation);

    internal static RoutingState State(RoutingNode local, IEnumerable<RoutingNode> nodes, params RoutedBlock[] blocks) =>
        new(local, [.. nodes], blocks);
}
