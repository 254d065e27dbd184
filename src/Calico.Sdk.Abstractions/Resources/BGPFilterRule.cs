using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>One ordered rule of a <see cref="BGPFilter"/>.</summary>
public sealed class BGPFilterRule
{
    /// <summary>The prefix matched according to <see cref="MatchOperator"/>.</summary>
    [JsonPropertyName("cidr")]
    public string? Cidr { get; set; }

    /// <summary>Allowed prefix lengths (requires a CIDR).</summary>
    [JsonPropertyName("prefixLength")]
    public BGPFilterPrefixLength? PrefixLength { get; set; }

    /// <summary><c>RemotePeers</c> to only match routes learned from peers.</summary>
    [JsonPropertyName("source")]
    public string? Source { get; set; }

    /// <summary>An outgoing interface pattern.</summary>
    [JsonPropertyName("interface")]
    public string? Interface { get; set; }

    /// <summary><c>Equal</c>, <c>NotEqual</c>, <c>In</c> or <c>NotIn</c>; required iff a CIDR is set.</summary>
    [JsonPropertyName("matchOperator")]
    public string? MatchOperator { get; set; }

    /// <summary><c>eBGP</c> or <c>iBGP</c>.</summary>
    [JsonPropertyName("peerType")]
    public string? PeerType { get; set; }

    /// <summary>A community the route must carry.</summary>
    [JsonPropertyName("communities")]
    public BGPFilterCommunityMatch? Communities { get; set; }

    /// <summary>The AS numbers the path must begin with.</summary>
    [JsonPropertyName("asPathPrefix")]
    public IList<AsNumber>? AsPathPrefix { get; set; }

    /// <summary>The route priority to match.</summary>
    [JsonPropertyName("priority")]
    public int? Priority { get; set; }

    /// <summary><c>Accept</c> or <c>Reject</c>; required.</summary>
    [JsonPropertyName("action")]
    public string? Action { get; set; }

    /// <summary>Modifications applied before accepting (Accept only).</summary>
    [JsonPropertyName("operations")]
    public IList<BGPFilterOperation>? Operations { get; set; }
}
