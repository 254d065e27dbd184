namespace Calico.Sdk.Resources;

/// <summary>A cluster-wide policy that is never enforced, only accounted ("what if").</summary>
public sealed class StagedGlobalNetworkPolicy : Resource<StagedGlobalNetworkPolicySpec>
{
    /// <summary>The kind name.</summary>
    public const string KindName = "StagedGlobalNetworkPolicy";

    /// <summary>Creates an empty StagedGlobalNetworkPolicy.</summary>
    public StagedGlobalNetworkPolicy()
        : base(ApiGroups.ProjectCalicoV3, KindName)
    {
    }
}
