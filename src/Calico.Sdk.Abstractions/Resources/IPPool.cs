using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>A range of addresses that IPAM allocates workload and tunnel addresses from.</summary>
public sealed class IPPool : Resource<IPPoolSpec>
{
    /// <summary>The kind name.</summary>
    public const string KindName = "IPPool";

    /// <summary>Creates an empty IPPool.</summary>
    public IPPool()
        : base(ApiGroups.ProjectCalicoV3, KindName)
    {
    }

    /// <summary>The observed state, written by Calico components.</summary>
    [JsonPropertyName("status")]
    [JsonPropertyOrder(1)]
    public IPPoolStatus? Status { get; set; }
}
