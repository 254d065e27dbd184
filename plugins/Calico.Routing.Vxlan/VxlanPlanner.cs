using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Calico.Sdk.Linux;
using Calico.Sdk.Linux.Routing;
using Calico.Sdk.Routing;

namespace Calico.Routing.Vxlan;

/// <summary>The VXLAN device as the planner needs it.</summary>
/// <param name="VxlanIndex">The ifindex of <c>vxlan.calico</c>.</param>
/// <param name="ParentIndex">The ifindex of the underlay device (CrossSubnet routes leave through it).</param>
/// <param name="LocalSubnet">The local node's underlay subnet, or null when unknown (then every route is encapsulated).</param>
/// <param name="Protocol">The router's route protocol.</param>
internal sealed record VxlanDevices(int VxlanIndex, int ParentIndex, IPNetwork? LocalSubnet, RouteProtocol Protocol);

/// <summary>
/// Turns the routing model into kernel objects, like Felix's VXLAN manager: per remote node with a VTEP a permanent
/// neighbour entry (tunnel IP → VTEP MAC) and an FDB entry (VTEP MAC → node IP) on the VXLAN device; per remote
/// IPv4 block of a VXLAN pool a route <c>block via tunnelIP dev vxlan.calico onlink</c>, or for CrossSubnet pools
/// and a node in the local subnet <c>block via nodeIP dev parent</c>. Pure: same input, same output.
/// </summary>
internal static class VxlanPlanner
{
    internal static KernelRoutingState Plan(RoutingState state, VxlanDevices devices, Action<string>? warn = null)
    {
        var local = state.LocalNode;
        var vteps = new Dictionary<string, (IPAddress Tunnel, IPAddress Host)>(StringComparer.Ordinal);
        var neighbours = new List<NeighbourInfo>();
        var fdb = new List<FdbEntry>();
        foreach (var node in state.Nodes.OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            if (node.Name == local.Name || node.VxlanTunnelAddress is not { AddressFamily: AddressFamily.InterNetwork } tunnel
                || node.IPv4Address is not { } host)
            {
                continue;
            }

            if (!TryMac(node, warn, out var mac))
            {
                continue;
            }

            vteps[node.Name] = (tunnel, host);
            neighbours.Add(new NeighbourInfo(devices.VxlanIndex, tunnel, mac));
            fdb.Add(new FdbEntry(devices.VxlanIndex, mac) { Destination = host });
        }

        var hosts = state.Nodes.Where(n => n.Name != local.Name && n.IPv4Address is not null)
            .GroupBy(n => n.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().IPv4Address!, StringComparer.Ordinal);
        var routes = new List<RouteInfo>();
        foreach (var block in state.Blocks.OrderBy(b => b.Cidr.ToString(), StringComparer.Ordinal))
        {
            if (block.Node == local.Name || block.Encapsulation is not (Encapsulation.VxlanAlways or Encapsulation.VxlanCrossSubnet)
                || block.Cidr.BaseAddress.AddressFamily != AddressFamily.InterNetwork)
            {
                continue;
            }

            if (block.Encapsulation == Encapsulation.VxlanCrossSubnet && hosts.TryGetValue(block.Node, out var host)
                && devices.LocalSubnet is { } subnet && subnet.Contains(host))
            {
                routes.Add(new RouteInfo(block.Cidr) { Gateway = host, OutputInterface = devices.ParentIndex, Protocol = devices.Protocol });
            }
            else if (vteps.TryGetValue(block.Node, out var vtep))
            {
                routes.Add(new RouteInfo(block.Cidr) { Gateway = vtep.Tunnel, OutputInterface = devices.VxlanIndex, OnLink = true, Protocol = devices.Protocol });
            }
        }

        return new KernelRoutingState { Routes = routes, FdbEntries = fdb, Neighbours = neighbours };
    }

    private static bool TryMac(RoutingNode node, Action<string>? warn, out PhysicalAddress mac)
    {
        if (node.VxlanTunnelMac is not { Length: > 0 } text)
        {
            mac = VtepMac.Derive(node.Name);
            return true;
        }

        try
        {
            mac = VtepMac.Parse(text);
            return true;
        }
        catch (FormatException error)
        {
            warn?.Invoke($"node {node.Name}: {error.Message}; its VTEP and routes are left out");
            mac = PhysicalAddress.None;
            return false;
        }
    }
}
