using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>The status of <see cref="Node"/>.</summary>
public sealed class NodeStatus
{
    /// <summary>The node's WireGuard IPv4 public key.</summary>
    [JsonPropertyName("wireguardPublicKey")]
    public string? WireguardPublicKey { get; set; }

    /// <summary>The node's WireGuard IPv6 public key.</summary>
    [JsonPropertyName("wireguardPublicKeyV6")]
    public string? WireguardPublicKeyV6 { get; set; }

    /// <summary>The pod CIDRs assigned by the orchestrator.</summary>
    [JsonPropertyName("podCIDRs")]
    public IList<string>? PodCidrs { get; set; }
}
