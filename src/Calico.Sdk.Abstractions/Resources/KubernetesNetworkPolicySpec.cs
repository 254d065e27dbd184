using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>The spec of <see cref="KubernetesNetworkPolicy"/>.</summary>
public sealed class KubernetesNetworkPolicySpec
{
    /// <summary>The pods in the namespace the policy applies to.</summary>
    [JsonPropertyName("podSelector")]
    public LabelSelector? PodSelector { get; set; }

    /// <summary>Ingress rules.</summary>
    [JsonPropertyName("ingress")]
    public IList<KubernetesNetworkPolicyIngressRule>? Ingress { get; set; }

    /// <summary>Egress rules.</summary>
    [JsonPropertyName("egress")]
    public IList<KubernetesNetworkPolicyEgressRule>? Egress { get; set; }

    /// <summary><c>Ingress</c> and/or <c>Egress</c>.</summary>
    [JsonPropertyName("policyTypes")]
    public IList<string>? PolicyTypes { get; set; }
}
