using Calico.Sdk.Datastore;
using Calico.Sdk.Resources;

namespace Calico.Routing.Bgp.Config;

/// <summary>The Calico resources BGP reads, listed from the datastore.</summary>
internal sealed record CalicoResources(IReadOnlyList<BGPConfiguration> Configurations, IReadOnlyList<BGPPeer> Peers, IReadOnlyList<BGPFilter> Filters, IReadOnlyList<Node> Nodes)
{
    public static readonly CalicoResources Empty = new([], [], [], []);

    public static async Task<CalicoResources> LoadAsync(IDatastore datastore, CancellationToken cancellationToken)
    {
        var configurations = await datastore.ListAllAsync(ResourceKinds.BGPConfiguration, cancellationToken: cancellationToken).ConfigureAwait(false);
        var peers = await datastore.ListAllAsync(ResourceKinds.BGPPeer, cancellationToken: cancellationToken).ConfigureAwait(false);
        var filters = await datastore.ListAllAsync(ResourceKinds.BGPFilter, cancellationToken: cancellationToken).ConfigureAwait(false);
        var nodes = await datastore.ListAllAsync(ResourceKinds.Node, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new CalicoResources(
            [.. configurations.Items.OfType<BGPConfiguration>()],
            [.. peers.Items.OfType<BGPPeer>()],
            [.. filters.Items.OfType<BGPFilter>()],
            [.. nodes.Items.OfType<Node>()]);
    }
}
