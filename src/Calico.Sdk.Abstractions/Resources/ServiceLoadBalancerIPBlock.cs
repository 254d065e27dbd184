using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>A Service load-balancer IP range to advertise.</summary>
public sealed class ServiceLoadBalancerIPBlock
{
    /// <summary>The CIDR.</summary>
    [JsonPropertyName("cidr")]
    public string? Cidr { get; set; }
}
