using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>The owner attributes of one allocation inside an <see cref="IPAMBlock"/>.</summary>
public sealed class AllocationAttribute
{
    /// <summary>The handle that owns the allocation.</summary>
    [JsonPropertyName("handle_id")]
    public string? HandleId { get; set; }

    /// <summary>The active owner's attributes, e.g. <c>node</c>, <c>pod</c>, <c>namespace</c>.</summary>
    [JsonPropertyName("secondary")]
    public IDictionary<string, string>? Secondary { get; set; }

    /// <summary>Attributes of an alternate owner (e.g. the target of a live migration).</summary>
    [JsonPropertyName("alternateOwnerAttrs")]
    public IDictionary<string, string>? AlternateOwnerAttrs { get; set; }

    /// <summary>When the allocation was released, for cool-down (RFC 3339).</summary>
    [JsonPropertyName("releasedAt")]
    public string? ReleasedAt { get; set; }
}
