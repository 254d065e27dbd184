namespace Calico.Sdk.Ipam;

/// <summary>The result of <see cref="IIpam.AutoAssignAsync"/>.</summary>
/// <param name="IPv4">The IPv4 addresses assigned.</param>
/// <param name="IPv6">The IPv6 addresses assigned.</param>
public sealed record AutoAssignResult(IReadOnlyList<IpAssignment> IPv4, IReadOnlyList<IpAssignment> IPv6);
