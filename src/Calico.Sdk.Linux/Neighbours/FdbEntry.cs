using System.Net;
using System.Net.NetworkInformation;

namespace Calico.Sdk.Linux;

/// <summary>
/// A bridge forwarding database entry (<c>bridge fdb add|append|replace MAC dev DEV dst IP [vni N] [port P] self
/// permanent</c>). For a VXLAN device it maps a remote MAC to the VTEP <see cref="Destination"/> (NDA_DST); the
/// all-zero MAC with <see cref="NetlinkRoute.AppendFdbEntry"/> adds a flooding destination.
/// </summary>
/// <param name="InterfaceIndex">The ifindex of the vxlan (or bridge port) device.</param>
/// <param name="MacAddress">The MAC address.</param>
public sealed record FdbEntry(int InterfaceIndex, PhysicalAddress MacAddress)
{
    /// <summary>The remote VTEP address (NDA_DST), or null.</summary>
    public IPAddress? Destination { get; init; }

    /// <summary>The VNI to use towards this destination (NDA_VNI), or null for the device's.</summary>
    public uint? Vni { get; init; }

    /// <summary>The UDP port (NDA_PORT), or null for the device's.</summary>
    public ushort? Port { get; init; }

    /// <summary>Permanent (NUD_PERMANENT) rather than static.</summary>
    public bool Permanent { get; init; } = true;

    /// <summary>Program the device's own table (NTF_SELF, iproute2's default) rather than the master bridge's.</summary>
    public bool Self { get; init; } = true;

    /// <inheritdoc />
    public override string ToString() => $"{MacAddress} dev #{InterfaceIndex}{(Destination is null ? string.Empty : " dst " + Destination)}";
}
