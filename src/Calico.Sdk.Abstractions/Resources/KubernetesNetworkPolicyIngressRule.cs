using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>An ingress rule of a Kubernetes network policy.</summary>
public sealed class KubernetesNetworkPolicyIngressRule
{
    /// <summary>Destination ports; all when empty.</summary>
    [JsonPropertyName("ports")]
    public IList<KubernetesNetworkPolicyPort>? Ports { get; set; }

    /// <summary>Sources; any when empty.</summary>
    [JsonPropertyName("from")]
    public IList<KubernetesNetworkPolicyPeer>? From { get; set; }
}
