namespace Calico.Sdk.Resources;

/// <summary>A Kubernetes <c>networking.k8s.io/v1</c> NetworkPolicy.</summary>
public sealed class KubernetesNetworkPolicy : Resource<KubernetesNetworkPolicySpec>
{
    /// <summary>The kind name.</summary>
    public const string KindName = "NetworkPolicy";

    /// <summary>Creates an empty KubernetesNetworkPolicy.</summary>
    public KubernetesNetworkPolicy()
        : base(ApiGroups.NetworkingK8sV1, KindName)
    {
    }
}
