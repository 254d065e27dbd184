using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>The load-balancer controller's settings.</summary>
public sealed class LoadBalancerControllerConfig
{
    /// <summary><c>AllServices</c> or <c>RequestedServicesOnly</c>.</summary>
    [JsonPropertyName("assignIPs")]
    public string? AssignIPs { get; set; }
}
