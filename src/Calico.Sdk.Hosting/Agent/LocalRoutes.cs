using System.Net;
using System.Net.Sockets;
using Calico.Sdk.Linux;
using Calico.Sdk.Policy;

namespace Calico.Sdk.Hosting.Agent;

/// <summary>
/// The routes the agent owns, all carrying its route protocol: a /32 (/128) scope-link route to each local
/// workload's host interface, and a blackhole for each IPAM block affine to this node (so traffic to a free address of
/// our own block is dropped here instead of leaking to the default route). Cleanup only ever removes routes that carry
/// our protocol and are either blackholes or point at a workload interface: routes of routers (remote blocks), BGP and
/// the administrator are never touched.
/// </summary>
internal sealed class LocalRoutes : IDisposable
{
    private const int Esrch = 3;
    private readonly NetlinkRoute _netlink;
    private readonly RouteProtocol _protocol;
    private readonly IReadOnlyList<string> _prefixes;
    private readonly bool _ipv6;
    private readonly Dictionary<EndpointId, (string Interface, IReadOnlyList<IPNetwork> Addresses)> _workloads = [];
    private readonly HashSet<EndpointId> _installed = [];
    private readonly HashSet<IPNetwork> _blackholes = [];

    public LocalRoutes(NetlinkRoute netlink, byte protocol, IReadOnlyList<string> interfacePrefixes, bool ipv6)
    {
        _netlink = netlink;
        _protocol = (RouteProtocol)protocol;
        _prefixes = interfacePrefixes;
        _ipv6 = ipv6;
    }

    /// <summary>Endpoints whose interface has not appeared yet (retried by <see cref="RetryPending"/>).</summary>
    public IEnumerable<EndpointId> Pending => _workloads.Keys.Where(k => !_installed.Contains(k));

    public bool IsInstalled(EndpointId id) => _installed.Contains(id);

    /// <summary>Sets an endpoint's routes; returns whether they are in the kernel now.</summary>
    public bool SetWorkload(EndpointId id, string interfaceName, IReadOnlyList<IPNetwork> addresses)
    {
        if (_workloads.TryGetValue(id, out var old) && _installed.Contains(id))
        {
            foreach (var gone in old.Addresses.Where(a => !addresses.Contains(a) || old.Interface != interfaceName))
            {
                Delete(new RouteInfo(HostRoute(gone)) { Protocol = _protocol, Scope = RouteScope.Link });
            }
        }

        _workloads[id] = (interfaceName, addresses);
        _installed.Remove(id);
        return Install(id);
    }

    public void RemoveWorkload(EndpointId id)
    {
        if (!_workloads.Remove(id, out var old))
        {
            return;
        }

        _installed.Remove(id);
        var link = _netlink.GetLink(old.Interface);
        foreach (var a in old.Addresses)
        {
            // The interface may be gone already (then so are its routes).
            Delete(new RouteInfo(HostRoute(a)) { OutputInterface = link?.Index ?? 0, Protocol = _protocol, Scope = RouteScope.Link });
        }
    }

    /// <summary>Installs routes of endpoints whose interface was missing; returns the ones now installed.</summary>
    public List<EndpointId> RetryPending()
    {
        var done = new List<EndpointId>();
        foreach (var id in Pending.ToList())
        {
            if (Install(id))
            {
                done.Add(id);
            }
        }

        return done;
    }

    public void SetBlackholes(IEnumerable<IPNetwork> blocks)
    {
        var desired = blocks.Where(b => _ipv6 || b.BaseAddress.AddressFamily == AddressFamily.InterNetwork).ToHashSet();
        foreach (var gone in _blackholes.Where(b => !desired.Contains(b)).ToList())
        {
            Delete(Blackhole(gone));
            _blackholes.Remove(gone);
        }

        foreach (var b in desired.Where(b => !_blackholes.Contains(b)))
        {
            _netlink.ReplaceRoute(Blackhole(b));
            _blackholes.Add(b);
        }
    }

    /// <summary>
    /// Makes the kernel equal to the desired state for the routes we own: removes our stale routes (only ours), and
    /// re-installs desired routes that someone deleted. Returns the number of routes changed.
    /// </summary>
    public int Reconcile()
    {
        var changes = 0;
        var links = _netlink.GetLinks().ToDictionary(l => l.Index, l => l.Name);
        var wanted = new HashSet<(IPNetwork, string)>();
        foreach (var (iface, addresses) in _workloads.Values)
        {
            foreach (var a in addresses)
            {
                wanted.Add((HostRoute(a), iface));
            }
        }

        foreach (var family in _ipv6 ? new[] { AddressFamily.InterNetwork, AddressFamily.InterNetworkV6 } : [AddressFamily.InterNetwork])
        {
            foreach (var route in _netlink.GetRoutes(family))
            {
                if (route.Protocol != _protocol)
                {
                    continue;
                }

                if (route.Type == RouteType.Blackhole)
                {
                    if (!_blackholes.Contains(route.Destination))
                    {
                        Delete(route);
                        changes++;
                    }

                    continue;
                }

                if (route.Type == RouteType.Unicast && links.TryGetValue(route.OutputInterface, out var name)
                    && _prefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)) && !wanted.Contains((route.Destination, name)))
                {
                    Delete(route);
                    changes++;
                }
            }
        }

        foreach (var b in _blackholes)
        {
            _netlink.ReplaceRoute(Blackhole(b));
        }

        _installed.Clear();
        foreach (var id in _workloads.Keys.ToList())
        {
            Install(id);
        }

        return changes;
    }

    public void Dispose() => _netlink.Dispose();

    private bool Install(EndpointId id)
    {
        var (iface, addresses) = _workloads[id];
        var link = _netlink.GetLink(iface);
        if (link is null)
        {
            return false;
        }

        var batch = _netlink.CreateBatch();
        foreach (var a in addresses.Where(a => _ipv6 || a.BaseAddress.AddressFamily == AddressFamily.InterNetwork))
        {
            batch.ReplaceRoute(new RouteInfo(HostRoute(a)) { OutputInterface = link.Index, Scope = RouteScope.Link, Protocol = _protocol });
        }

        if (batch.Count > 0)
        {
            batch.Execute();
        }

        _installed.Add(id);
        return true;
    }

    private RouteInfo Blackhole(IPNetwork block) => new(block) { Type = RouteType.Blackhole, Protocol = _protocol };

    private void Delete(RouteInfo route)
    {
        try
        {
            _netlink.DeleteRoute(route);
        }
        catch (NetlinkException ex) when (ex.Errno == Esrch)
        {
            // Already gone.
        }
    }

    private static IPNetwork HostRoute(IPNetwork address) =>
        new(address.BaseAddress, address.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
}
