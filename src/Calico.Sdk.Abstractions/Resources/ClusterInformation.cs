using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>Cluster-wide information, a singleton named <c>default</c> created when the datastore is initialised.</summary>
public sealed class ClusterInformation : Resource<ClusterInformationSpec>
{
    /// <summary>The kind name.</summary>
    public const string KindName = "ClusterInformation";

    /// <summary>Creates an empty ClusterInformation.</summary>
    public ClusterInformation()
        : base(ApiGroups.ProjectCalicoV3, KindName)
    {
    }
}
