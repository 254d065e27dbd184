namespace Calico.Sdk.Policy;

/// <summary>The kind of object a <see cref="PolicyId"/> names; staged kinds are evaluated but never enforced.</summary>
public enum PolicyKind
{
    /// <summary>projectcalico.org/v3 NetworkPolicy (namespaced); short name <c>np</c>.</summary>
    NetworkPolicy,

    /// <summary>projectcalico.org/v3 GlobalNetworkPolicy; short name <c>gnp</c>.</summary>
    GlobalNetworkPolicy,

    /// <summary>StagedNetworkPolicy; short name <c>snp</c>.</summary>
    StagedNetworkPolicy,

    /// <summary>StagedGlobalNetworkPolicy; short name <c>sgnp</c>.</summary>
    StagedGlobalNetworkPolicy,

    /// <summary>networking.k8s.io/v1 NetworkPolicy translated by Calico's rules; short name <c>knp</c>.</summary>
    KubernetesNetworkPolicy,

    /// <summary>A Profile (rules applied when no policy decides); short name <c>pro</c>.</summary>
    Profile,
}
