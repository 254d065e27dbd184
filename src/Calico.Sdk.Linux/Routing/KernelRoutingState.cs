using System.Net.Sockets;

namespace Calico.Sdk.Linux.Routing;

/// <summary>
/// The kernel objects one router owns: routes tagged with its route protocol (main table) and, for a VXLAN
/// router, the FDB and permanent neighbour entries on its own device. Used both as the desired state a router
/// plans and as what is programmed (read back, or remembered after the last apply).
/// </summary>
public sealed record KernelRoutingState
{
    /// <summary>No objects.</summary>
    public static KernelRoutingState Empty { get; } = new();

    /// <summary>Routes, at most one per (table, destination).</summary>
    public IReadOnlyList<RouteInfo> Routes { get; init; } = [];

    /// <summary>FDB entries on the router's device, at most one per MAC.</summary>
    public IReadOnlyList<FdbEntry> FdbEntries { get; init; } = [];

    /// <summary>Permanent neighbour entries on the router's device, at most one per address.</summary>
    public IReadOnlyList<NeighbourInfo> Neighbours { get; init; } = [];

    /// <summary>The number of objects.</summary>
    public int Count => Routes.Count + FdbEntries.Count + Neighbours.Count;

    /// <summary>Both states' objects together (their keys must not overlap).</summary>
    internal KernelRoutingState Merge(KernelRoutingState other) => new()
    {
        Routes = [.. Routes, .. other.Routes],
        FdbEntries = [.. FdbEntries, .. other.FdbEntries],
        Neighbours = [.. Neighbours, .. other.Neighbours],
    };

    /// <summary>
    /// Reads what a router owns from the kernel: IPv4 and IPv6 main-table routes whose protocol is
    /// <paramref name="protocol"/>, and when <paramref name="deviceIndex"/> is set, every FDB entry and every
    /// permanent neighbour entry on that device. Routes of other protocols are never part of the result.
    /// </summary>
    /// <param name="netlink">A connection in the node's namespace.</param>
    /// <param name="protocol">The router's route protocol.</param>
    /// <param name="deviceIndex">The router's own device (e.g. <c>vxlan.calico</c>), or 0.</param>
    /// <returns>The owned objects.</returns>
    public static KernelRoutingState ReadOwned(NetlinkRoute netlink, RouteProtocol protocol, int deviceIndex = 0) =>
        ReadOwned(netlink, protocol, deviceIndex > 0 ? [deviceIndex] : []);

    /// <summary>
    /// Reads what a router owns from the kernel: IPv4 and IPv6 main-table routes whose protocol is
    /// <paramref name="protocol"/>, and every FDB entry and permanent neighbour entry on each of
    /// <paramref name="deviceIndexes"/> (e.g. <c>vxlan.calico</c> and <c>vxlan-v6.calico</c>).
    /// </summary>
    /// <param name="netlink">A connection in the node's namespace.</param>
    /// <param name="protocol">The router's route protocol.</param>
    /// <param name="deviceIndexes">The router's own devices; empty for none.</param>
    /// <returns>The owned objects.</returns>
    public static KernelRoutingState ReadOwned(NetlinkRoute netlink, RouteProtocol protocol, IReadOnlyCollection<int> deviceIndexes)
    {
        ArgumentNullException.ThrowIfNull(netlink);
        ArgumentNullException.ThrowIfNull(deviceIndexes);
        var routes = netlink.GetRoutes(AddressFamily.InterNetwork).Concat(netlink.GetRoutes(AddressFamily.InterNetworkV6))
            .Where(r => r.Protocol == protocol).ToList();
        var devices = deviceIndexes.Where(i => i > 0).Distinct().ToList();
        return new KernelRoutingState
        {
            Routes = routes,
            FdbEntries = [.. devices.SelectMany(i => netlink.GetFdbEntries(i))],
            Neighbours = [.. devices.SelectMany(i => netlink.GetNeighbours(AddressFamily.Unspecified, i)).Where(n => n.IsPermanent)],
        };
    }
}
