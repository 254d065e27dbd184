using System.Text.Json.Serialization;

namespace Calico.Datastore.Etcd.Layout;

/// <summary>
/// Metadata of an IPAM object that Calico's v2 values have no field for (uid, creation time, labels, annotations).
/// Kept under an extra <c>metadata</c> field, which Calico's readers ignore.
/// </summary>
internal sealed class StashedMetadata
{
    [JsonPropertyName("uid")]
    public string? Uid { get; set; }

    [JsonPropertyName("creationTimestamp")]
    public string? CreationTimestamp { get; set; }

    [JsonPropertyName("labels")]
    public IDictionary<string, string>? Labels { get; set; }

    [JsonPropertyName("annotations")]
    public IDictionary<string, string>? Annotations { get; set; }
}

/// <summary>The value at <c>/calico/ipam/v2/assignment/ipvN/block/&lt;cidr&gt;</c> (libcalico-go AllocationBlock).</summary>
internal sealed class V2Block
{
    [JsonPropertyName("cidr")]
    public string? Cidr { get; set; }

    [JsonPropertyName("affinity")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Affinity { get; set; }

    [JsonPropertyName("affinityClaimTime")]
    public string? AffinityClaimTime { get; set; }

    [JsonPropertyName("strictAffinity")]
    public bool? StrictAffinity { get; set; }

    [JsonPropertyName("allocations")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public IList<int?>? Allocations { get; set; }

    [JsonPropertyName("unallocated")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public IList<int>? Unallocated { get; set; }

    [JsonPropertyName("attributes")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public IList<V2Attribute>? Attributes { get; set; }

    [JsonPropertyName("sequenceNumber")]
    public ulong SequenceNumber { get; set; }

    [JsonPropertyName("sequenceNumberForAllocation")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public IDictionary<string, ulong>? SequenceNumberForAllocation { get; set; }

    [JsonPropertyName("deleted")]
    public bool Deleted { get; set; }

    [JsonPropertyName("metadata")]
    public StashedMetadata? Metadata { get; set; }
}

/// <summary>One entry of a block's <c>attributes</c>.</summary>
internal sealed class V2Attribute
{
    [JsonPropertyName("handle_id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? HandleId { get; set; }

    [JsonPropertyName("secondary")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public IDictionary<string, string>? Secondary { get; set; }

    [JsonPropertyName("alternateOwnerAttrs")]
    public IDictionary<string, string>? AlternateOwnerAttrs { get; set; }

    [JsonPropertyName("releasedAt")]
    public string? ReleasedAt { get; set; }
}

/// <summary>The value at <c>/calico/ipam/v2/host/&lt;node&gt;/ipvN/block/&lt;cidr&gt;</c>.</summary>
internal sealed class V2Affinity
{
    [JsonPropertyName("state")]
    public string? State { get; set; }

    [JsonPropertyName("deleted")]
    public bool Deleted { get; set; }

    [JsonPropertyName("metadata")]
    public StashedMetadata? Metadata { get; set; }
}

/// <summary>The value at <c>/calico/ipam/v2/handle/&lt;handle&gt;</c>.</summary>
internal sealed class V2Handle
{
    [JsonPropertyName("block")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public IDictionary<string, int>? Block { get; set; }

    [JsonPropertyName("deleted")]
    public bool Deleted { get; set; }

    [JsonPropertyName("metadata")]
    public StashedMetadata? Metadata { get; set; }
}

/// <summary>The value at <c>/calico/ipam/v2/config</c> (Calico's field names, including its snake_case ones).</summary>
internal sealed class V2Config
{
    [JsonPropertyName("strict_affinity")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool StrictAffinity { get; set; }

    [JsonPropertyName("auto_allocate_blocks")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool AutoAllocateBlocks { get; set; }

    [JsonPropertyName("maxBlocksPerHost")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int MaxBlocksPerHost { get; set; }

    [JsonPropertyName("kubeVirtVMAddressPersistence")]
    public string? KubeVirtVmAddressPersistence { get; set; }

    [JsonPropertyName("ipCooldownSeconds")]
    public int? IpCooldownSeconds { get; set; }

    [JsonPropertyName("metadata")]
    public StashedMetadata? Metadata { get; set; }
}

/// <summary>Source-generated JSON for the v2 values (no reflection, AOT-safe); unknown fields are ignored, as
/// Calico's own readers do.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(V2Block))]
[JsonSerializable(typeof(V2Affinity))]
[JsonSerializable(typeof(V2Handle))]
[JsonSerializable(typeof(V2Config))]
internal sealed partial class IpamV2JsonContext : JsonSerializerContext
{
}
