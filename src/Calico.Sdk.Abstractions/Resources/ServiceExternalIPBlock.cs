using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>A Service external-IP range to advertise.</summary>
public sealed class ServiceExternalIPBlock
{
    /// <summary>The CIDR.</summary>
    [JsonPropertyName("cidr")]
    public string? Cidr { get; set; }
}
