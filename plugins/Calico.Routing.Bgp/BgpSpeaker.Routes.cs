using System.Net;
using Calico.Routing.Bgp.Policy;
using Calico.Routing.Bgp.Rib;
using Calico.Routing.Bgp.Session;
using Calico.Routing.Bgp.Wire;
using Microsoft.Extensions.Logging;

namespace Calico.Routing.Bgp;

/// <summary>Routes in (import checks and policy), best-path changes, and routes out to every established peer.</summary>
internal sealed partial class BgpSpeaker
{
    private const uint NoExport = 0xFFFFFF01;
    private const uint NoAdvertise = 0xFFFFFF02;
    private const uint NoExportSubconfed = 0xFFFFFF03;

    /// <summary>Replaces the locally originated routes (the node's blocks, borrowed /32s, service IPs).</summary>
    public void SetLocalRoutes(IEnumerable<LocalRoute> routes)
    {
        var interned = new Dictionary<string, PathAttributes>(StringComparer.Ordinal);
        var changed = new List<BgpPrefix>();
        lock (_ribLock)
        {
            var wanted = new Dictionary<BgpPrefix, RibPath>();
            foreach (var route in routes)
            {
                var key = string.Join(',', route.Communities);
                if (!interned.TryGetValue(key, out var attributes))
                {
                    attributes = route.Communities.Aggregate(PathAttributes.Empty, CommunityText.Add);
                    interned[key] = attributes;
                }

                wanted[route.Prefix] = new RibPath(PathSource.Local, attributes) { Blackhole = route.Blackhole };
            }

            foreach (var (prefix, _) in _local.Where(l => !wanted.ContainsKey(l.Key)).ToList())
            {
                _local.Remove(prefix);
                if (_rib.Remove(prefix, PathSource.Local))
                {
                    changed.Add(prefix);
                }
            }

            foreach (var (prefix, path) in wanted)
            {
                if (_local.TryGetValue(prefix, out var existing) && existing.Blackhole == path.Blackhole && ReferenceEquals(existing.Attributes, path.Attributes))
                {
                    continue;
                }

                if (existing is not null && existing.Blackhole == path.Blackhole && string.Join(',', existing.Attributes.Communities) == string.Join(',', path.Attributes.Communities)
                    && string.Join(',', existing.Attributes.LargeCommunities) == string.Join(',', path.Attributes.LargeCommunities))
                {
                    continue;
                }

                _local[prefix] = path;
                _rib.Set(prefix, path);
                changed.Add(prefix);
            }

            Propagate(changed);
        }
    }

    public void OnPeerUp(BgpPeer peer, BgpConnection connection)
    {
        LogEstablished(_log, peer.Config.Key, connection.Negotiated!.PeerAs);
        lock (_ribLock)
        {
            peer.Outbound.Start(connection);
            var families = connection.Negotiated.Families;
            foreach (var (prefix, entry) in _rib.Entries)
            {
                if (families.Contains(prefix.Family))
                {
                    peer.Outbound.Queue(prefix, Export(peer, connection, prefix, entry.Best));
                }
            }

            peer.Outbound.QueueEndOfRib(families);
            peer.Outbound.Flush();
        }
    }

