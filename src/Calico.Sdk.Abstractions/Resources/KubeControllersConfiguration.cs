using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>kube-controllers settings, a singleton named <c>default</c>.</summary>
public sealed class KubeControllersConfiguration : Resource<KubeControllersConfigurationSpec>
{
    /// <summary>The kind name.</summary>
    public const string KindName = "KubeControllersConfiguration";

    /// <summary>Creates an empty KubeControllersConfiguration.</summary>
    public KubeControllersConfiguration()
        : base(ApiGroups.ProjectCalicoV3, KindName)
    {
    }

    /// <summary>The observed state, written by Calico components.</summary>
    [JsonPropertyName("status")]
    [JsonPropertyOrder(1)]
    public KubeControllersConfigurationStatus? Status { get; set; }
}
