using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>Communities attached to an exported prefix.</summary>
public sealed class PrefixAdvertisement
{
    /// <summary>The prefix.</summary>
    [JsonPropertyName("cidr")]
    public string? Cidr { get; set; }

    /// <summary>Community names or values.</summary>
    [JsonPropertyName("communities")]
    public IList<string>? Communities { get; set; }
}
