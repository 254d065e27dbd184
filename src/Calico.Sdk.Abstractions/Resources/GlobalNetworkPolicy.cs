namespace Calico.Sdk.Resources;

/// <summary>A cluster-wide Calico network policy.</summary>
public sealed class GlobalNetworkPolicy : Resource<GlobalNetworkPolicySpec>
{
    /// <summary>The kind name.</summary>
    public const string KindName = "GlobalNetworkPolicy";

    /// <summary>Creates an empty GlobalNetworkPolicy.</summary>
    public GlobalNetworkPolicy()
        : base(ApiGroups.ProjectCalicoV3, KindName)
    {
    }
}
