using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>Adds a community to a route.</summary>
public sealed class BGPFilterAddCommunity
{
    /// <summary>The community value.</summary>
    [JsonPropertyName("value")]
    public string? Value { get; set; }
}
