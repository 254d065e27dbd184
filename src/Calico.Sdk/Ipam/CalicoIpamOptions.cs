namespace Calico.Sdk.Ipam;

/// <summary>Tuning of <see cref="CalicoIpam"/>. The defaults are Calico's.</summary>
public sealed record CalicoIpamOptions
{
    /// <summary>
    /// How old another node's claim on an empty block must be before this node may take the block over when the
    /// pool has no unclaimed block left (Calico's <c>EmptyBlockMinReclaimAge</c>, 1 minute).
    /// </summary>
    public TimeSpan EmptyBlockReclaimAge { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How many compare-and-swap conflicts one block write absorbs before giving up (Calico: 100).</summary>
    public int MaxConflictRetries { get; init; } = 100;

    /// <summary>
    /// How long pools, reservations and the IPAM configuration read from the datastore are reused by this instance.
    /// Default 1 s: a pool disabled or deleted, a new reservation or a configuration change reaches this instance's
    /// allocations at most that much later. A request that would fail on remembered settings (no room, pool not
    /// found) is decided again on a fresh read, so a new or enabled pool is used at once; checks, GC and
    /// utilization always read afresh. Zero reads them on every call, as Calico's CNI plugin (a new process per call)
    /// does. Every write stays a compare-and-swap either way.
    /// </summary>
    public TimeSpan SettingsCacheDuration { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a clean-up write after a failed or cancelled call may take (it is not cancellable).</summary>
    public TimeSpan RollbackTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
