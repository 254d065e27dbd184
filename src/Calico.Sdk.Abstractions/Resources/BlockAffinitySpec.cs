using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>The spec of <see cref="BlockAffinity"/>.</summary>
public sealed class BlockAffinitySpec
{
    /// <summary><c>pending</c>, <c>confirmed</c> or <c>pendingDeletion</c>.</summary>
    [JsonPropertyName("state")]
    public string? State { get; set; }

    /// <summary>The node (or virtual owner) that the block is affine to.</summary>
    [JsonPropertyName("node")]
    public string? Node { get; set; }

    /// <summary><c>host</c> (default) or <c>virtual</c>.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    /// <summary>The block's CIDR.</summary>
    [JsonPropertyName("cidr")]
    public string? Cidr { get; set; }

    /// <summary>Soft-delete marker.</summary>
    [JsonPropertyName("deleted")]
    public bool? Deleted { get; set; }
}
