namespace Calico.Sdk.Resources;

/// <summary>BGP settings: <c>default</c> for the cluster, <c>node.&lt;name&gt;</c> per node.</summary>
public sealed class BGPConfiguration : Resource<BGPConfigurationSpec>
{
    /// <summary>The kind name.</summary>
    public const string KindName = "BGPConfiguration";

    /// <summary>Creates an empty BGPConfiguration.</summary>
    public BGPConfiguration()
        : base(ApiGroups.ProjectCalicoV3, KindName)
    {
    }
}
