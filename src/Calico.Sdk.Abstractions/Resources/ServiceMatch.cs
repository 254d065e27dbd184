using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>A match on a Kubernetes Service.</summary>
public sealed class ServiceMatch
{
    /// <summary>The service name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>The service namespace; required in global policies.</summary>
    [JsonPropertyName("namespace")]
    public string? Namespace { get; set; }
}
