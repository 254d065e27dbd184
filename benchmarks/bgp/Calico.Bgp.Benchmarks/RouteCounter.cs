using System.Net;
using System.Net.Sockets;
using Calico.Sdk.Linux;

namespace Calico.Bgp.Benchmarks;

/// <summary>Watches a namespace's kernel routes with a netlink monitor and counts how many of a prefix set are present.</summary>
internal sealed class RouteCounter : IDisposable
{
    private readonly NetlinkMonitor _monitor;
    private readonly HashSet<IPNetwork> _watched;
    private readonly HashSet<IPNetwork> _present = [];
    private readonly Task _loop;
    private readonly CancellationTokenSource _stop = new();

    private readonly NetworkNamespace _ns;

    public RouteCounter(NetworkNamespace ns, IEnumerable<IPNetwork> watched)
    {
        _ns = ns;
        _watched = [.. watched];
        _monitor = NetlinkMonitor.Open(NetlinkGroups.IPv4Route | NetlinkGroups.IPv6Route, ns);
        Resync();
        Resyncs = 0;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>How often the monitor stalled short of the target and a dump was used to recount (events lost to
    /// a full socket buffer under large bursts).</summary>
    public int Resyncs { get; private set; }

    private void Resync()
    {
        using var route = NetlinkRoute.Open(_ns);
        var now = route.GetRoutes(AddressFamily.InterNetwork).Concat(route.GetRoutes(AddressFamily.InterNetworkV6)).Select(r => r.Destination).Where(_watched.Contains).ToHashSet();
        lock (_present)
        {
            _present.Clear();
            _present.UnionWith(now);
        }

        Resyncs++;
    }

    public int Count
    {
        get
        {
            lock (_present)
            {
                return _present.Count;
            }
        }
    }

    public string? Error { get; private set; }

    public async Task<TimeSpan> WaitForAsync(int count, DateTime started, TimeSpan timeout)
    {
        var deadline = started + timeout;
        var last = Count;
        var lastChange = DateTime.UtcNow;
        while (Count != count)
        {
            if (Count != last)
            {
                last = Count;
                lastChange = DateTime.UtcNow;
            }
            else if (DateTime.UtcNow - lastChange > TimeSpan.FromSeconds(1))
            {
                Resync();
                lastChange = DateTime.UtcNow;
                continue;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"saw {Count} of {count} routes{(Error is null ? string.Empty : " (" + Error + ")")}");
            }

            await Task.Delay(1);
        }

        return DateTime.UtcNow - started;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _monitor.Dispose();
        _loop.Wait(TimeSpan.FromSeconds(2));
    }

    private async Task LoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var e = await _monitor.ReadAsync(_stop.Token);
                if (e.Route is { } route && _watched.Contains(route.Destination) && route.Table == RouteInfo.MainTable)
                {
                    lock (_present)
                    {
                        if (e.Kind == NetlinkEventKind.NewRoute)
                        {
                            _present.Add(route.Destination);
                        }
                        else if (e.Kind == NetlinkEventKind.DeleteRoute)
                        {
                            _present.Remove(route.Destination);
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception error) when (error is IOException or ObjectDisposedException)
        {
            Error = error.Message;
        }
    }
}
