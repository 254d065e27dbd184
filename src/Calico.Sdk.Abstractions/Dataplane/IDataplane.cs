using Calico.Sdk.Policy;

namespace Calico.Sdk.Dataplane;

/// <summary>
/// Programs the kernel (nftables, iptables+ipset, ...) from the policy engine's output.
/// </summary>
/// <remarks>
/// <para><b>Start-up.</b> Nothing in the kernel changes before the first <see cref="ReconcileAsync"/> (called once
/// the datastore is in sync). That call replaces the dataplane's own objects with the snapshot and removes only its
/// own leftovers (recognised by its table/chain/set name prefixes); other tools' objects are never touched, and
/// nothing is flushed on start, stop or datastore outage.</para>
/// <para><b>Atomicity.</b> Each <see cref="ApplyAsync"/> and <see cref="ReconcileAsync"/> is one kernel
/// transaction: either all of it is live or none of it. On failure the previous ruleset stays intact and the call
/// throws <see cref="DataplaneApplyException"/>; the caller then retries with back-off using
/// <see cref="ReconcileAsync"/> and the engine's current snapshot (deltas are never re-sent).</para>
/// <para><b>Fail closed.</b> A workload interface with no programmed endpoint passes no traffic (dispatch drops
/// unknown workload interfaces); an endpoint whose program references a policy or IP set is only made reachable in
/// the same transaction that installs them. Conntrack ESTABLISHED/RELATED is accepted first and INVALID dropped.</para>
/// <para><b>Readiness.</b> After <see cref="DataplaneStatus.MaxConsecutiveFailures"/> consecutive failed applies
/// <see cref="Status"/> reports not ready until an apply succeeds.</para>
/// <para><b>Concurrency.</b> Apply and reconcile calls must not overlap (the caller serialises them); status and
/// waits may be used from any thread at any time.</para>
/// </remarks>
public interface IDataplane : IAsyncDisposable
{
    /// <summary>The current status (never blocks).</summary>
    DataplaneStatus Status { get; }

    /// <summary>Makes the kernel match <paramref name="desired"/> exactly, in one transaction.</summary>
    /// <param name="desired">The full desired state, e.g. <see cref="IPolicyEngine.Snapshot"/>.</param>
    /// <param name="cancellationToken">Cancels before the transaction is committed.</param>
    /// <returns>A task completing when the state is live.</returns>
    /// <exception cref="DataplaneApplyException">The kernel rejected the transaction; nothing changed.</exception>
    Task ReconcileAsync(PolicySnapshot desired, CancellationToken cancellationToken = default);

    /// <summary>Applies one delta in one transaction.</summary>
    /// <param name="delta">The delta; its generation must be <see cref="DataplaneStatus.AppliedGeneration"/> + 1.</param>
    /// <param name="cancellationToken">Cancels before the transaction is committed.</param>
    /// <returns>A task completing when the delta is live.</returns>
    /// <exception cref="InvalidOperationException">Called before the first reconcile, or the delta is out of sequence.</exception>
    /// <exception cref="DataplaneApplyException">The kernel rejected the transaction; nothing changed.</exception>
    Task ApplyAsync(PolicyDelta delta, CancellationToken cancellationToken = default);

    /// <summary>
    /// The "endpoint programmed" signal a CNI ADD waits on: completes once a transaction that includes the
    /// endpoint's program (computed from <paramref name="resourceVersion"/>, or from any version when null) is live,
    /// so the first packet after ADD returns gets the endpoint's final verdict. Completes at once if that is
    /// already the case.
    /// </summary>
    /// <param name="endpoint">The endpoint.</param>
    /// <param name="resourceVersion">The WorkloadEndpoint revision the caller wrote, or null for any.</param>
    /// <param name="cancellationToken">Gives up waiting (the caller's timeout).</param>
    /// <returns>What was programmed.</returns>
    Task<EndpointProgrammed> WaitForEndpointProgrammedAsync(
        EndpointId endpoint, string? resourceVersion, CancellationToken cancellationToken = default);
}
