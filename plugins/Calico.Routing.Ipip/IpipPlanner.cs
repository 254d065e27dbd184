using System.Net;
using System.Net.Sockets;
using Calico.Sdk.Linux;
using Calico.Sdk.Linux.Routing;
using Calico.Sdk.Routing;

namespace Calico.Routing.Ipip;

/// <summary>The tunnel device and underlay as the planner needs them.</summary>
/// <param name="TunnelIndex">The ifindex of <c>tunl0</c>.</param>
/// <param name="ParentIndex">The underlay ifindex (CrossSubnet routes within the subnet leave through it).</param>
/// <param name="LocalSubnet">The local IPv4 subnet, or null (then every route is encapsulated).</param>
/// <param name="Protocol">The router's route protocol.</param>
internal sealed record IpipDevices(int TunnelIndex, int ParentIndex, IPNetwork? LocalSubnet, RouteProtocol Protocol);

/// <summary>
/// Per remote IPv4 block of an IPIP pool: <c>block via nodeIP dev tunl0 onlink</c> (the gateway is the remote
/// node's underlay address, which the tunnel uses as the outer destination), or for CrossSubnet pools and a node in
/// the local subnet <c>block via nodeIP dev parent</c>. IPIP is IPv4 only.
/// </summary>
internal static class IpipPlanner
{
    internal static KernelRoutingState Plan(RoutingState state, IpipDevices devices)
    {
        var local = state.LocalNode;
        var hosts = state.Nodes.Where(n => n.Name != local.Name && n.IPv4Address is not null)
            .GroupBy(n => n.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().IPv4Address!, StringComparer.Ordinal);
        var routes = new List<RouteInfo>();
        foreach (var block in state.Blocks.OrderBy(b => b.Cidr.ToString(), StringComparer.Ordinal))
        {
            if (block.Node == local.Name || block.Encapsulation is not (Encapsulation.IpipAlways or Encapsulation.IpipCrossSubnet)
                || block.Cidr.BaseAddress.AddressFamily != AddressFamily.InterNetwork || !hosts.TryGetValue(block.Node, out var host))
            {
                continue;
            }

            var direct = block.Encapsulation == Encapsulation.IpipCrossSubnet && devices.LocalSubnet is { } subnet && subnet.Contains(host);
            routes.Add(direct
                ? new RouteInfo(block.Cidr) { Gateway = host, OutputInterface = devices.ParentIndex, Protocol = devices.Protocol }
                : new RouteInfo(block.Cidr) { Gateway = host, OutputInterface = devices.TunnelIndex, OnLink = true, Protocol = devices.Protocol });
        }

        return new KernelRoutingState { Routes = routes };
    }
}
