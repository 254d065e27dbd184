using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>The spec of <see cref="BGPPeer"/>.</summary>
public sealed class BGPPeerSpec
{
    /// <summary>Apply only on this node.</summary>
    [JsonPropertyName("node")]
    public string? Node { get; set; }

    /// <summary>The peer's address: <c>IP</c>, <c>IPv4:port</c> or <c>[IPv6]:port</c>.</summary>
    [JsonPropertyName("peerIP")]
    public string? PeerIP { get; set; }

    /// <summary>The peer's AS number.</summary>
    [JsonPropertyName("asNumber")]
    public AsNumber? AsNumber { get; set; }

    /// <summary>The nodes that get this peering (exclusive with <see cref="Node"/>).</summary>
    [JsonPropertyName("nodeSelector")]
    public string? NodeSelector { get; set; }

    /// <summary>Peer with every Calico node matching (exclusive with <see cref="PeerIP"/>).</summary>
    [JsonPropertyName("peerSelector")]
    public string? PeerSelector { get; set; }

    /// <summary>Deprecated: keep the original next hop.</summary>
    [JsonPropertyName("keepOriginalNextHop")]
    public bool? KeepOriginalNextHop { get; set; }

    /// <summary><c>Auto</c>, <c>Self</c> or <c>Keep</c>.</summary>
    [JsonPropertyName("nextHopMode")]
    public string? NextHopMode { get; set; }

    /// <summary>The MD5 session password.</summary>
    [JsonPropertyName("password")]
    public BgpPassword? Password { get; set; }

    /// <summary><c>UseNodeIP</c> (default) or <c>None</c>.</summary>
    [JsonPropertyName("sourceAddress")]
    public string? SourceAddress { get; set; }

    /// <summary><c>None</c> or <c>BFDIfDirectlyConnected</c>.</summary>
    [JsonPropertyName("failureDetectionMode")]
    public string? FailureDetectionMode { get; set; }

    /// <summary><c>GracefulRestart</c> or <c>LongLivedGracefulRestart</c>.</summary>
    [JsonPropertyName("restartMode")]
    public string? RestartMode { get; set; }

    /// <summary>The graceful-restart time, a duration such as <c>120s</c>.</summary>
    [JsonPropertyName("maxRestartTime")]
    public string? MaxRestartTime { get; set; }

    /// <summary><c>Recursive</c> or <c>DirectIfDirectlyConnected</c>.</summary>
    [JsonPropertyName("birdGatewayMode")]
    public string? BirdGatewayMode { get; set; }

    /// <summary>How often the local AS may appear in received paths.</summary>
    [JsonPropertyName("numAllowedLocalASNumbers")]
    public int? NumAllowedLocalASNumbers { get; set; }

    /// <summary>Enable TTL security with this many hops.</summary>
    [JsonPropertyName("ttlSecurity")]
    public int? TtlSecurity { get; set; }

    /// <summary>BGPFilter names applied in order.</summary>
    [JsonPropertyName("filters")]
    public IList<string>? Filters { get; set; }

    /// <summary>A gateway through which the peer is reached.</summary>
    [JsonPropertyName("reachableBy")]
    public string? ReachableBy { get; set; }

    /// <summary>Peer with local workloads matching this selector.</summary>
    [JsonPropertyName("localWorkloadSelector")]
    public string? LocalWorkloadSelector { get; set; }

    /// <summary><c>Auto</c> or <c>Manual</c>.</summary>
    [JsonPropertyName("reversePeering")]
    public string? ReversePeering { get; set; }

    /// <summary>Override of the local AS number for this peering.</summary>
    [JsonPropertyName("localASNumber")]
    public AsNumber? LocalAsNumber { get; set; }

    /// <summary>The keepalive timer, a duration.</summary>
    [JsonPropertyName("keepaliveTime")]
    public string? KeepaliveTime { get; set; }
}
