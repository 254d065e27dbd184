namespace Calico.Sdk.Resources;

/// <summary>Felix settings: <c>default</c> for the cluster, <c>node.&lt;name&gt;</c> per node.</summary>
public sealed class FelixConfiguration : Resource<FelixConfigurationSpec>
{
    /// <summary>The kind name.</summary>
    public const string KindName = "FelixConfiguration";

    /// <summary>Creates an empty FelixConfiguration.</summary>
    public FelixConfiguration()
        : base(ApiGroups.ProjectCalicoV3, KindName)
    {
    }
}
