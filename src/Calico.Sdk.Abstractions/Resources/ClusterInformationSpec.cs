using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>The spec of <see cref="ClusterInformation"/>.</summary>
public sealed class ClusterInformationSpec
{
    /// <summary>A random id of the cluster: 32 lower-case hex characters, set once at first initialisation.</summary>
    [JsonPropertyName("clusterGUID")]
    public string? ClusterGuid { get; set; }

    /// <summary>What the cluster is, e.g. <c>k8s,bgp</c>.</summary>
    [JsonPropertyName("clusterType")]
    public string? ClusterType { get; set; }

    /// <summary>The version of Calico that last initialised the datastore.</summary>
    [JsonPropertyName("calicoVersion")]
    public string? CalicoVersion { get; set; }

    /// <summary>Whether the datastore is ready; CNI plugins refuse work while it is <see langword="false"/>.</summary>
    [JsonPropertyName("datastoreReady")]
    public bool? DatastoreReady { get; set; }

    /// <summary>The product variant, <c>Calico</c>.</summary>
    [JsonPropertyName("variant")]
    public string? Variant { get; set; }
}
