using System.Net;
using Calico.Routing.Bgp.Policy;
using Calico.Routing.Bgp.Wire;

namespace Calico.Routing.Bgp.Session;

/// <summary>How the next hop of routes sent to a peer is chosen (BGPPeer <c>nextHopMode</c>).</summary>
internal enum NextHopMode
{
    /// <summary>Self towards external peers, unchanged towards internal ones (BIRD's default).</summary>
    Auto,

    /// <summary>Always this node.</summary>
    Self,

    /// <summary>Never changed (<c>keepOriginalNextHop</c>).</summary>
    Keep,
}

/// <summary>One configured BGP neighbour.</summary>
internal sealed record PeerConfig(IPAddress Address, uint PeerAs)
{
    public int Port { get; init; } = 179;

    /// <summary>Never connects; waits for the peer (Calico's mesh rule makes one side of each pair passive).</summary>
    public bool Passive { get; init; }

    /// <summary>The status label: <c>node-to-node mesh</c>, <c>global</c> or <c>node specific</c>.</summary>
    public string PeerType { get; init; } = "global";

    /// <summary>The TCP MD5 key (RFC 2385); never logged.</summary>
    public string? Password { get; init; }

    public bool RouteReflectorClient { get; init; }

    public NextHopMode NextHopMode { get; init; }

    /// <summary>How long routes from this peer are kept when it restarts (caps what it asks for; null = what it asks).</summary>
    public int? MaxRestartTime { get; init; }

    public IReadOnlyList<BgpFilterRules> Filters { get; init; } = [];

    /// <summary>Source address for outgoing connections (the node's IP).</summary>
    public IPAddress? LocalAddress { get; init; }

    /// <summary>Families to carry; by default the peer address's own family.</summary>
    public IReadOnlyList<BgpFamily>? Families { get; init; }

    public IReadOnlyList<BgpFamily> EffectiveFamilies =>
        Families ?? [Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? BgpFamily.IPv6Unicast : BgpFamily.IPv4Unicast];

    public string Key => Address + (Port == 179 ? string.Empty : ":" + Port);

    /// <summary>Config without the password, for logs and diagnostics.</summary>
    public override string ToString() => $"peer {Key} AS {PeerAs} ({PeerType}{(Passive ? ", passive" : string.Empty)}{(RouteReflectorClient ? ", rr client" : string.Empty)}{(Password is null ? string.Empty : ", md5")})";
}
