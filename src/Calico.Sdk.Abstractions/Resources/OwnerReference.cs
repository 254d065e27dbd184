using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>A reference to an object that owns a resource.</summary>
public sealed class OwnerReference
{
    /// <summary>The owner's group/version.</summary>
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; }

    /// <summary>The owner's kind.</summary>
    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    /// <summary>The owner's name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>The owner's uid.</summary>
    [JsonPropertyName("uid")]
    public string? Uid { get; set; }

    /// <summary>Whether the owner is the managing controller.</summary>
    [JsonPropertyName("controller")]
    public bool? Controller { get; set; }

    /// <summary>Whether the owner cannot be deleted before this object.</summary>
    [JsonPropertyName("blockOwnerDeletion")]
    public bool? BlockOwnerDeletion { get; set; }
}
