using System.Text.Json.Serialization;

namespace Calico.Sdk.Resources;

/// <summary>The spec of <see cref="Node"/>.</summary>
public sealed class NodeSpec
{
    /// <summary>BGP settings; absent when the node runs no BGP.</summary>
    [JsonPropertyName("bgp")]
    public NodeBgpSpec? Bgp { get; set; }

    /// <summary>The IPv4 VXLAN tunnel address.</summary>
    [JsonPropertyName("ipv4VXLANTunnelAddr")]
    public string? IPv4VxlanTunnelAddr { get; set; }

    /// <summary>The MAC of the IPv4 VXLAN device.</summary>
    [JsonPropertyName("vxlanTunnelMACAddr")]
    public string? VxlanTunnelMacAddr { get; set; }

    /// <summary>The IPv6 VXLAN tunnel address.</summary>
    [JsonPropertyName("ipv6VXLANTunnelAddr")]
    public string? IPv6VxlanTunnelAddr { get; set; }

    /// <summary>The MAC of the IPv6 VXLAN device.</summary>
    [JsonPropertyName("vxlanTunnelMACAddrV6")]
    public string? VxlanTunnelMacAddrV6 { get; set; }

    /// <summary>The orchestrators' names of this node.</summary>
    [JsonPropertyName("orchRefs")]
    public IList<OrchRef>? OrchRefs { get; set; }

    /// <summary>WireGuard settings.</summary>
    [JsonPropertyName("wireguard")]
    public NodeWireguardSpec? Wireguard { get; set; }

    /// <summary>The node's addresses.</summary>
    [JsonPropertyName("addresses")]
    public IList<NodeAddress>? Addresses { get; set; }

    /// <summary>The node's interfaces and their addresses.</summary>
    [JsonPropertyName("interfaces")]
    public IList<NodeInterface>? Interfaces { get; set; }
}
