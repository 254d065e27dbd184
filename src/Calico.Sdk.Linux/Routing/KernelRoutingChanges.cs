using System.Net;

namespace Calico.Sdk.Linux.Routing;

/// <summary>
/// The kernel operations that turn one <see cref="KernelRoutingState"/> into another, in the order Felix uses:
/// stale routes go before the VTEP entries they point through, and new VTEP entries go before the routes that need
/// them, so a route never precedes its VTEP. Planning is pure; <see cref="AppendTo"/> queues the operations.
/// </summary>
public sealed record KernelRoutingChanges
{
    /// <summary>Owned routes to delete (no longer desired).</summary>
    public IReadOnlyList<RouteInfo> RouteDeletes { get; init; } = [];

    /// <summary>Routes to add: not programmed yet (added exclusively, so another owner's route is never overwritten).</summary>
    public IReadOnlyList<RouteInfo> RouteAdds { get; init; } = [];

    /// <summary>Owned routes whose next hop changed (replaced in place).</summary>
    public IReadOnlyList<RouteInfo> RouteReplaces { get; init; } = [];

    /// <summary>FDB entries to add or replace.</summary>
    public IReadOnlyList<FdbEntry> FdbUpserts { get; init; } = [];

    /// <summary>FDB entries to delete.</summary>
    public IReadOnlyList<FdbEntry> FdbDeletes { get; init; } = [];

    /// <summary>Neighbour entries to add or replace.</summary>
    public IReadOnlyList<NeighbourInfo> NeighbourUpserts { get; init; } = [];

    /// <summary>Neighbour entries to delete.</summary>
    public IReadOnlyList<NeighbourInfo> NeighbourDeletes { get; init; } = [];

    /// <summary>The number of operations.</summary>
    public int Count => RouteDeletes.Count + RouteAdds.Count + RouteReplaces.Count + FdbUpserts.Count + FdbDeletes.Count
        + NeighbourUpserts.Count + NeighbourDeletes.Count;

    /// <summary>Whether nothing needs to change.</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>
    /// Plans the change from <paramref name="current"/> to <paramref name="desired"/> for the owner of
    /// <paramref name="protocol"/>. Routes in <paramref name="current"/> with another protocol are ignored: they
    /// belong to someone else and are never deleted or replaced.
    /// </summary>
    /// <param name="current">What is programmed.</param>
    /// <param name="desired">What should be.</param>
    /// <param name="protocol">The owner's route protocol; every desired route must carry it.</param>
    /// <returns>The operations; empty when the states match.</returns>
    /// <exception cref="ArgumentException">A desired route has another protocol, or two desired objects share a key.</exception>
    public static KernelRoutingChanges Plan(KernelRoutingState current, KernelRoutingState desired, RouteProtocol protocol)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(desired);
        var wanted = new Dictionary<(uint, IPNetwork), RouteInfo>();
        foreach (var route in desired.Routes)
        {
            if (route.Protocol != protocol)
            {
                throw new ArgumentException($"desired route {route} has protocol {(byte)route.Protocol}, not the owner's {(byte)protocol}", nameof(desired));
            }

            if (!wanted.TryAdd((route.Table, route.Destination), route))
            {
                throw new ArgumentException($"two desired routes for {route.Destination} in table {route.Table}", nameof(desired));
            }
        }

        var have = current.Routes.Where(r => r.Protocol == protocol).GroupBy(r => (r.Table, r.Destination)).ToDictionary(g => g.Key, g => g.ToList());
        List<RouteInfo> deletes = [], adds = [], replaces = [];
        foreach (var (key, routes) in have)
        {
            // Duplicates of one key (e.g. different metrics) are leftovers except the one that matches.
            var keep = wanted.TryGetValue(key, out var want) ? routes.FirstOrDefault(r => Same(want, r)) : null;
            deletes.AddRange(routes.Where(r => !ReferenceEquals(r, keep) && (want is null || routes.Count > 1)));
            if (want is not null && keep is null)
            {
                (routes.Count == 1 ? replaces : adds).Add(want);
            }
        }

