namespace Calico.Sdk.Ipam;

/// <summary>The pools, reservations and settings one IPAM call works with; <paramref name="Fingerprint"/> names every
/// object read with its revision, so two reads can be compared without comparing their contents.</summary>
internal sealed record IpamSnapshot(IReadOnlyList<IpamPool> Pools, ReservedRanges Reserved, IpamSettings Settings, DateTimeOffset ReadAt, string Fingerprint)
{
    /// <summary>The pool (enabled or not) that contains a block, or null.</summary>
    public IpamPool? PoolOf(IpCidr block) => Pools.FirstOrDefault(p => p.Cidr.Contains(block));
}
