namespace Calico.Sdk.Resources;

/// <summary>A namespaced, labelled set of CIDRs that rule selectors can match.</summary>
public sealed class NetworkSet : Resource<NetworkSetSpec>
{
    /// <summary>The kind name.</summary>
    public const string KindName = "NetworkSet";

    /// <summary>Creates an empty NetworkSet.</summary>
    public NetworkSet()
        : base(ApiGroups.ProjectCalicoV3, KindName)
    {
    }
}
