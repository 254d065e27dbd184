namespace Calico.Sdk.Policy;

/// <summary>
/// One rule, compiled: selectors replaced by IP set ids, protocols by numbers, CIDRs normalised. All present
/// criteria are ANDed. A dataplane renders it as one match on the packet followed by <see cref="Action"/>.
/// </summary>
public sealed record CompiledRule
{
    /// <summary>What to do on a match.</summary>
    public required RuleAction Action { get; init; }

    /// <summary>4 or 6 when the rule applies to one IP family only; null for both.</summary>
    public int? IpVersion { get; init; }

    /// <summary>IP protocol number the packet must have (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6, 132 SCTP...).</summary>
    public byte? Protocol { get; init; }

    /// <summary>IP protocol number the packet must not have.</summary>
    public byte? NotProtocol { get; init; }

    /// <summary>ICMP type/code the packet must have (requires <see cref="Protocol"/> 1 or 58).</summary>
    public IcmpMatch? Icmp { get; init; }

    /// <summary>ICMP type/code the packet must not have.</summary>
    public IcmpMatch? NotIcmp { get; init; }

    /// <summary>Source criteria.</summary>
    public EntityMatch Source { get; init; } = EntityMatch.Any;

    /// <summary>Destination criteria.</summary>
    public EntityMatch Destination { get; init; } = EntityMatch.Any;

    /// <summary>
    /// True when a selector in the rule can never match (e.g. it references an IP set that the rule's address
    /// family cannot satisfy); kept so rule indexes stay aligned with the source resource.
    /// </summary>
    public bool NeverMatches { get; init; }

    /// <summary>The position of the rule in the source resource's list (0-based), for traces and counters.</summary>
    public int Index { get; init; }
}
