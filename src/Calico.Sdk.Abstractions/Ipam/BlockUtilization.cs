namespace Calico.Sdk.Ipam;

/// <summary>Utilisation of one block.</summary>
/// <param name="Cidr">The block CIDR.</param>
/// <param name="Affinity">The affinity, e.g. <c>host:node-1</c>, or null when unaffine.</param>
/// <param name="Capacity">Addresses in the block.</param>
/// <param name="InUse">Addresses allocated.</param>
/// <param name="Borrowed">Addresses allocated to workloads on a node other than the affine one.</param>
public sealed record BlockUtilization(string Cidr, string? Affinity, int Capacity, int InUse, int Borrowed);
