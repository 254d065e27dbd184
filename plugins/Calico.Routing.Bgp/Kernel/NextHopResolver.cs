using System.Net;
using System.Net.Sockets;
using Calico.Sdk.Linux;

namespace Calico.Routing.Bgp.Kernel;

/// <summary>
/// Recursive next-hop resolution (BIRD's <c>gateway recursive</c>, which Calico's BIRD template sets): a BGP next hop
/// inside a connected subnet is used as it is; any other one is looked up, longest prefix first, in the kernel's main
/// table (which holds the IGP, static and already installed BGP routes), and the route is installed via that route's
/// gateway(s). A next hop with no usable route (none, or a blackhole/unreachable/prohibit) leaves the route
/// unresolved: it is held, not installed, until a later pass resolves it. One instance serves one batch: it reads the
/// addresses once and the table only when a next hop is not connected.
/// </summary>
internal sealed class NextHopResolver
{
    private readonly NetlinkRoute _netlink;
    private readonly List<IPNetwork> _connected = [];
    private readonly Dictionary<IPAddress, IReadOnlyList<RouteNextHop>?> _cache = [];
    private List<RouteInfo>? _table;

    public NextHopResolver(NetlinkRoute netlink)
    {
        _netlink = netlink;
        foreach (var address in netlink.GetAddresses())
        {
            var max = address.Address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
            if (address.PrefixLength < max && !IPAddress.IsLoopback(address.Address))
            {
                _connected.Add(new IPNetwork(Mask(address.Address, address.PrefixLength), address.PrefixLength));
            }
        }
    }

    /// <summary>Whether <paramref name="hop"/> is inside a connected subnet (the kernel accepts it as a gateway as is).</summary>
    public bool IsConnected(IPAddress hop) => hop.IsIPv6LinkLocal || _connected.Exists(n => n.Contains(hop));

    /// <summary>
    /// The kernel form of a route whose BGP next hops are <paramref name="hops"/>, or null when none resolves.
    /// <paramref name="recursive"/> tells whether any hop needed the table (so the result must be re-checked when
    /// the table changes).
    /// </summary>
    public RouteInfo? Resolve(RouteInfo desired, IReadOnlyList<IPAddress> hops, out bool recursive)
    {
        recursive = false;
        var resolved = new List<RouteNextHop>();
        foreach (var hop in hops)
        {
            if (IsConnected(hop))
            {
                resolved.Add(new RouteNextHop(hop, 0));
                continue;
            }

            recursive = true;
            foreach (var via in Lookup(hop, desired.Destination) ?? [])
            {
                if (!resolved.Contains(via))
                {
                    resolved.Add(via);
                }
            }
        }

        return resolved.Count switch
        {
            0 => null,
            1 => desired with { Gateway = resolved[0].Gateway, OutputInterface = resolved[0].InterfaceIndex, NextHops = [] },
            _ => desired with { Gateway = null, OutputInterface = 0, NextHops = resolved },
        };
    }

    /// <summary>The gateways of the longest-prefix route to <paramref name="hop"/>, not counting the route being
    /// resolved itself (a route can never resolve through itself).</summary>
    private IReadOnlyList<RouteNextHop>? Lookup(IPAddress hop, IPNetwork self)
    {
        if (_cache.TryGetValue(hop, out var cached))
        {
            return cached;
        }

        _table ??= [.. _netlink.GetRoutes(AddressFamily.InterNetwork), .. _netlink.GetRoutes(AddressFamily.InterNetworkV6)];
        RouteInfo? best = null;
        foreach (var route in _table)
        {
            if (route.Destination.BaseAddress.AddressFamily != hop.AddressFamily || !route.Destination.Contains(hop) || route.Destination.Equals(self))
            {
                continue;
            }

            if (best is null || route.Destination.PrefixLength > best.Destination.PrefixLength
                || (route.Destination.PrefixLength == best.Destination.PrefixLength && (route.Metric ?? 0) < (best.Metric ?? 0)))
            {
                best = route;
            }
        }

        IReadOnlyList<RouteNextHop>? result = best switch
        {
            null or { Type: not RouteType.Unicast } => null,
            { NextHops.Count: > 0 } => [.. best.NextHops.Select(h => h with { Weight = 1 })],
            { Gateway: { } gateway } => [new RouteNextHop(gateway, best.OutputInterface)],
            { OutputInterface: > 0 } => [new RouteNextHop(hop, best.OutputInterface)],
            _ => null,
        };
        _cache[hop] = result;
        return result;
    }

    private static IPAddress Mask(IPAddress address, int bits)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(bits - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }

        return new IPAddress(bytes);
    }
}
