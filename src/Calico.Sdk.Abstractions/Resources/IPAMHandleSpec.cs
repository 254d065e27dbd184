using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>The spec of <see cref="IPAMHandle"/>.</summary>
public sealed class IPAMHandleSpec
{
    /// <summary>The handle id, e.g. <c>k8s-pod-network.&lt;containerID&gt;</c>.</summary>
    [JsonPropertyName("handleID")]
    public string? HandleId { get; set; }

    /// <summary>The number of this handle's allocations per block CIDR.</summary>
    [JsonPropertyName("block")]
    public IDictionary<string, int>? Block { get; set; }

    /// <summary>Soft-delete marker.</summary>
    [JsonPropertyName("deleted")]
    public bool? Deleted { get; set; }
}
