using System.Net;

namespace Calico.Sdk.Ipam;

/// <summary>An address to release.</summary>
/// <param name="Address">The address.</param>
/// <param name="SequenceNumber">The allocation's sequence number from its <see cref="IpAssignment"/>; when given, a
/// release of an address that was since freed and reassigned is ignored.</param>
public sealed record ReleaseIpRequest(IPAddress Address, ulong? SequenceNumber = null);
