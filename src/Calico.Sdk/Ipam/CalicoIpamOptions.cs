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
    /// How long pools, reservations, the IPAM configuration and node labels read from the datastore are reused.
    /// Zero (the default) reads them on every call, as Calico does; a second or two lets a busy node allocate
    /// faster at the price of seeing a pool change that much later.
    /// </summary>
    public TimeSpan SettingsCacheDuration { get; init; } = TimeSpan.Zero;

    /// <summary>How long a clean-up write after a failed or cancelled call may take (it is not cancellable).</summary>
    public TimeSpan RollbackTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
