using System.Net;

namespace Calico.Sdk.Routing;

/// <summary>A node as routing needs to know it.</summary>
/// <param name="Name">The node name.</param>
/// <param name="IPv4Address">The node's underlay IPv4 address, if any.</param>
/// <param name="IPv6Address">The node's underlay IPv6 address, if any.</param>
public sealed record RoutingNode(string Name, IPAddress? IPv4Address, IPAddress? IPv6Address)
{
    /// <summary>The underlay IPv4 subnet (used to decide CrossSubnet encapsulation).</summary>
    public IPNetwork? IPv4Subnet { get; init; }

    /// <summary>The node's IPv4 VXLAN tunnel (VTEP) address.</summary>
    public IPAddress? VxlanTunnelAddress { get; init; }

    /// <summary>The MAC address of the node's VXLAN device.</summary>
    public string? VxlanTunnelMac { get; init; }

    /// <summary>The node's IPv6 VXLAN tunnel address.</summary>
    public IPAddress? VxlanTunnelAddressV6 { get; init; }

    /// <summary>The MAC address of the node's IPv6 VXLAN device.</summary>
    public string? VxlanTunnelMacV6 { get; init; }

    /// <summary>The node's IPIP tunnel address.</summary>
    public IPAddress? IpipTunnelAddress { get; init; }
}
