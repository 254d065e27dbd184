using System.Net;

namespace Calico.Sdk.Ipam;

/// <summary>One assigned address.</summary>
/// <param name="Address">The address.</param>
/// <param name="PrefixLength">The prefix length the workload uses (/32 or /128).</param>
/// <param name="BlockCidr">The IPAM block it came from, e.g. <c>10.65.0.0/26</c>.</param>
/// <param name="SequenceNumber">The block's sequence number for this allocation; present it on release.</param>
public sealed record IpAssignment(IPAddress Address, int PrefixLength, string BlockCidr, ulong SequenceNumber);
