using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>The spec of <see cref="IPAMBlock"/>.</summary>
public sealed class IPAMBlockSpec
{
    /// <summary>The block's CIDR.</summary>
    [JsonPropertyName("cidr")]
    public string? Cidr { get; set; }

    /// <summary><c>host:&lt;node&gt;</c> or <c>virtual:&lt;name&gt;</c>; <see langword="null"/> when unaffine.</summary>
    [JsonPropertyName("affinity")]
    public string? Affinity { get; set; }

    /// <summary>When the affinity was claimed (RFC 3339).</summary>
    [JsonPropertyName("affinityClaimTime")]
    public string? AffinityClaimTime { get; set; }

    /// <summary>Deprecated and ignored.</summary>
    [JsonPropertyName("strictAffinity")]
    public bool? StrictAffinity { get; set; }

    /// <summary>One slot per ordinal: the index into <see cref="Attributes"/>, or <see langword="null"/> when free.</summary>
    [JsonPropertyName("allocations")]
    public IList<int?>? Allocations { get; set; }

    /// <summary>Free ordinals, in the order they will be handed out.</summary>
    [JsonPropertyName("unallocated")]
    public IList<int>? Unallocated { get; set; }

    /// <summary>Owner attributes referenced from <see cref="Allocations"/>.</summary>
    [JsonPropertyName("attributes")]
    public IList<AllocationAttribute>? Attributes { get; set; }

    /// <summary>Bumped on every write of the block.</summary>
    [JsonPropertyName("sequenceNumber")]
    public ulong? SequenceNumber { get; set; }

    /// <summary>The sequence number at which each ordinal (as a string) was allocated.</summary>
    [JsonPropertyName("sequenceNumberForAllocation")]
    public IDictionary<string, ulong>? SequenceNumberForAllocation { get; set; }

    /// <summary>Soft-delete marker; readers ignore deleted blocks.</summary>
    [JsonPropertyName("deleted")]
    public bool? Deleted { get; set; }
}
