namespace Calico.Sdk.Ipam;

/// <summary>Utilisation per pool, for <c>calicoctl ipam show</c>.</summary>
/// <param name="Pools">Each pool with its blocks.</param>
/// <param name="NodeAffinities">Block CIDRs affine to each node.</param>
public sealed record IpamUtilization(IReadOnlyList<PoolUtilization> Pools, IReadOnlyDictionary<string, IReadOnlyList<string>> NodeAffinities);