    public void OnPeerDown(BgpPeer peer, BgpConnection connection, string reason, bool notificationExchanged)
    {
        LogDown(_log, peer.Config.Key, reason);
        var restart = connection.Negotiated?.PeerGracefulRestart;
        if (!notificationExchanged && restart is not null && !_stop.IsCancellationRequested)
        {
            // RFC 4724 §4.2: keep the peer's routes, marked stale, for its restart time.
            var seconds = Math.Min(restart.RestartTime, peer.Config.MaxRestartTime ?? int.MaxValue);
            var source = peer.Source;
            lock (_ribLock)
            {
                foreach (var prefix in _rib.PrefixesFrom(source))
                {
                    var path = _rib.Get(prefix)!.Paths.First(p => ReferenceEquals(p.Source, source));
                    _rib.Set(prefix, path with { Stale = true });
                }
            }

            _ = Task.Run(async () =>
            {
                await Task.Delay(TimeSpan.FromSeconds(seconds), Time, _stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                RemoveSource(source, null, staleOnly: true);
            });
            return;
        }

        WithdrawAllFrom(peer);
    }

    public void OnUpdate(BgpPeer peer, UpdateMessage update)
    {
        var connection = peer.Established;
        if (connection is null)
        {
            return;
        }

        if (update.Problems.Count > 0)
        {
            LogProblems(_log, peer.Config.Key, string.Join("; ", update.Problems));
        }

        if (update.EndOfRib is { } family)
        {
            peer.EndOfRibSeen = true;
            // The restarted peer has resent its table: what is still stale from its previous session goes.
            lock (_ribLock)
            {
                foreach (var old in _rib.Entries.SelectMany(e => e.Value.Paths).Where(p => p.Stale && p.Source.Address.Equals(peer.Config.Address)).Select(p => p.Source).Distinct().ToList())
                {
                    RemoveSource(old, family, staleOnly: true);
                }
            }

            return;
        }

        var source = peer.Source;
        var changed = new List<BgpPrefix>(update.Withdrawn.Count + update.Announced.Count);
        lock (_ribLock)
        {
            foreach (var prefix in update.Withdrawn)
            {
                if (_rib.Remove(prefix, source))
                {
                    changed.Add(prefix);
                }
            }

            foreach (var prefix in update.Announced)
            {
                var attributes = prefix.Family == BgpFamily.IPv6Unicast ? update.IPv6Attributes : update.IPv4Attributes;
                var accepted = attributes is null ? null : Import(peer, prefix, attributes);
                if (accepted is null ? _rib.Remove(prefix, source) : _rib.Set(prefix, new RibPath(source, accepted)))
                {
                    changed.Add(prefix);
                }
            }

            Propagate(changed);
        }
    }

    public void OnRouteRefresh(BgpPeer peer, BgpFamily family)
    {
        lock (_ribLock)
        {
            if (peer.Established is not { } connection)
            {
                return;
            }

            peer.Outbound.ForgetSent(family);
            foreach (var (prefix, entry) in _rib.Entries.Where(e => e.Key.Family == family))
            {
                peer.Outbound.Queue(prefix, Export(peer, connection, prefix, entry.Best));
            }

            peer.Outbound.QueueEndOfRib([family]);
            peer.Outbound.Flush();
        }
    }

    /// <summary>
    /// Applies changed filters to a running session without resetting it (as BIRD's soft reconfiguration): every
    /// best path is exported again through the new export filters (the Adj-RIB-Out sends only differences, withdrawing
    /// what is now rejected), and a ROUTE-REFRESH asks the peer to resend its routes through the new import filters.
    /// Called under the RIB lock. Returns false when the peer cannot refresh (no route-refresh capability), so the
    /// caller restarts the session instead.
    /// </summary>
    private bool Refilter(BgpPeer peer, PeerConfig config)
    {
        if (peer.Established is { Negotiated: { RouteRefresh: false } })
        {
            return false;
        }

        peer.Reconfigure(config);
        if (peer.Established is not { Negotiated: { } negotiated } connection)
        {
            return true; // the new filters apply from the next session on
        }

        foreach (var (prefix, entry) in _rib.Entries)
        {
            if (negotiated.Families.Contains(prefix.Family))
            {
                peer.Outbound.Queue(prefix, Export(peer, connection, prefix, entry.Best));
            }
        }

        peer.Outbound.Flush();
        foreach (var family in negotiated.Families)
        {
            _ = SendQuietlyAsync(connection, new RouteRefreshMessage(family).Encode());
        }

        return true;
    }

    private static async Task SendQuietlyAsync(BgpConnection connection, byte[] message)
    {
        try
        {
            await connection.SendAsync(message).ConfigureAwait(false);
        }
        catch (Exception error) when (error is IOException or System.Net.Sockets.SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The session is going down; the next one starts with the new filters anyway.
        }
    }

    /// <summary>Import checks (RFC 4271 §9.1.2 loop detection, RFC 4456 §8) then the peer's import filters.</summary>
    private PathAttributes? Import(BgpPeer peer, BgpPrefix prefix, PathAttributes attributes)
    {
        if (attributes.AsPathContains(Options.LocalAs) && peer.External)
        {
            return null;
        }

        if (!peer.External && (attributes.OriginatorId == Options.RouterId || (Options.ClusterId is { } cluster && attributes.ClusterList.Contains(cluster))))
        {
            return null;
        }

        if (attributes.NextHop is null)
        {
            return null;
        }

        return PolicyEvaluator.Evaluate(peer.Config.Filters, import: true, prefix, attributes, fromPeer: true, peer.External);
    }

    private void RemoveSource(PathSource source, BgpFamily? family, bool staleOnly)
    {
        lock (_ribLock)
        {
            var changed = new List<BgpPrefix>();
            foreach (var prefix in _rib.PrefixesFrom(source, staleOnly, family))
            {
                if (_rib.Remove(prefix, source))
                {
                    changed.Add(prefix);
                }
            }

            Propagate(changed);
        }
    }

    private void WithdrawAllFrom(BgpPeer peer) => RemoveSource(peer.Source, null, staleOnly: false);

    /// <summary>Pushes best-path changes to every established peer and to the kernel. Called under the RIB lock.</summary>
    private void Propagate(List<BgpPrefix> changed)
    {
        if (changed.Count == 0)
        {
            return;
        }

        foreach (var peer in _peers.Values)
        {
            if (peer.Established is not { Negotiated: { } negotiated } connection)
            {
                continue;
            }

            foreach (var prefix in changed)
            {
                if (negotiated.Families.Contains(prefix.Family))
                {
                    peer.Outbound.Queue(prefix, Export(peer, connection, prefix, _rib.Get(prefix)?.Best));
                }
            }

            peer.Outbound.Flush();
        }

        _kernel?.Update(changed, _rib);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "BGP session with {Peer} (AS {PeerAs}) established")]
    private static partial void LogEstablished(ILogger logger, string peer, uint peerAs);

    [LoggerMessage(Level = LogLevel.Information, Message = "BGP session with {Peer} down: {Reason}")]
    private static partial void LogDown(ILogger logger, string peer, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "BGP UPDATE from {Peer} had errors: {Problems}")]
    private static partial void LogProblems(ILogger logger, string peer, string problems);
}
