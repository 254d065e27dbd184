using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>A Service cluster-IP range to advertise.</summary>
public sealed class ServiceClusterIPBlock
{
    /// <summary>The CIDR.</summary>
    [JsonPropertyName("cidr")]
    public string? Cidr { get; set; }
}
