namespace Calico.Sdk.Resources;

/// <summary>A namespaced policy that is never enforced, only accounted ("what if").</summary>
public sealed class StagedNetworkPolicy : Resource<StagedNetworkPolicySpec>
{
    /// <summary>The kind name.</summary>
    public const string KindName = "StagedNetworkPolicy";

    /// <summary>Creates an empty StagedNetworkPolicy.</summary>
    public StagedNetworkPolicy()
        : base(ApiGroups.ProjectCalicoV3, KindName)
    {
    }
}
