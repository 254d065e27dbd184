using System.Net.NetworkInformation;

namespace Calico.Sdk.Linux;

/// <summary>A link as the kernel reports it (<c>ip -d link show</c>).</summary>
public sealed record LinkInfo
{
    /// <summary>The ifindex.</summary>
    public required int Index { get; init; }

    /// <summary>The interface name.</summary>
    public required string Name { get; init; }

    /// <summary>The IFLA_INFO_KIND (veth, vxlan, bridge, ifb, ...), or null for devices without one (lo, physical).</summary>
    public string? Kind { get; init; }

    /// <summary>The IFF_* flags.</summary>
    public uint Flags { get; init; }

    /// <summary>Administratively up (IFF_UP).</summary>
    public bool IsUp => (Flags & 0x1) != 0;

    /// <summary>Carrier present (IFF_LOWER_UP).</summary>
    public bool HasCarrier => (Flags & 0x10000) != 0;

    /// <summary>The MTU.</summary>
    public int Mtu { get; init; }

    /// <summary>The hardware address, or null.</summary>
    public PhysicalAddress? MacAddress { get; init; }

    /// <summary>The master's ifindex (bridge), or 0.</summary>
    public int MasterIndex { get; init; }

    /// <summary>IFLA_LINK: for a veth the peer's ifindex (in <see cref="LinkNetnsId"/>'s namespace when set), or 0.</summary>
    public int LinkIndex { get; init; }

    /// <summary>The peer namespace id (IFLA_LINK_NETNSID) when the peer lives in another namespace, or null.</summary>
    public int? LinkNetnsId { get; init; }

    /// <summary>The RFC 2863 operational state (IF_OPER_*: 2 down, 6 up, 0 unknown).</summary>
    public byte OperationalState { get; init; }

    /// <summary>For a vxlan device: its VNI, port, local address and learning flag; otherwise null.</summary>
    public VxlanLink? Vxlan { get; init; }
}
