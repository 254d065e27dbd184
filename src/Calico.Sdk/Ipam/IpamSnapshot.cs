namespace Calico.Sdk.Ipam;

/// <summary>The pools, reservations and settings one IPAM call works with.</summary>
internal sealed record IpamSnapshot(IReadOnlyList<IpamPool> Pools, ReservedRanges Reserved, IpamSettings Settings, DateTimeOffset ReadAt)
{
    /// <summary>The pool (enabled or not) that contains a block, or null.</summary>
    public IpamPool? PoolOf(IpCidr block) => Pools.FirstOrDefault(p => p.Cidr.Contains(block));
}
