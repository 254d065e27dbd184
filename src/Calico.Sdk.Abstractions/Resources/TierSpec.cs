using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>The spec of <see cref="Tier"/>.</summary>
public sealed class TierSpec
{
    /// <summary>The tier's position; lower first, <see langword="null"/> after every number.</summary>
    [JsonPropertyName("order")]
    public double? Order { get; set; }

    /// <summary>What happens to traffic that reaches the end of the tier: <c>Deny</c> (default) or <c>Pass</c>.</summary>
    [JsonPropertyName("defaultAction")]
    public string? DefaultAction { get; set; }
}
