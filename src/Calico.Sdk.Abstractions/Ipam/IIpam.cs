using System.Net;

namespace Calico.Sdk.Ipam;

/// <summary>
/// Calico block-affinity IP address management over an <c>IDatastore</c>, shared by the CNI plugin, the node agent,
/// calicoctl and controllers.
/// </summary>
/// <remarks>
/// <para>Promise: never two workloads with one address, never a leaked address. Every datastore write is a single-object
/// compare-and-swap; an implementation retries conflicts internally and never retries a write whose outcome is unknown
/// blindly (it reconciles by handle and sequence number instead).</para>
/// <para>Concurrency: all members are safe to call concurrently from several threads, processes and nodes.</para>
/// <para>Idempotency: releasing an address or handle that is already free succeeds and reports nothing released.
/// Auto-assign is not idempotent; a caller that retries after an unknown outcome releases by handle first.</para>
/// <para>Cancellation: a cancelled call leaves no partial allocation visible to others; anything half-written is
/// found and freed by <see cref="GarbageCollectAsync"/> and reported by <see cref="CheckAsync"/>.</para>
/// <para>Errors: <see cref="IpamExhaustedException"/> when no address can be had; <see cref="ArgumentException"/>
/// for an invalid request (nothing written); datastore exceptions propagate otherwise.</para>
/// </remarks>
public interface IIpam
{
    /// <summary>Assigns addresses from the pools that apply to the request. Both families or nothing.</summary>
    /// <param name="request">What to assign, to whom.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The addresses assigned per family.</returns>
    Task<AutoAssignResult> AutoAssignAsync(AutoAssignRequest request, CancellationToken cancellationToken = default);

    /// <summary>Assigns one specific address (e.g. a static pod IP or a tunnel address).</summary>
    /// <param name="request">The address and owner.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The assignment, with the sequence number a later release must present.</returns>
    Task<IpAssignment> AssignAsync(AssignIpRequest request, CancellationToken cancellationToken = default);

    /// <summary>Releases every address held by a handle. Succeeds when the handle does not exist.</summary>
    /// <param name="handleId">The handle, e.g. <c>k8s-pod-network.&lt;containerID&gt;</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The addresses that were released.</returns>
    Task<IReadOnlyList<IPAddress>> ReleaseByHandleAsync(string handleId, CancellationToken cancellationToken = default);

    /// <summary>Releases addresses; an address whose allocation sequence number differs from the one given
    /// (it was freed and reused since) is left alone and not reported.</summary>
    /// <param name="addresses">The addresses, optionally with the sequence number from their assignment.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The addresses that were released.</returns>
    Task<IReadOnlyList<IPAddress>> ReleaseAsync(IReadOnlyList<ReleaseIpRequest> addresses, CancellationToken cancellationToken = default);

    /// <summary>Lists the addresses a handle holds.</summary>
    /// <param name="handleId">The handle.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The addresses; empty when the handle does not exist.</returns>
    Task<IReadOnlyList<IPAddress>> GetAssignmentsAsync(string handleId, CancellationToken cancellationToken = default);

    /// <summary>Releases a node's block affinities (empty blocks are deleted), tunnel addresses and, when asked,
    /// every address it still holds. Used when a node is removed.</summary>
    /// <param name="node">The node name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when done.</returns>
    Task ReleaseNodeAsync(string node, CancellationToken cancellationToken = default);

    /// <summary>Frees addresses whose handle's workload no longer exists (after a grace period) and empty blocks.</summary>
    /// <param name="request">Which workloads exist, and the grace period.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What was freed.</returns>
    Task<IpamGcResult> GarbageCollectAsync(IpamGcRequest request, CancellationToken cancellationToken = default);

    /// <summary>Checks the IPAM invariants and reports every inconsistency; changes nothing.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The report; <see cref="IpamCheckReport.IsClean"/> when no problem was found.</returns>
    Task<IpamCheckReport> CheckAsync(CancellationToken cancellationToken = default);

    /// <summary>Utilisation per pool and per block, and the blocks affine to each node.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The utilisation snapshot.</returns>
    Task<IpamUtilization> GetUtilizationAsync(CancellationToken cancellationToken = default);
}
