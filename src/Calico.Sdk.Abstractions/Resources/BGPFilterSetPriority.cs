using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>Sets a route's priority.</summary>
public sealed class BGPFilterSetPriority
{
    /// <summary>The priority.</summary>
    [JsonPropertyName("value")]
    public int? Value { get; set; }
}