        adds.AddRange(wanted.Where(w => !have.ContainsKey(w.Key)).Select(w => w.Value));

        var (fdbUpserts, fdbDeletes) = Diff(current.FdbEntries, desired.FdbEntries, e => (e.InterfaceIndex, e.MacAddress.ToString()), SameFdb, "FDB entry");
        var (neighUpserts, neighDeletes) = Diff(current.Neighbours, desired.Neighbours, n => (n.InterfaceIndex, n.Address.ToString()), SameNeighbour, "neighbour");
        return new KernelRoutingChanges
        {
            RouteDeletes = deletes,
            RouteAdds = adds,
            RouteReplaces = replaces,
            FdbUpserts = fdbUpserts,
            FdbDeletes = fdbDeletes,
            NeighbourUpserts = neighUpserts,
            NeighbourDeletes = neighDeletes,
        };
    }

    /// <summary>Queues the operations: route deletes, VTEP (neighbour, FDB) upserts, route adds and replaces, VTEP deletes.</summary>
    /// <param name="batch">The batch.</param>
    public void AppendTo(NetlinkBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        foreach (var route in RouteDeletes)
        {
            batch.DeleteRoute(route);
        }

        foreach (var neighbour in NeighbourUpserts)
        {
            batch.ReplaceNeighbour(neighbour);
        }

        foreach (var entry in FdbUpserts)
        {
            batch.ReplaceFdbEntry(entry);
        }

        foreach (var route in RouteAdds)
        {
            batch.AddRoute(route);
        }

        foreach (var route in RouteReplaces)
        {
            batch.ReplaceRoute(route);
        }

        foreach (var entry in FdbDeletes)
        {
            batch.DeleteFdbEntry(entry);
        }

        foreach (var neighbour in NeighbourDeletes)
        {
            batch.DeleteNeighbour(neighbour);
        }
    }

    /// <summary>Whether a programmed route already is the desired one (read-back routes carry kernel-chosen
    /// scope and metric; those only count when the desired route sets them).</summary>
    private static bool Same(RouteInfo want, RouteInfo have) =>
        Equals(want.Gateway, have.Gateway) && want.OutputInterface == have.OutputInterface && want.OnLink == have.OnLink
        && want.Type == have.Type && (want.Metric is null || want.Metric == have.Metric) && (want.Scope is null || want.Scope == have.Scope)
        && want.NextHops.SequenceEqual(have.NextHops);

    private static bool SameFdb(FdbEntry want, FdbEntry have) => Equals(want.Destination, have.Destination) && want.Permanent == have.Permanent;

    private static bool SameNeighbour(NeighbourInfo want, NeighbourInfo have) =>
        Equals(want.LinkAddress, have.LinkAddress) && want.IsPermanent == have.IsPermanent;

    private static (List<T> Upserts, List<T> Deletes) Diff<T>(IReadOnlyList<T> current, IReadOnlyList<T> desired, Func<T, (int, string)> key, Func<T, T, bool> same, string what)
        where T : class
    {
        var wanted = new Dictionary<(int, string), T>();
        foreach (var item in desired)
        {
            if (!wanted.TryAdd(key(item), item))
            {
                throw new ArgumentException($"two desired {what} entries for {item}", nameof(desired));
            }
        }

        var have = new Dictionary<(int, string), T>();
        var deletes = new List<T>();
        foreach (var item in current)
        {
            if (!have.TryAdd(key(item), item) || !wanted.ContainsKey(key(item)))
            {
                deletes.Add(item);
            }
        }

        var upserts = wanted.Where(w => !have.TryGetValue(w.Key, out var h) || !same(w.Value, h)).Select(w => w.Value).ToList();
        return (upserts, deletes);
    }
}
