using System.Net;

namespace Calico.Sdk.Linux.Routing;

/// <summary>Finds a node's underlay device: the link that holds the node's address (Felix's VXLAN parent device).</summary>
public static class Underlay
{
    /// <summary>The device holding <paramref name="nodeAddress"/> and the subnet of that address.</summary>
    /// <param name="netlink">A connection in the node's namespace.</param>
    /// <param name="nodeAddress">The node's underlay address.</param>
    /// <returns>The device and subnet.</returns>
    /// <exception cref="InvalidOperationException">No device holds the address.</exception>
    public static UnderlayLink Find(NetlinkRoute netlink, IPAddress nodeAddress)
    {
        ArgumentNullException.ThrowIfNull(netlink);
        ArgumentNullException.ThrowIfNull(nodeAddress);
        var holder = netlink.GetAddresses(nodeAddress.AddressFamily).FirstOrDefault(a => a.Address.Equals(nodeAddress))
            ?? throw new InvalidOperationException($"no interface holds the node address {nodeAddress}: cannot find the underlay device");
        var link = netlink.GetLink(holder.InterfaceIndex)
            ?? throw new InvalidOperationException($"the interface #{holder.InterfaceIndex} holding {nodeAddress} vanished");
        return new UnderlayLink(link, SubnetOf(nodeAddress, holder.PrefixLength));
    }

    /// <summary>The network of <paramref name="address"/> with its host bits cleared.</summary>
    /// <param name="address">An address.</param>
    /// <param name="prefixLength">The prefix length.</param>
    /// <returns>The subnet.</returns>
    public static IPNetwork SubnetOf(IPAddress address, int prefixLength)
    {
        ArgumentNullException.ThrowIfNull(address);
        var bytes = address.GetAddressBytes();
        ArgumentOutOfRangeException.ThrowIfNegative(prefixLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefixLength, bytes.Length * 8);
        for (var bit = prefixLength; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return new IPNetwork(new IPAddress(bytes), prefixLength);
    }
}
