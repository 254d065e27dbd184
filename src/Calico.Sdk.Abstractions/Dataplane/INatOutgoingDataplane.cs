using Calico.Sdk.Resources;

namespace Calico.Sdk.Dataplane;

/// <summary>
/// A dataplane that also owns NAT outgoing (Felix's <c>natOutgoing</c>): traffic whose source is in an IP pool with
/// <c>natOutgoing: true</c> and whose destination is outside every IP pool leaves the node masqueraded to the node's
/// own address. Traffic between pool addresses (pod to pod, across nodes) is never NATed.
/// </summary>
/// <remarks>
/// The node agent passes the complete current list of IP pools (from its datastore watch) after every pool change;
/// each call replaces the previous list in one kernel transaction. Every pool counts as "inside", whatever its
/// <c>disabled</c> flag (as in Felix); only <c>natOutgoing</c> selects the pools that are masqueraded. Before the
/// dataplane's first reconcile the list is only remembered (the kernel is not touched before the first sync), and it
/// survives later reconciles and tamper repairs.
/// </remarks>
public interface INatOutgoingDataplane
{
    /// <summary>Replaces the IP pool list NAT outgoing is computed from.</summary>
    /// <param name="pools">Every IP pool (IPv4 and IPv6).</param>
    /// <param name="cancellationToken">Cancels before the transaction is committed.</param>
    /// <returns>A task completing when the rules are live (or remembered, before the first reconcile).</returns>
    /// <exception cref="ArgumentException">A pool has no valid <c>spec.cidr</c> (named); nothing changed.</exception>
    /// <exception cref="DataplaneApplyException">The kernel rejected the transaction; nothing changed.</exception>
    Task SetIpPoolsAsync(IReadOnlyCollection<IPPool> pools, CancellationToken cancellationToken = default);
}
