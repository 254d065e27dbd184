using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>A reference to a key of a Kubernetes Secret.</summary>
public sealed class SecretKeySelector
{
    /// <summary>The secret's name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>The key inside the secret.</summary>
    [JsonPropertyName("key")]
    public string? Key { get; set; }

    /// <summary>Whether the secret or key may be missing.</summary>
    [JsonPropertyName("optional")]
    public bool? Optional { get; set; }
}
