using System.Net;

namespace Calico.Sdk.Linux;

/// <summary>A connection-tracking entry (<c>conntrack -L</c>): the original-direction tuple and the reply
/// direction's addresses (which differ from the original when NAT applies).</summary>
/// <param name="Protocol">The IP protocol number (6 TCP, 17 UDP, 1 ICMP, ...).</param>
/// <param name="Source">The original source address.</param>
/// <param name="Destination">The original destination address.</param>
public sealed record ConntrackFlow(byte Protocol, IPAddress Source, IPAddress Destination)
{
    /// <summary>The original source port (TCP/UDP), or 0.</summary>
    public ushort SourcePort { get; init; }

    /// <summary>The original destination port (TCP/UDP), or 0.</summary>
    public ushort DestinationPort { get; init; }

    /// <summary>The reply direction's source address (the original destination, or its DNAT target).</summary>
    public IPAddress? ReplySource { get; init; }

    /// <summary>The reply direction's destination address (the original source, or its SNAT address).</summary>
    public IPAddress? ReplyDestination { get; init; }

    /// <summary>The conntrack zone.</summary>
    public ushort Zone { get; init; }

    /// <summary>The connection mark.</summary>
    public uint Mark { get; init; }

    /// <summary>Whether any of the four addresses equals <paramref name="address"/>.</summary>
    /// <param name="address">The address.</param>
    /// <returns>True when the flow involves it.</returns>
    public bool Involves(IPAddress address) =>
        Source.Equals(address) || Destination.Equals(address) || address.Equals(ReplySource) || address.Equals(ReplyDestination);

    /// <inheritdoc />
    public override string ToString() => $"proto {Protocol} {Source}:{SourcePort} -> {Destination}:{DestinationPort} zone {Zone}";
}
