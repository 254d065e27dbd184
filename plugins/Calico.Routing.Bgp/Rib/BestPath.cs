using Calico.Routing.Bgp.Wire;

namespace Calico.Routing.Bgp.Rib;

/// <summary>The RFC 4271 §9.1.2.2 decision process (no IGP metric: every next hop is treated as equally close),
/// with RFC 4456 §9 ORIGINATOR_ID / CLUSTER_LIST tie-breaks.</summary>
internal static class BestPath
{
    public const uint DefaultLocalPref = 100;

    /// <summary>Negative when <paramref name="a"/> is better.</summary>
    public static int Compare(RibPath a, RibPath b)
    {
        var c = MultipathCompare(a, b);
        if (c != 0)
        {
            return c;
        }

        c = (a.Attributes.OriginatorId ?? a.Source.RouterId).CompareTo(b.Attributes.OriginatorId ?? b.Source.RouterId);
        if (c != 0)
        {
            return c;
        }

        c = a.Attributes.ClusterList.Length.CompareTo(b.Attributes.ClusterList.Length);
        return c != 0 ? c : string.CompareOrdinal(a.Source.Address.ToString(), b.Source.Address.ToString());
    }

    /// <summary>Compares up to the point where paths are equal for ECMP (everything before the router-id tie-break).</summary>
    public static int MultipathCompare(RibPath a, RibPath b)
    {
        if (a.Stale != b.Stale)
        {
            return a.Stale ? 1 : -1;
        }

        if (a.Source.IsLocal != b.Source.IsLocal)
        {
            return a.Source.IsLocal ? -1 : 1;
        }

        var c = (b.Attributes.LocalPref ?? DefaultLocalPref).CompareTo(a.Attributes.LocalPref ?? DefaultLocalPref);
        if (c != 0)
        {
            return c;
        }

        c = a.Attributes.AsPathLength.CompareTo(b.Attributes.AsPathLength);
        if (c != 0)
        {
            return c;
        }

        c = a.Attributes.Origin.CompareTo(b.Attributes.Origin);
        if (c != 0)
        {
            return c;
        }

        if (a.Attributes.NeighbourAs == b.Attributes.NeighbourAs)
        {
            c = (a.Attributes.Med ?? 0).CompareTo(b.Attributes.Med ?? 0);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Source.Internal == b.Source.Internal ? 0 : a.Source.Internal ? 1 : -1;
    }
}
