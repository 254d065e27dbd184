namespace Calico.Sdk.Routing;

/// <summary>
/// Turns "which node owns which IPAM block, and where each node is" into kernel state or announcements: routes to
/// remote blocks, tunnel devices, VXLAN FDB and neighbour entries, or BGP advertisements.
/// </summary>
/// <remarks>
/// <para>Ownership: a router touches only objects it owns — routes carrying its own route protocol id
/// (<see cref="RouteProtocol"/>), its own tunnel device — and never removes what another owner wrote (workload
/// /32 routes and blackholes belong to the agent's workload routing; BGP-learned routes to the BGP router).</para>
/// <para>Ordering and idempotency: <see cref="ApplyAsync"/> takes ordered incremental updates; applying the same
/// desired state twice is a no-op. <see cref="ReconcileAsync"/> replaces the whole desired state and removes the
/// router's own leftovers; callers invoke it only after the first complete datastore sync, never before, so a
/// router never deletes routes because it has not heard about a node yet.</para>
/// <para>Concurrency: calls are serialised by the caller (one routing loop per node); implementations need not be
/// re-entrant. Cancellation stops between kernel batches; a partially applied batch is completed or rolled back on
/// the next call.</para>
/// <para>Errors: kernel or peer errors propagate as exceptions naming the object; the caller retries with back-off
/// and reports the router unready after repeated failure.</para>
/// </remarks>
public interface IRouter : IAsyncDisposable
{
    /// <summary>The router's name as selected by configuration: <c>vxlan</c>, <c>noencap</c>, <c>ipip</c>, <c>bgp</c>.</summary>
    string Name { get; }

    /// <summary>The kernel route protocol number that marks routes this router owns.</summary>
    byte RouteProtocol { get; }

    /// <summary>Prepares devices (e.g. <c>vxlan.calico</c>) for the local node; idempotent.</summary>
    /// <param name="localNode">The local node as routing sees it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the device state is in place.</returns>
    Task StartAsync(RoutingNode localNode, CancellationToken cancellationToken = default);

    /// <summary>Applies incremental changes: nodes and blocks added, changed or removed.</summary>
    /// <param name="update">The changes, in order.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the kernel (or peers) reflect the update.</returns>
    Task ApplyAsync(RoutingUpdate update, CancellationToken cancellationToken = default);

    /// <summary>Makes the router's owned state equal to <paramref name="desired"/>, removing its own leftovers.</summary>
    /// <param name="desired">The complete desired state.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when reconciled.</returns>
    Task ReconcileAsync(RoutingState desired, CancellationToken cancellationToken = default);
}
