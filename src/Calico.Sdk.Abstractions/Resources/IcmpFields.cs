using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>An ICMP type/code match.</summary>
public sealed class IcmpFields
{
    /// <summary>The ICMP type (0–254).</summary>
    [JsonPropertyName("type")]
    public int? Type { get; set; }

    /// <summary>The ICMP code (0–255); requires a type.</summary>
    [JsonPropertyName("code")]
    public int? Code { get; set; }
}
