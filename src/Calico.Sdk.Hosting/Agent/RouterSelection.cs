using Calico.Sdk.Resources;
using Calico.Sdk.Routing;

namespace Calico.Sdk.Hosting.Agent;

/// <summary>
/// Which routers a node runs, as Calico decides it: <c>CALICO_NETWORKING_BACKEND=bird</c> runs BGP; every enabled pool
/// with VXLAN needs the <c>vxlan</c> router and with IP-in-IP the <c>ipip</c> router; pools without encapsulation are
/// routed by BGP under <c>bird</c>, otherwise by the <c>noencap</c> router (direct routes via the node's address, for
/// nodes on one L2 segment).
/// </summary>
internal static class RouterSelection
{
    public static SortedSet<string> Wanted(string backend, IEnumerable<IPPool> pools)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        if (backend == "bird")
        {
            names.Add("bgp");
        }

        foreach (var pool in pools.Where(p => p.Spec.Disabled != true))
        {
            switch (RoutingTracker.EncapsulationOf(pool))
            {
                case Encapsulation.VxlanAlways or Encapsulation.VxlanCrossSubnet:
                    names.Add("vxlan");
                    break;
                case Encapsulation.IpipAlways or Encapsulation.IpipCrossSubnet:
                    names.Add("ipip");
                    break;
                default:
                    if (backend != "bird")
                    {
                        names.Add("noencap");
                    }

                    break;
            }
        }

        return names;
    }
}
