using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>A named BGP community.</summary>
public sealed class Community
{
    /// <summary>The name referenced by prefix advertisements.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary><c>aa:nn</c> (standard) or <c>aa:nn:mm</c> (large).</summary>
    [JsonPropertyName("value")]
    public string? Value { get; set; }
}
