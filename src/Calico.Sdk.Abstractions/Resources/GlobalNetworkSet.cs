namespace Calico.Sdk.Resources;

/// <summary>A cluster-wide, labelled set of CIDRs that rule selectors can match.</summary>
public sealed class GlobalNetworkSet : Resource<NetworkSetSpec>
{
    /// <summary>The kind name.</summary>
    public const string KindName = "GlobalNetworkSet";

    /// <summary>Creates an empty GlobalNetworkSet.</summary>
    public GlobalNetworkSet()
        : base(ApiGroups.ProjectCalicoV3, KindName)
    {
    }
}
