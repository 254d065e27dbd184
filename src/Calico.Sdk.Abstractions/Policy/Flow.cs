using System.Net;

namespace Calico.Sdk.Policy;

/// <summary>
/// A new connection (its first packet) to evaluate. Endpoints are found by address: a local workload endpoint
/// owning the address, or a host endpoint listing it in <c>expectedIPs</c> (the host itself as source or
/// destination). <see cref="ArrivesVia"/> / <see cref="LeavesVia"/> name host endpoints a forwarded packet
/// crosses.
/// </summary>
/// <param name="Source">The source address.</param>
/// <param name="Destination">The destination address.</param>
/// <param name="Protocol">The IP protocol number (6 TCP, 17 UDP, 132 SCTP, 1 ICMP, 58 ICMPv6...).</param>
/// <param name="DestinationPort">The destination port (0 for protocols without ports).</param>
public sealed record Flow(IPAddress Source, IPAddress Destination, byte Protocol, int DestinationPort = 0)
{
    /// <summary>The source port (0 when unknown or not applicable).</summary>
    public int SourcePort { get; init; }

    /// <summary>ICMP type and code, for ICMP flows.</summary>
    public IcmpMatch? Icmp { get; init; }

    /// <summary>A host endpoint the packet is forwarded in through (applyOnForward, preDNAT, untracked stages).</summary>
    public EndpointId? ArrivesVia { get; init; }

    /// <summary>A host endpoint the packet is forwarded out through (applyOnForward, untracked stages).</summary>
    public EndpointId? LeavesVia { get; init; }

    /// <summary><c>10.0.0.1 → 10.0.0.2 6:80</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Source} -> {Destination} proto {Protocol} port {DestinationPort}";
}
