namespace Calico.Sdk.Ipam;

/// <summary>Utilisation of one pool.</summary>
/// <param name="PoolName">The IPPool name.</param>
/// <param name="Cidr">The pool CIDR.</param>
/// <param name="Capacity">Addresses in the pool.</param>
/// <param name="InUse">Addresses allocated.</param>
/// <param name="Blocks">Each block of the pool.</param>
public sealed record PoolUtilization(string PoolName, string Cidr, System.Numerics.BigInteger Capacity, long InUse, IReadOnlyList<BlockUtilization> Blocks);
