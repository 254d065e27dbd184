using System.Net;
using System.Net.Sockets;
using Calico.Sdk.Routing;

namespace Calico.Sdk.Linux.Routing;

/// <summary>
/// Tunnel MTUs as Felix computes them when <c>vxlanMTU</c> / <c>ipipMTU</c> are 0 (auto): the underlay device's MTU
/// minus the encapsulation overhead. The node agent writes the result for the CNI plugin (pod veth MTU) and the
/// routers set it on their tunnel device.
/// </summary>
public static class TunnelMtu
{
    /// <summary>Bytes VXLAN over IPv4 adds: outer IPv4 (20) + UDP (8) + VXLAN (8) + inner Ethernet (14).</summary>
    public const int VxlanOverhead = 50;

    /// <summary>Bytes VXLAN over IPv6 adds: outer IPv6 (40) + UDP (8) + VXLAN (8) + inner Ethernet (14).</summary>
    public const int VxlanV6Overhead = 70;

    /// <summary>Bytes IP-in-IP adds: the outer IPv4 header.</summary>
    public const int IpipOverhead = 20;

    /// <summary>The smallest MTU an IPv4 link must carry (RFC 791); IPv6 needs 1280.</summary>
    public const int MinimumIPv4Mtu = 68;

    /// <summary>The bytes an encapsulation adds per packet.</summary>
    /// <param name="encapsulation">The encapsulation.</param>
    /// <param name="underlayFamily">The family of the outer (underlay) header: VXLAN over IPv6 costs 70.</param>
    /// <returns>0 for <see cref="Encapsulation.None"/>, else the overhead.</returns>
    /// <exception cref="ArgumentException">IP-in-IP over IPv6 (Calico's IPIP is IPv4 only).</exception>
    public static int Overhead(Encapsulation encapsulation, AddressFamily underlayFamily = AddressFamily.InterNetwork)
    {
        var v6 = underlayFamily == AddressFamily.InterNetworkV6;
        return encapsulation switch
        {
            Encapsulation.None => 0,
            Encapsulation.VxlanAlways or Encapsulation.VxlanCrossSubnet => v6 ? VxlanV6Overhead : VxlanOverhead,
            Encapsulation.IpipAlways or Encapsulation.IpipCrossSubnet when !v6 => IpipOverhead,
            Encapsulation.IpipAlways or Encapsulation.IpipCrossSubnet =>
                throw new ArgumentException("IP-in-IP is IPv4 only: there is no IPIP MTU for an IPv6 underlay.", nameof(underlayFamily)),
            _ => throw new ArgumentOutOfRangeException(nameof(encapsulation), encapsulation, "unknown encapsulation"),
        };
    }

    /// <summary>The tunnel (and pod) MTU for an underlay MTU.</summary>
    /// <param name="underlayMtu">The underlay device's MTU.</param>
    /// <param name="encapsulation">The encapsulation.</param>
    /// <param name="underlayFamily">The underlay family.</param>
    /// <returns><paramref name="underlayMtu"/> minus <see cref="Overhead"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The result would be below the family's minimum MTU.</exception>
    public static int FromUnderlay(int underlayMtu, Encapsulation encapsulation, AddressFamily underlayFamily = AddressFamily.InterNetwork)
    {
        var mtu = underlayMtu - Overhead(encapsulation, underlayFamily);
        var minimum = underlayFamily == AddressFamily.InterNetworkV6 ? 1280 : MinimumIPv4Mtu;
        if (mtu < minimum)
        {
            throw new ArgumentOutOfRangeException(nameof(underlayMtu), underlayMtu,
                $"underlay MTU {underlayMtu} minus the {encapsulation} overhead leaves {mtu}, below the minimum of {minimum}");
        }

        return mtu;
    }

    /// <summary>The tunnel MTU for the device that holds <paramref name="nodeAddress"/> (the node's underlay address).</summary>
    /// <param name="netlink">A connection in the node's namespace.</param>
    /// <param name="nodeAddress">The node's underlay address.</param>
    /// <param name="encapsulation">The encapsulation.</param>
    /// <returns>The device's MTU minus the overhead.</returns>
    /// <exception cref="InvalidOperationException">No device holds the address.</exception>
    public static int FromUnderlay(NetlinkRoute netlink, IPAddress nodeAddress, Encapsulation encapsulation)
    {
        var device = Underlay.Find(netlink, nodeAddress).Link;
        return FromUnderlay(device.Mtu, encapsulation, nodeAddress.AddressFamily);
    }
}
