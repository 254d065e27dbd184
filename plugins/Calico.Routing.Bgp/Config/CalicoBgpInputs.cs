using Calico.Sdk.Resources;
using Calico.Sdk.Routing;

namespace Calico.Routing.Bgp.Config;

/// <summary>Everything the BGP topology is computed from: routing state from the agent and Calico's BGP resources.</summary>
internal sealed record CalicoBgpInputs(string NodeName, RoutingState State)
{
    public IReadOnlyList<BGPConfiguration> Configurations { get; init; } = [];

    public IReadOnlyList<BGPPeer> Peers { get; init; } = [];

    public IReadOnlyList<BGPFilter> Filters { get; init; } = [];

    public IReadOnlyList<Node> Nodes { get; init; } = [];
}

/// <summary>The speaker's settings, neighbours and originated routes for one node.</summary>
internal sealed record BgpTopology(uint LocalAs, uint? ClusterId, int ListenPort, IReadOnlyList<Session.PeerConfig> Peers, IReadOnlyList<LocalRoute> LocalRoutes)
{
    /// <summary>Problems that made a peer or filter unusable (named, never with a password).</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];
}
