using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>An egress rule of a Kubernetes network policy.</summary>
public sealed class KubernetesNetworkPolicyEgressRule
{
    /// <summary>Destination ports; all when empty.</summary>
    [JsonPropertyName("ports")]
    public IList<KubernetesNetworkPolicyPort>? Ports { get; set; }

    /// <summary>Destinations; any when empty.</summary>
    [JsonPropertyName("to")]
    public IList<KubernetesNetworkPolicyPeer>? To { get; set; }
}
