using Calico.Sdk.Resources;

namespace Calico.Routing.Bgp.Config;

/// <summary>The Calico resources BGP reads (kept current by <see cref="ResourceWatch"/>).</summary>
internal sealed record CalicoResources(IReadOnlyList<BGPConfiguration> Configurations, IReadOnlyList<BGPPeer> Peers, IReadOnlyList<BGPFilter> Filters, IReadOnlyList<Node> Nodes)
{
    public static readonly CalicoResources Empty = new([], [], [], []);
}
