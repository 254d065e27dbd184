using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>The WireGuard settings of a <see cref="Node"/>.</summary>
public sealed class NodeWireguardSpec
{
    /// <summary>The IPv4 address of the WireGuard interface.</summary>
    [JsonPropertyName("interfaceIPv4Address")]
    public string? IPv4InterfaceAddress { get; set; }

    /// <summary>The IPv6 address of the WireGuard interface.</summary>
    [JsonPropertyName("interfaceIPv6Address")]
    public string? IPv6InterfaceAddress { get; set; }
}
