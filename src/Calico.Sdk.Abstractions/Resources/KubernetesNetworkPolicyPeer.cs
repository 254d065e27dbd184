using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>A peer of a Kubernetes network policy rule.</summary>
public sealed class KubernetesNetworkPolicyPeer
{
    /// <summary>Pods (in the policy's namespace unless a namespace selector is given).</summary>
    [JsonPropertyName("podSelector")]
    public LabelSelector? PodSelector { get; set; }

    /// <summary>Namespaces.</summary>
    [JsonPropertyName("namespaceSelector")]
    public LabelSelector? NamespaceSelector { get; set; }

    /// <summary>A CIDR (exclusive with the selectors).</summary>
    [JsonPropertyName("ipBlock")]
    public IPBlock? IPBlock { get; set; }
}
