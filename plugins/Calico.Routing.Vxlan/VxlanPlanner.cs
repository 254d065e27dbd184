using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Calico.Sdk.Linux;
using Calico.Sdk.Linux.Routing;
using Calico.Sdk.Routing;

namespace Calico.Routing.Vxlan;

/// <summary>The VXLAN devices as the planner needs them (an index of 0: that family's device does not exist).</summary>
/// <param name="VxlanIndex">The ifindex of <c>vxlan.calico</c>.</param>
/// <param name="ParentIndex">The ifindex of the IPv4 underlay device (CrossSubnet routes leave through it).</param>
/// <param name="LocalSubnet">The local node's IPv4 underlay subnet, or null when unknown (then every route is encapsulated).</param>
/// <param name="Protocol">The router's route protocol.</param>
internal sealed record VxlanDevices(int VxlanIndex, int ParentIndex, IPNetwork? LocalSubnet, RouteProtocol Protocol)
{
    /// <summary>The ifindex of <c>vxlan-v6.calico</c>, or 0.</summary>
    public int V6Index { get; init; }

    /// <summary>The ifindex of the IPv6 underlay device.</summary>
    public int V6ParentIndex { get; init; }

    /// <summary>The local node's IPv6 underlay subnet, or null.</summary>
    public IPNetwork? V6LocalSubnet { get; init; }
}

/// <summary>
/// Turns the routing model into kernel objects, like Felix's VXLAN managers (one per family): per remote node with
/// a VTEP of the family a permanent neighbour entry (tunnel IP → VTEP MAC) and an FDB entry (VTEP MAC → node IP of
/// that family) on the family's device; per remote block of a VXLAN pool (and per borrowed /32 or /128) a route
/// <c>block via tunnelIP dev vxlan.calico onlink</c> (<c>vxlan-v6.calico</c> for IPv6), or for CrossSubnet pools and
/// a node in the local subnet <c>block via nodeIP dev parent</c>. Pure: same input, same output.
/// </summary>
internal static class VxlanPlanner
{
    internal static KernelRoutingState Plan(RoutingState state, VxlanDevices devices, Action<string>? warn = null)
    {
        var v4 = new Family(AddressFamily.InterNetwork, devices.VxlanIndex, devices.ParentIndex, devices.LocalSubnet,
            n => n.VxlanTunnelAddress, n => n.IPv4Address, n => n.VxlanTunnelMac, VtepMac.Derive);
        var v6 = new Family(AddressFamily.InterNetworkV6, devices.V6Index, devices.V6ParentIndex, devices.V6LocalSubnet,
            n => n.VxlanTunnelAddressV6, n => n.IPv6Address, n => n.VxlanTunnelMacV6, VtepMac.DeriveV6);
        var routes = new List<RouteInfo>();
        var neighbours = new List<NeighbourInfo>();
        var fdb = new List<FdbEntry>();
        foreach (var family in (Family[])[v4, v6])
        {
            if (family.Device > 0)
            {
                PlanFamily(state, family, devices.Protocol, warn, routes, neighbours, fdb);
            }
        }

        return new KernelRoutingState { Routes = routes, FdbEntries = fdb, Neighbours = neighbours };
    }

    private static void PlanFamily(RoutingState state, Family family, RouteProtocol protocol, Action<string>? warn,
        List<RouteInfo> routes, List<NeighbourInfo> neighbours, List<FdbEntry> fdb)
    {
        var local = state.LocalNode;
        var vteps = new Dictionary<string, IPAddress>(StringComparer.Ordinal);
        var hosts = new Dictionary<string, IPAddress>(StringComparer.Ordinal);
        foreach (var node in state.Nodes.Where(n => n.Name != local.Name).OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            if (family.Host(node) is not { } host || host.AddressFamily != family.AddressFamily || !hosts.TryAdd(node.Name, host)
                || family.Tunnel(node) is not { } tunnel || tunnel.AddressFamily != family.AddressFamily || !TryMac(node, family, warn, out var mac))
            {
                continue;
            }

            vteps[node.Name] = tunnel;
            neighbours.Add(new NeighbourInfo(family.Device, tunnel, mac));
            fdb.Add(new FdbEntry(family.Device, mac) { Destination = host });
        }

        foreach (var block in state.Blocks.OrderBy(b => b.Cidr.ToString(), StringComparer.Ordinal))
        {
            if (block.Node == local.Name || block.Encapsulation is not (Encapsulation.VxlanAlways or Encapsulation.VxlanCrossSubnet)
                || block.Cidr.BaseAddress.AddressFamily != family.AddressFamily)
            {
                continue;
            }

            if (block.Encapsulation == Encapsulation.VxlanCrossSubnet && hosts.TryGetValue(block.Node, out var host)
                && family.LocalSubnet is { } subnet && subnet.Contains(host))
            {
                routes.Add(new RouteInfo(block.Cidr) { Gateway = host, OutputInterface = family.Parent, Protocol = protocol });
            }
            else if (vteps.TryGetValue(block.Node, out var vtep))
            {
                routes.Add(new RouteInfo(block.Cidr) { Gateway = vtep, OutputInterface = family.Device, OnLink = true, Protocol = protocol });
            }
        }
    }

    private static bool TryMac(RoutingNode node, Family family, Action<string>? warn, out PhysicalAddress mac)
    {
        if (family.StoredMac(node) is not { Length: > 0 } text)
        {
            mac = family.Derive(node.Name);
            return true;
        }

        try
        {
            mac = VtepMac.Parse(text);
            return true;
        }
        catch (FormatException error)
        {
            warn?.Invoke($"node {node.Name}: {error.Message}; its {(family.AddressFamily == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} VTEP and routes are left out");
            mac = PhysicalAddress.None;
            return false;
        }
    }

    /// <summary>One address family's device and where its per-node facts live in <see cref="RoutingNode"/>.</summary>
    private sealed record Family(
        AddressFamily AddressFamily, int Device, int Parent, IPNetwork? LocalSubnet, Func<RoutingNode, IPAddress?> Tunnel,
        Func<RoutingNode, IPAddress?> Host, Func<RoutingNode, string?> StoredMac, Func<string, PhysicalAddress> Derive);
}
