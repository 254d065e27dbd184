namespace Calico.Sdk.Ipam;

/// <summary>The kinds of IPAM inconsistency <see cref="IIpam.CheckAsync"/> reports.</summary>
public enum IpamProblemKind
{
    /// <summary>One address is allocated more than once.</summary>
    DuplicateAddress,

    /// <summary>An address is held by a handle whose workload no longer exists.</summary>
    LeakedHandle,

    /// <summary>A handle's per-block counts disagree with the blocks' allocations.</summary>
    HandleMismatch,

    /// <summary>An affinity names a block that does not exist, or a node that does not exist.</summary>
    OrphanedAffinity,

    /// <summary>A block lies outside every IP pool.</summary>
    BlockOutsidePools,

    /// <summary>A block's allocation bitmap and free list disagree.</summary>
    BlockCorrupt,
}
