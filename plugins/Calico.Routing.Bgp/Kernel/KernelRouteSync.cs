using System.Net.Sockets;
using Calico.Routing.Bgp.Rib;
using Calico.Routing.Bgp.Wire;
using Calico.Sdk.Linux;
using Microsoft.Extensions.Logging;

namespace Calico.Routing.Bgp.Kernel;

/// <summary>
/// Mirrors the Loc-RIB into the kernel: learned best paths (ECMP as multipath routes) and blackholes for local
/// blocks, all marked with this speaker's route protocol id so nothing else is touched. Changes are coalesced and
/// written in netlink batches by one background task. Next hops that are not connected are resolved recursively
/// (<see cref="NextHopResolver"/>); such routes are re-resolved every <see cref="RecheckInterval"/>, so a route held
/// unresolved is installed once its next hop becomes reachable and follows the route to its next hop when that changes.
/// </summary>
internal sealed partial class KernelRouteSync : IAsyncDisposable
{
    private readonly NetworkNamespace? _namespace;
    private readonly RouteProtocol _protocol;
    private readonly ILogger _log;
    private readonly object _lock = new();
    private readonly Dictionary<BgpPrefix, RouteInfo> _installed = [];
    private readonly HashSet<BgpPrefix> _leftover = [];
    private readonly Dictionary<BgpPrefix, RouteInfo> _recursive = [];
    private bool _recheckScheduled;
    private readonly SemaphoreSlim _signal = new(0);
    private readonly CancellationTokenSource _stop = new();
    private Dictionary<BgpPrefix, RouteInfo?> _pending = [];
    private NetlinkRoute? _netlink;
    private Task? _loop;

    public KernelRouteSync(NetworkNamespace? ns, byte protocol, ILogger log)
    {
        _namespace = ns;
        _protocol = (RouteProtocol)protocol;
        _log = log;
    }

    /// <summary>Routes from a previous run are still in place, waiting for peers to resend theirs.</summary>
    public bool Restarting { get; private set; }

    public int Failures { get; private set; }

    /// <summary>How often routes with recursive or unresolved next hops are resolved again.</summary>
    public static TimeSpan RecheckInterval { get; } = TimeSpan.FromSeconds(1);

    /// <summary>Routes held back because no next hop resolves.</summary>
    public int UnresolvedCount
    {
        get
        {
            lock (_lock)
            {
                return _recursive.Keys.Count(p => !_installed.ContainsKey(p));
            }
        }
    }

    public int InstalledCount
    {
        get
        {
            lock (_lock)
            {
                return _installed.Count;
            }
        }
    }

