using System.Net;
using System.Net.Sockets;
using Calico.Sdk.Linux;
using Calico.Sdk.Linux.Routing;
using Calico.Sdk.Routing;

namespace Calico.Routing.Direct;

/// <summary>The local underlay as the planner needs it, per family (index 0: the node has no address of that family).</summary>
/// <param name="IPv4Index">The IPv4 underlay ifindex.</param>
/// <param name="IPv4Subnet">The local IPv4 subnet.</param>
/// <param name="IPv6Index">The IPv6 underlay ifindex.</param>
/// <param name="IPv6Subnet">The local IPv6 subnet.</param>
/// <param name="Protocol">The router's route protocol.</param>
internal sealed record DirectDevices(int IPv4Index, IPNetwork? IPv4Subnet, int IPv6Index, IPNetwork? IPv6Subnet, RouteProtocol Protocol);

/// <summary>
/// Routes every remote block of a no-encapsulation pool via the owning node's underlay address of the block's family,
/// out of the local underlay device. A node outside the local subnet cannot be reached without a router (Calico
/// leaves that to BGP), so its blocks are left out with a warning rather than failing the whole batch.
/// </summary>
internal static class DirectPlanner
{
    internal static KernelRoutingState Plan(RoutingState state, DirectDevices devices, Action<string>? warn = null)
    {
        var local = state.LocalNode;
        var nodes = state.Nodes.Where(n => n.Name != local.Name).GroupBy(n => n.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var routes = new List<RouteInfo>();
        foreach (var block in state.Blocks.OrderBy(b => b.Cidr.ToString(), StringComparer.Ordinal))
        {
            if (block.Node == local.Name || block.Encapsulation != Encapsulation.None || !nodes.TryGetValue(block.Node, out var node))
            {
                continue;
            }

            var v4 = block.Cidr.BaseAddress.AddressFamily == AddressFamily.InterNetwork;
            var gateway = v4 ? node.IPv4Address : node.IPv6Address;
            var (index, subnet) = v4 ? (devices.IPv4Index, devices.IPv4Subnet) : (devices.IPv6Index, devices.IPv6Subnet);
            if (gateway is null || index == 0)
            {
                continue;
            }

            if (subnet is { } s && !s.Contains(gateway))
            {
                warn?.Invoke($"block {block.Cidr} of node {node.Name}: {gateway} is outside the local subnet {s}; no-encap routing needs one L2 segment");
                continue;
            }

            routes.Add(new RouteInfo(block.Cidr) { Gateway = gateway, OutputInterface = index, Protocol = devices.Protocol });
        }

        return new KernelRoutingState { Routes = routes };
    }
}
