using System.Net;
using System.Net.Sockets;
using Calico.Routing.Bgp.Policy;
using Calico.Routing.Bgp.Rib;
using Calico.Routing.Bgp.Session;
using Calico.Routing.Bgp.Wire;

namespace Calico.Routing.Bgp;

/// <summary>What each peer is told about a best path: iBGP split horizon and route reflection (RFC 4456),
/// well-known communities (RFC 1997), next-hop rules, AS_PATH prepend, then the peer's export filters.</summary>
internal sealed partial class BgpSpeaker
{
    /// <returns>The attributes to announce, or null to withdraw / not announce.</returns>
    private PathAttributes? Export(BgpPeer peer, BgpConnection connection, BgpPrefix prefix, RibPath? best)
    {
        if (best is null || best.Source.Address.Equals(peer.Config.Address))
        {
            return null;
        }

        var attributes = best.Attributes;
        if (attributes.Communities.Length > 0 && (attributes.Communities.Contains(NoAdvertise)
            || (peer.External && (attributes.Communities.Contains(NoExport) || attributes.Communities.Contains(NoExportSubconfed)))))
        {
            return null;
        }

        var fromInternal = !best.Source.IsLocal && best.Source.Internal;
        if (fromInternal && !peer.External)
        {
            // iBGP-learned routes go to iBGP peers only through a route reflector: from a client to everyone,
            // from a non-client to clients only (RFC 4456 §6).
            if (Options.ClusterId is not { } cluster || (!best.Source.RouteReflectorClient && !peer.Config.RouteReflectorClient))
            {
                return null;
            }

            attributes = attributes with { OriginatorId = attributes.OriginatorId ?? best.Source.RouterId, ClusterList = [cluster, .. attributes.ClusterList] };
        }

        var self = SelfAddress(connection, prefix.Family);
        if (peer.External)
        {
            if (attributes.AsPathContains(peer.Config.PeerAs))
            {
                return null; // the peer would drop it as a loop
            }

            var keep = peer.Config.NextHopMode == NextHopMode.Keep && attributes.NextHop is not null;
            attributes = attributes.Prepend(Options.LocalAs) with
            {
                LocalPref = null,
                OriginatorId = null,
                ClusterList = [],
                Med = best.Source.IsLocal ? attributes.Med : null,
                NextHop = keep ? attributes.NextHop : self,
                NextHopLinkLocal = keep ? attributes.NextHopLinkLocal : null,
            };
        }
        else
        {
            var useSelf = peer.Config.NextHopMode == NextHopMode.Self || attributes.NextHop is null
                || (peer.Config.NextHopMode == NextHopMode.Auto && best.Source.IsLocal);
            attributes = attributes with
            {
                LocalPref = attributes.LocalPref ?? BestPath.DefaultLocalPref,
                NextHop = useSelf ? self : attributes.NextHop,
                NextHopLinkLocal = useSelf ? null : attributes.NextHopLinkLocal,
            };
        }

        if (attributes.NextHop is null)
        {
            return null; // no address of this family to offer as next hop
        }

        attributes = Canonical(peer, best.Attributes, attributes);
        return peer.Config.Filters.Count == 0
            ? attributes
            : PolicyEvaluator.Evaluate(peer.Config.Filters, import: false, prefix, attributes, fromPeer: !best.Source.IsLocal, peer.External);
    }

    /// <summary>One exported attribute object per (peer, source attributes, result), so prefixes that share
    /// attributes share an UPDATE.</summary>
    private static PathAttributes Canonical(BgpPeer peer, PathAttributes original, PathAttributes exported)
    {
        var cache = peer.ExportCache;
        if (cache.TryGetValue(original, out var cached) && Equals(cached.NextHop, exported.NextHop) && cached.LocalPref == exported.LocalPref
            && cached.AsPathText == exported.AsPathText && cached.OriginatorId == exported.OriginatorId && cached.ClusterList.SequenceEqual(exported.ClusterList))
        {
            return cached;
        }

        if (cache.Count > 4096)
        {
            cache.Clear();
        }

        cache[original] = exported;
        return exported;
    }

    private IPAddress? SelfAddress(BgpConnection connection, BgpFamily family)
    {
        var local = connection.LocalAddress;
        if (local is not null && local.IsIPv4MappedToIPv6)
        {
            local = local.MapToIPv4();
        }

        var wanted = family == BgpFamily.IPv6Unicast ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
        return local?.AddressFamily == wanted ? local : family == BgpFamily.IPv6Unicast ? Options.LocalIPv6 : Options.LocalIPv4;
    }
}
