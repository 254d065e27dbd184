using System.Net;
using Calico.Sdk.Linux;

namespace Calico.Cni.Tests.Harness;

/// <summary>The node namespace's underlay for CNI tests and the CNI benchmark (which links this file).</summary>
internal static class NodeUplink
{
    /// <summary>Brings up <c>lo</c> and a veth uplink with 192.0.2.1/24 and a default route, so the node has a host address.</summary>
    public static void Configure(NetworkNamespace node)
    {
        using var links = NetlinkRoute.Open(node);
        links.SetLink("lo", new LinkSettings { Up = true });
        var up = links.AddLink(new VethLink("uplink0", "uplink1"));
        links.SetLink("uplink0", new LinkSettings { Up = true });
        links.SetLink("uplink1", new LinkSettings { Up = true });
        links.AddAddress(new AddressInfo(up.Index, IPAddress.Parse("192.0.2.1"), 24));
        links.AddRoute(new RouteInfo(new IPNetwork(IPAddress.Any, 0)) { Gateway = IPAddress.Parse("192.0.2.254"), OutputInterface = up.Index, OnLink = true });
    }
}
