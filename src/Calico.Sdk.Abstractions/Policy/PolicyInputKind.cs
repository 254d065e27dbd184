namespace Calico.Sdk.Policy;

/// <summary>The resource kinds an <see cref="IPolicyEngine"/> consumes.</summary>
public enum PolicyInputKind
{
    /// <summary>projectcalico.org/v3 WorkloadEndpoint.</summary>
    WorkloadEndpoint,

    /// <summary>projectcalico.org/v3 HostEndpoint.</summary>
    HostEndpoint,

    /// <summary>projectcalico.org/v3 NetworkPolicy.</summary>
    NetworkPolicy,

    /// <summary>projectcalico.org/v3 GlobalNetworkPolicy.</summary>
    GlobalNetworkPolicy,

    /// <summary>projectcalico.org/v3 StagedNetworkPolicy.</summary>
    StagedNetworkPolicy,

    /// <summary>projectcalico.org/v3 StagedGlobalNetworkPolicy.</summary>
    StagedGlobalNetworkPolicy,

    /// <summary>networking.k8s.io/v1 NetworkPolicy (API defaulting and Calico's conversion are applied on ingest).</summary>
    KubernetesNetworkPolicy,

    /// <summary>projectcalico.org/v3 Tier.</summary>
    Tier,

    /// <summary>projectcalico.org/v3 Profile (including the synthesised <c>kns.</c>/<c>ksa.</c> ones).</summary>
    Profile,

    /// <summary>projectcalico.org/v3 NetworkSet.</summary>
    NetworkSet,

    /// <summary>projectcalico.org/v3 GlobalNetworkSet.</summary>
    GlobalNetworkSet,
}