    public Task StartAsync(bool keepExisting, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _netlink = _namespace is null ? NetlinkRoute.Open() : NetlinkRoute.Open(_namespace);
        var existing = _netlink.GetRoutes(AddressFamily.InterNetwork).Concat(_netlink.GetRoutes(AddressFamily.InterNetworkV6)).Where(r => r.Protocol == _protocol).ToList();
        if (keepExisting)
        {
            foreach (var route in existing)
            {
                var prefix = BgpPrefix.FromNetwork(route.Destination);
                _installed[prefix] = route;
                _leftover.Add(prefix);
            }

            Restarting = _leftover.Count > 0;
        }
        else if (existing.Count > 0)
        {
            var batch = _netlink.CreateBatch();
            existing.ForEach(r => batch.DeleteRoute(r));
            batch.Execute();
        }

        _loop = Task.Run(() => LoopAsync(_stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Records the desired kernel state of <paramref name="changed"/> (called under the RIB lock).</summary>
    public void Update(IEnumerable<BgpPrefix> changed, LocRib rib)
    {
        lock (_lock)
        {
            foreach (var prefix in changed)
            {
                _pending[prefix] = Desired(prefix, rib.Get(prefix));
            }
        }

        _signal.Release();
    }

    /// <summary>Ends graceful restart: routes from the previous run that nobody re-advertised are removed.</summary>
    public void FinishRestart()
    {
        lock (_lock)
        {
            foreach (var prefix in _leftover)
            {
                _pending.TryAdd(prefix, null);
            }

            _leftover.Clear();
            Restarting = false;
        }

        _signal.Release();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _netlink?.Dispose();
        _stop.Dispose();
    }

    private RouteInfo? Desired(BgpPrefix prefix, RibEntry? entry)
    {
        if (entry?.Best is not { } best)
        {
            return null;
        }

        var network = prefix.ToNetwork();
        if (best.Source.IsLocal)
        {
            return best.Blackhole ? new RouteInfo(network) { Type = RouteType.Blackhole, Protocol = _protocol } : null;
        }

        var hops = entry.Multipath.Select(p => p.Attributes.NextHop).Where(h => h is not null && !h.IsIPv6LinkLocal).Distinct().ToList();
        return hops.Count switch
        {
            0 => null,
            1 => new RouteInfo(network) { Gateway = hops[0], Protocol = _protocol },
            _ => new RouteInfo(network) { Protocol = _protocol, NextHops = [.. hops.Select(h => new RouteNextHop(h, 0))] },
        };
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await _signal.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            Dictionary<BgpPrefix, RouteInfo?> pending;
            lock (_lock)
            {
                pending = _pending;
                _pending = [];
            }

            if (pending.Count > 0)
            {
                Apply(pending);
            }
        }
    }

    private void Apply(Dictionary<BgpPrefix, RouteInfo?> pending)
    {
        var failed = false;
        NextHopResolver? resolver = null;
        foreach (var chunk in pending.Chunk(2000))
        {
            var batch = _netlink!.CreateBatch();
            lock (_lock)
            {
                foreach (var (prefix, wanted) in chunk)
                {
                    _leftover.Remove(prefix);
                    var desired = wanted;
                    _recursive.Remove(prefix);
                    if (desired is { Type: RouteType.Unicast })
                    {
                        resolver ??= new NextHopResolver(_netlink);
                        desired = resolver.Resolve(desired, Hops(desired), out var recursive);
                        if (recursive || desired is null)
                        {
                            _recursive[prefix] = wanted!;
                        }
                    }

                    if (desired is null)
                    {
                        if (_installed.Remove(prefix, out var old))
                        {
                            batch.DeleteRoute(old);
                        }
                    }
                    else if (!_installed.TryGetValue(prefix, out var current) || !current.Equals(desired))
                    {
                        _installed[prefix] = desired;
                        batch.ReplaceRoute(desired);
                    }
                }
            }

            try
            {
                batch.Execute();
            }
            catch (NetlinkException error)
            {
                Failures++;
                failed = true;
                LogKernelError(_log, error.Message);
            }
        }

        if (failed)
        {
            RequeueMissing();
        }

        ScheduleRecheck();
    }

    private static IReadOnlyList<System.Net.IPAddress> Hops(RouteInfo route) =>
        route.NextHops.Count > 0 ? [.. route.NextHops.Select(h => h.Gateway).OfType<System.Net.IPAddress>()] : route.Gateway is { } gateway ? [gateway] : [];

    /// <summary>Queues the routes with recursive or unresolved next hops for another resolution after
    /// <see cref="RecheckInterval"/> (the table they resolve through may have changed).</summary>
    private void ScheduleRecheck()
    {
        lock (_lock)
        {
            if (_recursive.Count == 0 || _recheckScheduled)
            {
                return;
            }

            _recheckScheduled = true;
        }

        _ = Task.Delay(RecheckInterval, _stop.Token).ContinueWith(
            _ =>
            {
                lock (_lock)
                {
                    _recheckScheduled = false;
                    foreach (var (prefix, route) in _recursive)
                    {
                        _pending.TryAdd(prefix, route);
                    }
                }

                _signal.Release();
            },
            CancellationToken.None,
            TaskContinuationOptions.NotOnCanceled,
            TaskScheduler.Default);
    }

    /// <summary>After a failed batch, compares with the kernel and queues again what is not there (retried once a
    /// second while it keeps failing, e.g. a next hop that is not reachable yet).</summary>
    private void RequeueMissing()
    {
        var present = _netlink!.GetRoutes(AddressFamily.InterNetwork).Concat(_netlink.GetRoutes(AddressFamily.InterNetworkV6))
            .Where(r => r.Protocol == _protocol).Select(r => BgpPrefix.FromNetwork(r.Destination)).ToHashSet();
        lock (_lock)
        {
            foreach (var (prefix, route) in _installed.Where(i => !present.Contains(i.Key)).ToList())
            {
                _installed.Remove(prefix);
                _pending.TryAdd(prefix, route);
            }
        }

        _ = Task.Delay(TimeSpan.FromSeconds(1), _stop.Token).ContinueWith(_ => _signal.Release(), TaskScheduler.Default);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "BGP kernel route sync: {Error}")]
    private static partial void LogKernelError(ILogger logger, string error);
}
