using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>The BGP settings of a <see cref="Node"/>.</summary>
public sealed class NodeBgpSpec
{
    /// <summary>The node's AS number; the global one when unset.</summary>
    [JsonPropertyName("asNumber")]
    public AsNumber? AsNumber { get; set; }

    /// <summary>The node's IPv4 address with prefix length, e.g. <c>10.0.0.1/24</c>.</summary>
    [JsonPropertyName("ipv4Address")]
    public string? IPv4Address { get; set; }

    /// <summary>The node's IPv6 address with prefix length.</summary>
    [JsonPropertyName("ipv6Address")]
    public string? IPv6Address { get; set; }

    /// <summary>The node's IP-in-IP tunnel address.</summary>
    [JsonPropertyName("ipv4IPIPTunnelAddr")]
    public string? IPv4IpipTunnelAddr { get; set; }

    /// <summary>Set on route reflectors: the cluster id, in IPv4 form.</summary>
    [JsonPropertyName("routeReflectorClusterID")]
    public string? RouteReflectorClusterId { get; set; }
}
