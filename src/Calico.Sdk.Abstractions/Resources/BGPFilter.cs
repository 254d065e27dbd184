namespace Calico.Sdk.Resources;

/// <summary>Ordered import and export rules for BGP routes.</summary>
public sealed class BGPFilter : Resource<BGPFilterSpec>
{
    /// <summary>The kind name.</summary>
    public const string KindName = "BGPFilter";

    /// <summary>Creates an empty BGPFilter.</summary>
    public BGPFilter()
        : base(ApiGroups.ProjectCalicoV3, KindName)
    {
    }
}
